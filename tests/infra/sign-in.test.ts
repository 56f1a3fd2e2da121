import { App } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_ROUTES } from '../../infra/constructs/api-function.ts';
import { ALL_BRANDS_GROUP, brandGroup, CONSOLE_CLIENT_NAME, PASSWORD_MIN_LENGTH, ROLES, roleGroup } from '../../infra/constructs/sign-in.ts';
import { settingsFrom, type Settings } from '../../infra/settings.ts';
import { functionsByName, resourcesOf, synthWecare } from './synth.ts';

/** Item 1 of issue 13 on AWS: the user pool, its groups and console client, or a deployer's issuer. */

let stateful: Template;
let stateless: Template;
let settings: Settings;
let statefulStackName: string;

beforeAll(() => {
  const s = synthWecare();
  stateful = s.statefulTemplate;
  stateless = s.statelessTemplate;
  settings = settingsFrom(s.app.node);
  statefulStackName = s.stateful.stackName;
});

const apiEnv = (t: Template) => functionsByName(t).get('api')!.props.Environment.Variables as Record<string, unknown>;
const poolId = () => Object.keys(resourcesOf(stateful, 'AWS::Cognito::UserPool'))[0]!;
/** A value the stateless stack imports from the stateful one (strong cross-stack reference). */
const importsFromStateful = (v: unknown) => JSON.stringify(v).includes('Fn::ImportValue') && JSON.stringify(v).includes(statefulStackName);

describe('user pool (stateful)', () => {
  it('is one retained pool with deletion protection, no self sign-up, e-mail as user name', () => {
    stateful.resourceCountIs('AWS::Cognito::UserPool', 1);
    stateful.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        DeletionProtection: 'ACTIVE',
        AdminCreateUserConfig: Match.objectLike({ AllowAdminCreateUserOnly: true }),
        UsernameAttributes: ['email'],
        AutoVerifiedAttributes: ['email'],
        AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
      }),
    });
  });

  it('requires strong passwords: at least 12 characters of every class', () => {
    expect(PASSWORD_MIN_LENGTH).toBeGreaterThanOrEqual(12);
    stateful.hasResourceProperties('AWS::Cognito::UserPool', {
      Policies: {
        PasswordPolicy: Match.objectLike({
          MinimumLength: PASSWORD_MIN_LENGTH,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        }),
      },
    });
  });

  it('offers TOTP MFA (optional, no SMS) and enforces threat protection on the Plus plan', () => {
    stateful.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'OPTIONAL',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
    });
  });

  it('has a group per role, per brand of the bundled config, and brand:*', () => {
    const names = Object.values(resourcesOf(stateful, 'AWS::Cognito::UserPoolGroup')).map((g) => {
      expect(g.Properties!.UserPoolId).toEqual({ Ref: poolId() });
      return g.Properties!.GroupName as string;
    });
    const expected = [...ROLES.map(roleGroup), ...settings.brands.all.map((b) => brandGroup(b.id)), ALL_BRANDS_GROUP];
    expect(names.sort()).toEqual(expected.sort());
    expect(names).toEqual(expect.arrayContaining(['role:agent', 'role:lead', 'role:incident_manager', 'role:admin', 'brand:*']));
    expect(settings.brands.all.length).toBeGreaterThan(0);
  });

  it('has a hosted sign-in domain derived from the prefix and account', () => {
    stateful.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      UserPoolId: { Ref: poolId() },
      Domain: { 'Fn::Join': ['', [settings.prefix, { Ref: 'AWS::AccountId' }]] },
    });
  });
});

