import { createHash } from 'node:crypto';
import { Duration, RemovalPolicy, SecretValue, Stack, Token } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { acknowledge } from '../nag.ts';
import type { IdentityProviderSetting } from '../settings.ts';

/** The roles (README, "People"), each a Cognito group `role:<role>` (the access token's `cognito:groups`). */
export const ROLES = ['agent', 'lead', 'incident_manager', 'admin'] as const;
export const roleGroup = (role: (typeof ROLES)[number]): string => `role:${role}`;
/** A brand scope as a group; `brand:*` is every brand. */
export const brandGroup = (brandId: string): string => `brand:${brandId}`;
export const ALL_BRANDS_GROUP = brandGroup('*');

/** The console's app client: its name and the paths under a base URL it may return to. */
export const CONSOLE_CLIENT_NAME = 'wecare-console';
export const CONSOLE_CALLBACK_PATH = '/console/callback';
export const CONSOLE_LOGOUT_PATH = '/console';
/** Token lifetimes of the console client: short access, a working day of refresh. */
export const TOKEN_VALIDITY = { access: Duration.minutes(15), id: Duration.minutes(15), refresh: Duration.hours(12) } as const;
export const PASSWORD_MIN_LENGTH = 12;

export interface SignInProps {
  /** Physical-name prefix (`wecare-`): the default domain prefix is `<prefix><account>`. */
  prefix: string;
  /** Brand ids of the bundled config: one `brand:<id>` group each. */
  brandIds: string[];
  /** Hosted domain prefix (`wecare:authDomainPrefix`); globally unique per region. */
  domainPrefix?: string;
  identityProviders: IdentityProviderSetting[];
}

/**
 * The people who work wecare sign in here: a Cognito user pool (no self sign-up, e-mail as the
 * user name, strong passwords, optional TOTP MFA, threat protection), a group per role and per
 * brand, the hosted sign-in domain and any company IdP federated into it. Stateful: retained, with
 * deletion protection. The console's app client lives in the stateless stack (`ConsoleClient`),
 * beside the URLs it returns to.
 */
export class SignIn extends Construct {
  readonly userPool: cognito.UserPool;
  readonly domain: cognito.UserPoolDomain;
  /** Provider names the console client offers besides the pool's own users. */
  readonly identityProviders: string[];
  readonly groups: string[];

