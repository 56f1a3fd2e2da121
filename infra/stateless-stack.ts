import { Stack, type StackProps, CfnOutput } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { Broadcast } from './constructs/broadcast.ts';
import { FUNCTION_NAMES } from './constructs/capability.ts';
import { Flows } from './constructs/flows.ts';
import { WecareHttpApi } from './constructs/http-api.ts';
import { Ingest } from './constructs/ingest.ts';
import { Operations } from './constructs/operations.ts';
import { StatusPage } from './constructs/status-page.ts';
import { Triage } from './constructs/triage.ts';
import type { WecareFunction } from './constructs/wecare-function.ts';
import type { Settings } from './settings.ts';
import type { StatefulResources } from './stateful-stack.ts';

export interface StatelessStackProps extends StackProps {
  settings: Settings;
  resources: StatefulResources;
}

/** Code and wiring, redeployable at will: functions, HTTP API, event sources, schedule, alarms. */
export class StatelessStack extends Stack {
  readonly functions: WecareFunction[];
  readonly http: WecareHttpApi;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { settings, resources } = props;
    const unknown = settings.queues.filter((q) => !(FUNCTION_NAMES as readonly string[]).includes(q.fn));
    if (unknown.length) throw new Error(`queues with no deployed consumer: ${unknown.map((q) => `${q.name} → ${q.fn}`).join(', ')}`);

    const base = { configFile: settings.configFile, resources };
    this.http = new WecareHttpApi(this, 'Http');
    const ingest = new Ingest(this, 'Ingest', { ...base, http: this.http, platformUrls: settings.platformUrls });
    const triage = new Triage(this, 'Triage', base);
    const flows = new Flows(this, 'Flows', { ...base, platformUrls: settings.platformUrls });
    const broadcast = new Broadcast(this, 'Broadcast', { ...base, platformUrls: settings.platformUrls, publicUrl: this.http.url });
    const status = new StatusPage(this, 'StatusPage', { ...base, http: this.http, platformUrls: settings.platformUrls });

    this.functions = [ingest.fn, ingest.enrich, status.fn, triage.fn, flows.thankYou, flows.followUpSweep, broadcast.broadcast, broadcast.outageReply];
    new Operations(this, 'Operations', {
      functions: this.functions,
      deadLetters: [
        ...resources.queues.map((q) => ({ name: q.spec.name, queue: q.dlq })),
        { name: 'stream-failures', queue: resources.streamFailures },
      ],
      streamConsumer: triage.fn,
      slaEmitter: triage.fn,
      sweep: flows.followUpSweep,
      api: this.http.api,
      alarmEmail: settings.alarmEmail,
    });
    new CfnOutput(this, 'ApiUrl', { value: this.http.url, description: 'webhooks, /api/*, /status/*' });
  }
}