describe('console app client (stateless)', () => {
  const client = () => {
    const clients = Object.values(resourcesOf(stateless, 'AWS::Cognito::UserPoolClient'));
    expect(clients).toHaveLength(1);
    return clients[0]!.Properties!;
  };

  it('is a public client (no secret) with the authorization code grant only', () => {
    const c = client();
    expect(c.ClientName).toBe(CONSOLE_CLIENT_NAME);
    expect(c.GenerateSecret ?? false).toBe(false);
    expect(c.AllowedOAuthFlowsUserPoolClient).toBe(true);
    expect(c.AllowedOAuthFlows).toEqual(['code']);
    expect([...c.AllowedOAuthScopes].sort()).toEqual(['email', 'openid', 'profile']);
    // No password, SRP or custom sign-in through the API: the hosted page and refresh only.
    expect(c.ExplicitAuthFlows).toEqual(['ALLOW_REFRESH_TOKEN_AUTH']);
    expect(c.SupportedIdentityProviders).toEqual(['COGNITO']);
    expect(c.PreventUserExistenceErrors).toBe('ENABLED');
    expect(c.EnableTokenRevocation).toBe(true);
    expect(importsFromStateful(c.UserPoolId)).toBe(true);
  });

  it('keeps access tokens 15 minutes and refresh tokens 12 hours', () => {
    const c = client();
    const minutes = (value: number, unit: string) => value * ({ minutes: 1, hours: 60, days: 1440 } as Record<string, number>)[unit]!;
    expect(minutes(c.AccessTokenValidity, c.TokenValidityUnits.AccessToken)).toBe(15);
    expect(minutes(c.IdTokenValidity, c.TokenValidityUnits.IdToken)).toBe(15);
    expect(minutes(c.RefreshTokenValidity, c.TokenValidityUnits.RefreshToken)).toBe(12 * 60);
  });

  it('returns to /console/callback and signs out to /console at PUBLIC_URL (the CloudFront URL) only', () => {
    const c = client();
    const publicUrl = apiEnv(stateless).PUBLIC_URL as { 'Fn::Join': ['', unknown[]] };
    expect(JSON.stringify(publicUrl)).toMatch(/StatusCdnDistribution.*DomainName/);
    // `<PUBLIC_URL>/console/callback` is the redirect_uri the api builds; the execute-api URL is none.
    const at = (path: string) => ({ 'Fn::Join': ['', [...publicUrl['Fn::Join'][1], path]] });
    expect(c.CallbackURLs).toEqual([at('/console/callback')]);
    expect(c.LogoutURLs).toEqual([at('/console')]);
  });

  it('routes /console and /console/* to the api function', () => {
    const keys = Object.values(resourcesOf(stateless, 'AWS::ApiGatewayV2::Route')).map((r) => r.Properties!.RouteKey);
    for (const r of CONSOLE_ROUTES) expect(keys).toContain(`${r.method} ${r.path}`);
  });

  it('gives the api function the pool as OIDC_ISSUER and the client id as OIDC_AUDIENCE and OIDC_CLIENT_ID', () => {
    const env = apiEnv(stateless);
    const issuer = JSON.stringify(env.OIDC_ISSUER);
    expect(issuer).toContain('https://cognito-idp.');
    expect(issuer).toContain('AWS::Region');
    expect(importsFromStateful(env.OIDC_ISSUER)).toBe(true);
    const clientId = Object.keys(resourcesOf(stateless, 'AWS::Cognito::UserPoolClient'))[0]!;
    expect(env.OIDC_AUDIENCE).toEqual({ Ref: clientId });
    // The console signs in as that client (the code's default `wecare-console` is not the pool's id).
    expect(env.OIDC_CLIENT_ID).toEqual({ Ref: clientId });
    stateless.hasOutput('ConsoleClientId', { Value: { Ref: clientId } });
  });
});