  constructor(scope: Construct, id: string, props: SignInProps) {
    super(scope, id);
    this.userPool = new cognito.UserPool(this, 'Users', {
      userPoolName: `${props.prefix}users`,
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      keepOriginal: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      passwordPolicy: {
        minLength: PASSWORD_MIN_LENGTH,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      // Plus: compromised-credential checks and adaptive (risk-based) authentication, enforced.
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(
      this.userPool,
      'AwsSolutions-COG2',
      'MFA is optional (TOTP): federated users meet their company IdP\'s MFA policy there, pool users can enrol TOTP and threat protection (Plus, enforced) asks risky sign-ins for a second factor.',
    );

    this.groups = [...ROLES.map(roleGroup), ...props.brandIds.map(brandGroup), ALL_BRANDS_GROUP];
    for (const groupName of this.groups) {
      const description = groupName.startsWith('role:')
        ? `wecare role ${groupName.slice('role:'.length)}`
        : groupName === ALL_BRANDS_GROUP
          ? 'wecare: every brand'
          : `wecare brand ${groupName.slice('brand:'.length)}`;
      // A group's logical id depends on its name only: adding a brand never replaces (empties) another's group.
      const hash = createHash('sha256').update(groupName).digest('hex').slice(0, 8);
      new cognito.CfnUserPoolGroup(this, `Group${groupName.replace(/[^A-Za-z0-9]/g, '')}${hash}`, {
        userPoolId: this.userPool.userPoolId,
        groupName,
        description,
      });
    }

    const account = Stack.of(this).account;
    const domainPrefix = props.domainPrefix ?? `${props.prefix.toLowerCase().replace(/[^a-z0-9-]/g, '-')}${Token.isUnresolved(account) ? account : account.toLowerCase()}`;
    this.domain = this.userPool.addDomain('Domain', { cognitoDomain: { domainPrefix } });

    // Plain names, not Refs: the stateless client names them without a cross-stack export to unwind.
    for (const idp of props.identityProviders) this.federate(idp);
    this.identityProviders = props.identityProviders.map((idp) => idp.name);
  }

  /** The pool's issuer (`iss` of its tokens): `https://cognito-idp.<region>.amazonaws.com/<poolId>`. */
  get issuer(): string {
    const stack = Stack.of(this.userPool);
    return `https://cognito-idp.${stack.region}.${stack.urlSuffix}/${this.userPool.userPoolId}`;
  }

  private federate(idp: IdentityProviderSetting): cognito.UserPoolIdentityProviderOidc | cognito.UserPoolIdentityProviderSaml {
    if (idp.type === 'oidc') {
      const secret = SecretValue.secretsManager(idp.clientSecret.secret, idp.clientSecret.jsonField ? { jsonField: idp.clientSecret.jsonField } : {});
      return new cognito.UserPoolIdentityProviderOidc(this, `Idp${idp.name}`, {
        userPool: this.userPool,
        name: idp.name,
        issuerUrl: idp.issuer,
        clientId: idp.clientId,
        // A {{resolve:secretsmanager:…}} reference: the template never holds the secret.
        clientSecret: secret.unsafeUnwrap(),
        scopes: idp.scopes ?? ['openid', 'email', 'profile'],
        attributeRequestMethod: cognito.OidcAttributeRequestMethod.GET,
        attributeMapping: {
          email: cognito.ProviderAttribute.other('email'),
          fullname: cognito.ProviderAttribute.other('name'),
        },
      });
    }
    return new cognito.UserPoolIdentityProviderSaml(this, `Idp${idp.name}`, {
      userPool: this.userPool,
      name: idp.name,
      metadata: cognito.UserPoolIdentityProviderSamlMetadata.url(idp.metadataUrl),
      idpSignout: true,
      attributeMapping: {
        email: cognito.ProviderAttribute.other('http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress'),
        fullname: cognito.ProviderAttribute.other('http://schemas.microsoft.com/identity/claims/displayname'),
      },
    });
  }
}

export interface ConsoleClientProps {
  userPool: cognito.IUserPool;
  /** Federated provider names (SignIn.identityProviders) offered besides the pool's own users. */
  identityProviders: string[];
  /** Base URLs the console is served at: each gets `/console/callback` and `/console`. */
  baseUrls: string[];
}

/**
 * The console's app client `wecare-console`: a public client (no secret) with the authorization
 * code grant only (the console always sends a PKCE S256 challenge), scopes openid email profile,
 * no password or SRP flows (only refresh), 15 min access and 12 h refresh tokens, and no answer
 * that tells whether a user exists.
 */
export class ConsoleClient extends Construct {
  readonly client: cognito.UserPoolClient;

  constructor(scope: Construct, id: string, props: ConsoleClientProps) {
    super(scope, id);
    this.client = new cognito.UserPoolClient(this, 'Client', {
      userPool: props.userPool,
      userPoolClientName: CONSOLE_CLIENT_NAME,
      generateSecret: false,
      // Non-empty so ExplicitAuthFlows is set: only ALLOW_REFRESH_TOKEN_AUTH, no password or SRP sign-in.
      authFlows: { userSrp: false, userPassword: false, adminUserPassword: false, custom: false, user: false },
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: props.baseUrls.map((u) => `${u}${CONSOLE_CALLBACK_PATH}`),
        logoutUrls: props.baseUrls.map((u) => `${u}${CONSOLE_LOGOUT_PATH}`),
      },
      supportedIdentityProviders: [
        cognito.UserPoolClientIdentityProvider.COGNITO,
        ...props.identityProviders.map((name) => cognito.UserPoolClientIdentityProvider.custom(name)),
      ],
      accessTokenValidity: TOKEN_VALIDITY.access,
      idTokenValidity: TOKEN_VALIDITY.id,
      refreshTokenValidity: TOKEN_VALIDITY.refresh,
      enableTokenRevocation: true,
      preventUserExistenceErrors: true,
    });
  }
}
