import { Stack, type StackProps, CfnOutput } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { Broadcast } from './constructs/broadcast.ts';
import { FUNCTION_NAMES } from './constructs/capability.ts';
import { Flows } from './constructs/flows.ts';
import { WecareHttpApi } from './constructs/http-api.ts';
import { Ingest } from './constructs/ingest.ts';
import { Operations } from './constructs/operations.ts';
import { SmsSpendLimit } from './constructs/sms-spend-limit.ts';
import { StatusCdn } from './constructs/status-cdn.ts';
import { ApiFunction, type OidcTrust } from './constructs/api-function.ts';
import { ConsoleClient } from './constructs/sign-in.ts';
import { Triage } from './constructs/triage.ts';
import type { WecareFunction } from './constructs/wecare-function.ts';
import type { Settings } from './settings.ts';
import type { StatefulResources } from './stateful-stack.ts';

export interface StatelessStackProps extends StackProps {
  settings: Settings;
  resources: StatefulResources;
  /** SSM parameter (us-east-1) with the status web ACL's ARN (EdgeWafStack). */
  webAclParameter: string;
}

/** Code and wiring, redeployable at will: functions, HTTP API, event sources, schedule, alarms. */
export class StatelessStack extends Stack {
  readonly functions: WecareFunction[];
  readonly http: WecareHttpApi;
  readonly cdn: StatusCdn;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { settings, resources } = props;
    const unknown = settings.queues.filter((q) => !(FUNCTION_NAMES as readonly string[]).includes(q.fn));
    if (unknown.length) throw new Error(`queues with no deployed consumer: ${unknown.map((q) => `${q.name} → ${q.fn}`).join(', ')}`);

    // Functions get the config without channel credentials (those come from the outbound secret).
    const base = { configFile: settings.bundledConfigFile, resources };
    this.http = new WecareHttpApi(this, 'Http');
    this.cdn = new StatusCdn(this, 'StatusCdn', { http: this.http, originSecret: resources.secrets.origin, webAclParameter: props.webAclParameter });
    const publicUrl = this.cdn.url;
    const ingest = new Ingest(this, 'Ingest', { ...base, http: this.http, platformUrls: settings.platformUrls });
    const triage = new Triage(this, 'Triage', base);
    const flows = new Flows(this, 'Flows', { ...base, platformUrls: settings.platformUrls });
    const broadcast = new Broadcast(this, 'Broadcast', { ...base, platformUrls: settings.platformUrls, publicUrl });
    const oidc = this.oidcTrust(settings, resources, publicUrl);
    const status = new ApiFunction(this, 'Api', { ...base, http: this.http, platformUrls: settings.platformUrls, publicUrl, oidc });
    new SmsSpendLimit(this, 'SmsSpendLimit', { monthlyLimitUsd: settings.smsMonthlySpendLimit });

    this.functions = [ingest.fn, ingest.enrich, status.fn, triage.fn, flows.thankYou, flows.followUpSweep, broadcast.broadcast, broadcast.outageReply, broadcast.mailEvents];
    new Operations(this, 'Operations', {
      functions: this.functions,
      deadLetters: [
        ...resources.queues.map((q) => ({ name: q.spec.name, queue: q.dlq })),
        { name: 'stream-failures', queue: resources.streamFailures },
        { name: 'mail-events', queue: resources.mail.feedbackDlq },
      ],
      streamConsumer: triage.fn,
      slaEmitter: flows.followUpSweep,
      sweep: flows.followUpSweep,
      api: this.http.api,
      alarmEmail: settings.alarmEmail,
    });
    new CfnOutput(this, 'ApiUrl', { value: this.http.url, description: 'webhooks (platforms call it directly); /api/* is here and at StatusUrl' });
    new CfnOutput(this, 'StatusUrl', { value: publicUrl, description: 'PUBLIC_URL through CloudFront: /status/<brand>, /console, /api/*' });
    new CfnOutput(this, 'ConsoleUrl', { value: `${publicUrl}/console`, description: 'the console; the issuer must allow <StatusUrl>/console/callback and <StatusUrl>/console' });
    new CfnOutput(this, 'OidcIssuer', { value: oidc.issuer, description: 'the issuer whose access tokens the api accepts (OIDC_ISSUER)' });
  }

  /**
   * The app's own user pool gets the console client here, beside the URLs it returns to (the pool is
   * stateful, these URLs are not); `wecare:oidcIssuer` replaces both with the deployer's issuer.
   */
  private oidcTrust(settings: Settings, resources: StatefulResources, publicUrl: string): OidcTrust {
    if (settings.signIn.kind === 'external') return { issuer: settings.signIn.issuer, audience: settings.signIn.audience, clientId: settings.signIn.clientId };
    const signIn = resources.signIn;
    if (!signIn) throw new Error('wecare: sign-in is the user pool but the stateful stack has none');
    // The console is served by the api function at PUBLIC_URL (CloudFront routes /console and
    // /api/*), the one base its redirect_uri is built from: the execute-api URL is no return address.
    const consoleClient = new ConsoleClient(this, 'Console', {
      userPool: signIn.userPool,
      identityProviders: signIn.identityProviders,
      baseUrls: [publicUrl],
    });
    const clientId = consoleClient.client.userPoolClientId;
    new CfnOutput(this, 'ConsoleClientId', { value: clientId, description: 'app client wecare-console (OIDC_CLIENT_ID, OIDC_AUDIENCE)' });
    new CfnOutput(this, 'SignInDomain', { value: signIn.domain.baseUrl(), description: 'Cognito hosted sign-in domain' });
    return { issuer: signIn.issuer, audience: clientId, clientId };
  }
}