describe('a federated company IdP (wecare:identityProviders)', () => {
  let fed: { stateful: Template; stateless: Template };
  beforeAll(() => {
    const s = synthWecare({
      'wecare:authDomainPrefix': 'acme-webcare',
      'wecare:identityProviders': JSON.stringify([
        { type: 'oidc', name: 'Entra', issuer: 'https://login.microsoftonline.com/tenant-id/v2.0', clientId: 'entra-app-id', clientSecret: { secret: 'wecare-idp', jsonField: 'ENTRA_CLIENT_SECRET' } },
        { type: 'saml', name: 'Okta', metadataUrl: 'https://acme.okta.com/app/abc/sso/saml/metadata' },
      ]),
    });
    fed = { stateful: s.statefulTemplate, stateless: s.statelessTemplate };
  });

  it('federates OIDC (secret as a dynamic reference) and SAML into the pool, mapping e-mail', () => {
    fed.stateful.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'acme-webcare' });
    fed.stateful.hasResourceProperties('AWS::Cognito::UserPoolIdentityProvider', {
      ProviderName: 'Entra',
      ProviderType: 'OIDC',
      ProviderDetails: Match.objectLike({
        client_id: 'entra-app-id',
        client_secret: '{{resolve:secretsmanager:wecare-idp:SecretString:ENTRA_CLIENT_SECRET::}}',
        oidc_issuer: 'https://login.microsoftonline.com/tenant-id/v2.0',
        authorize_scopes: 'openid email profile',
      }),
      AttributeMapping: Match.objectLike({ email: 'email' }),
    });
    fed.stateful.hasResourceProperties('AWS::Cognito::UserPoolIdentityProvider', {
      ProviderName: 'Okta',
      ProviderType: 'SAML',
      ProviderDetails: Match.objectLike({ MetadataURL: 'https://acme.okta.com/app/abc/sso/saml/metadata' }),
      AttributeMapping: Match.objectLike({ email: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress' }),
    });
  });

  it('offers them on the console client beside the pool\'s own users', () => {
    fed.stateless.hasResourceProperties('AWS::Cognito::UserPoolClient', { SupportedIdentityProviders: ['COGNITO', 'Entra', 'Okta'] });
  });
});

describe('another issuer (wecare:oidcIssuer)', () => {
  let ext: { stateful: Template; stateless: Template };
  beforeAll(() => {
    const s = synthWecare({ 'wecare:oidcIssuer': 'https://login.example.com/tenant/', 'wecare:oidcAudience': 'api://wecare', 'wecare:oidcClientId': 'console-app-id' });
    ext = { stateful: s.statefulTemplate, stateless: s.statelessTemplate };
  });

  it('creates no user pool, group, domain or client', () => {
    for (const type of ['AWS::Cognito::UserPool', 'AWS::Cognito::UserPoolGroup', 'AWS::Cognito::UserPoolDomain']) ext.stateful.resourceCountIs(type, 0);
    ext.stateless.resourceCountIs('AWS::Cognito::UserPoolClient', 0);
  });

  it('gives the api function the given issuer, audience and console client id (default wecare-console)', () => {
    expect(apiEnv(ext.stateless)).toMatchObject({ OIDC_ISSUER: 'https://login.example.com/tenant/', OIDC_AUDIENCE: 'api://wecare', OIDC_CLIENT_ID: 'console-app-id' });
    const from = (context: Record<string, unknown>) => settingsFrom(new App({ context: { 'wecare:config': 'wecare.config.json', ...context } }).node).signIn;
    expect(from({ 'wecare:oidcIssuer': 'https://login.example.com', 'wecare:oidcAudience': 'x' })).toMatchObject({ kind: 'external', clientId: 'wecare-console' });
    expect(() => from({ 'wecare:oidcIssuer': 'https://login.example.com', 'wecare:oidcAudience': 'x', 'wecare:oidcClientId': 'a b' })).toThrow(/wecare:oidcClientId/);
  });

  it('refuses an issuer without an audience, or not https', () => {
    expect(() => synthWecare({ 'wecare:oidcIssuer': 'https://login.example.com' })).toThrow(/wecare:oidcAudience/);
    expect(() => synthWecare({ 'wecare:oidcIssuer': 'http://login.example.com', 'wecare:oidcAudience': 'x' })).toThrow(/https/);
  });
});
