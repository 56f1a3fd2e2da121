import { rmSync, writeFileSync } from 'node:fs';
import { serve } from '@hono/node-server';
import type { DynamoDBStreamEvent, SQSEvent } from 'aws-lambda';
import { Hono } from 'hono';
import { createSqs } from '../shared/bus/clients.ts';
import { QUEUES, type QueueSpec, STREAM_CONSUMERS } from '../shared/bus/topology.ts';
import { loadBrands } from '../shared/config/load.ts';
import { loadHandler } from './functions.ts';
import { startIssuer } from './oidc/issuer.ts';
import { type RecordingSink, startSink } from './sink.ts';
import { localSecrets } from './secrets.ts';
import { type LocalSes, startSes } from './ses.ts';
import { type LocalStack, provision, type Resources, startStack } from './stack.ts';
import { pollQueue } from './sqs-poller.ts';
import { sendStreamFailure } from './stream-failures.ts';
import { pollStream, type StreamHandler } from './stream-poller.ts';

export interface RuntimeOptions {
  port: number;
  dataDir?: string;
  dynamoPort?: number;
  fauxqsPort?: number;
  /** OIDC_PORT: where the local issuer listens; a free port otherwise. */
  oidcPort?: number;
  /** SES_PORT: where the SES v2 emulator listens; a free port otherwise. */
  sesPort?: number;
  log?: (line: string) => void;
}

export interface Runtime {
  url: string;
  resources: Resources;
  secrets: Record<string, string>;
  /** The issuer the API trusts: the local one (`local`), or the one OIDC_ISSUER named before start. */
  oidc: { issuer: string; audience: string; local: boolean };
  /** The emulators and the recording sink, for fault injection (bench/soak.ts kills DynamoDB Local, fails the sink). */
  stack: LocalStack;
  sink: RecordingSink;
  /** The SES v2 emulator (aws-ses-v2-local) every mail goes to, unless SES_ENDPOINT named another before start. */
  ses?: LocalSes;
  stop(): Promise<void>;
}

/**
 * The whole pipeline on one machine: emulators, the same handler modules Lambda runs, fed by
 * local event sources (stream poller, SQS pollers, a minute tick), and one HTTP server.
 */
export async function startRuntime(opts: RuntimeOptions): Promise<Runtime> {
  const log = opts.log ?? (() => {});
  const stack = await startStack({ dataDir: opts.dataDir && `${opts.dataDir}/dynamodb`, dynamoPort: opts.dynamoPort, fauxqsPort: opts.fauxqsPort });
  const stoppers: Array<() => Promise<void>> = [() => stack.stop()];
  // Event sources first (all at once), then the server and sink, the emulators last.
  const stop = async () => {
    const [emulators, ...rest] = stoppers;
    await Promise.all(rest.map((s) => s().catch(() => {})));
    await emulators?.().catch(() => {});
  };
  try {
    const url = `http://127.0.0.1:${opts.port}`;
    const sink = await startSink();
    stoppers.push(() => sink.close());
    // SES_ENDPOINT set by the user (another emulator, real SES) wins; otherwise the local emulator.
    const ses = process.env.SES_ENDPOINT && !sesStartedHere.has(process.env.SES_ENDPOINT) ? undefined : await startSes(opts.sesPort);
    if (ses) {
      stoppers.push(() => ses.stop());
      sesStartedHere.add(ses.endpoint);
      process.env.SES_ENDPOINT = ses.endpoint;
    }
    const secrets = localSecrets(`${opts.dataDir ?? '.wecare'}/secrets.json`);
    Object.assign(process.env, secrets, {
      WECARE_SINK_URL: `${url}/dev/sink`,
      X_API_URL: process.env.X_API_URL ?? `${sink.url}/x`,
      META_GRAPH_URL: process.env.META_GRAPH_URL ?? `${sink.url}/meta`,
      GOOGLE_BUSINESS_URL: process.env.GOOGLE_BUSINESS_URL ?? `${sink.url}/google`,
      TRUSTPILOT_API_URL: process.env.TRUSTPILOT_API_URL ?? `${sink.url}/trustpilot`,
      SMS_API_URL: process.env.SMS_API_URL ?? `${sink.url}/sms`,
      PUBLIC_URL: process.env.PUBLIC_URL ?? url,
    });
    const oidc = await startOidc(opts, secrets, stoppers);
    const resources = await provision({ dynamo: stack.dynamo.endpoint, fauxqs: stack.fauxqs.address }, '', await allQueues());
    Object.assign(process.env, resources.env);
    await startEventSources(stack, resources, log, stoppers);
    const server = await listen(await httpApp(sink.url, ses), opts.port);
    stoppers.push(() => new Promise((r) => server.close(() => r())));
    // Where this running stack listens, so `npm run redrive` finds its queues without config.
    const endpointsFile = writeEndpoints(opts.dataDir ?? '.wecare', url, resources);
    stoppers.push(async () => rmSync(endpointsFile, { force: true }));
    return { url, resources, secrets, oidc, stack, sink, ses, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

/**
 * The local OIDC issuer (issue 13), unless OIDC_ISSUER already names one to trust instead; either
 * way OIDC_ISSUER and OIDC_AUDIENCE are set before the API function's cold start reads them.
 */
const startedHere = new Set<string>();
const sesStartedHere = new Set<string>();
async function startOidc(opts: RuntimeOptions, secrets: Record<string, string>, stoppers: Array<() => Promise<void>>): Promise<Runtime['oidc']> {
  const audience = process.env.OIDC_AUDIENCE ?? 'wecare-api';
  // An issuer a previous runtime of this process set (tests, the soak's restarts) is not the user's choice.
  if (process.env.OIDC_ISSUER && !startedHere.has(process.env.OIDC_ISSUER)) return { issuer: process.env.OIDC_ISSUER, audience, local: false };
  const idp = await startIssuer({ port: opts.oidcPort, publicUrl: process.env.PUBLIC_URL!, password: secrets.DEMO_PASSWORD!, audience });
  stoppers.push(() => idp.close());
  startedHere.add(idp.issuer);
  Object.assign(process.env, { OIDC_ISSUER: idp.issuer, OIDC_AUDIENCE: audience });
  return { issuer: idp.issuer, audience, local: true };
}

/** `<dataDir>/endpoints.json`: read by local/redrive.ts; `pid` tells a live stack from a stale file. */
function writeEndpoints(dataDir: string, url: string, resources: Resources): string {
  const file = `${dataDir}/endpoints.json`;
  const queues = Object.fromEntries(resources.queues.map((q) => [q.name, { url: q.url, dlqUrl: q.dlqUrl }]));
  writeFileSync(file, `${JSON.stringify({ pid: process.pid, url, ...resources.env, queues, streamFailuresUrl: resources.streamFailuresUrl }, null, 2)}\n`);
  return file;
}

/** Flow queues plus one queue per brand channel, derived from the config like the CDK app does. */
async function allQueues(): Promise<QueueSpec[]> {
  const incidents = (await import('../shared/incidents/queues.ts')) as { channelQueues?: (b: ReturnType<typeof loadBrands>) => QueueSpec[] };
  return [...QUEUES, ...(incidents.channelQueues?.(loadBrands(process.env.WECARE_CONFIG, { env: process.env, sinkUrl: process.env.WECARE_SINK_URL })) ?? [])];
}

/** Pushes each source's stop as soon as it runs, so a failed start stops what already polls. */
async function startEventSources(stack: LocalStack, resources: Resources, log: (l: string) => void, stoppers: Array<() => Promise<void>>) {
  const onError = (what: string) => (e: unknown) => log(`${what}: ${(e as Error).message}`);
  const sqs = createSqs(stack.fauxqs.address);
  for (const name of STREAM_CONSUMERS) {
    const handler = await loadHandler(name);
    const spaced = spacedRetries((e) => handler(e as never) as never);
    const poller = pollStream({
      endpoint: stack.dynamo.endpoint,
      streamArn: resources.streamArn,
      handler: spaced.handler,
      maxRetries: STREAM_RETRY_ATTEMPTS,
      onError: onError(name),
      onGiveUp: sendStreamFailure(sqs, resources.streamFailuresUrl, name),
    });
    stoppers.push(() => (spaced.abort(), poller.stop()));
  }
  for (const queue of resources.queues) {
    const handler = await loadHandler(queue.fn);
    const poller = pollQueue({ sqs, queueUrl: queue.url, queueArn: queue.arn, handler: (e: SQSEvent) => handler(e as never) as never, onError: onError(queue.name) });
    stoppers.push(() => poller.stop());
  }
  const sweep = await loadHandler('follow-up-sweep');
  // EventBridge's every-minute schedule, locally.
  const every = Number(process.env.WECARE_SWEEP_SECONDS ?? 60) * 1000;
  const tick = setInterval(() => void sweep({} as never).catch(onError('follow-up-sweep')), every);
  stoppers.push(async () => clearInterval(tick));
}

/** As the CDK event source mappings (infra/constructs/triage.ts, ingest.ts: retryAttempts 5). */
const STREAM_RETRY_ATTEMPTS = 5;

/**
 * Added for the soak (bench/soak.ts): Lambda does not retry a failed stream batch back to back,
 * and a restarting DynamoDB Local or a 10 s platform outage outlasts immediate retries, so the
 * poller gave up and the mentions were never triaged. A failed batch now returns after a backoff
 * (1, 2, 4, 8, 8 s: about 23 s in all); success returns at once, as before. Aborted on stop.
 */
function spacedRetries(handler: StreamHandler) {
  const stopped = new AbortController();
  let failures = 0;
  const pause = () =>
    new Promise<void>((r) => {
      const t = setTimeout(r, Math.min(8_000, 1_000 * 2 ** Math.min(failures++, 3)));
      stopped.signal.addEventListener('abort', () => (clearTimeout(t), r()), { once: true });
    });
  return {
    abort: () => stopped.abort(),
    handler: async (e: DynamoDBStreamEvent): ReturnType<StreamHandler> => {
      let res;
      try {
        res = await handler(e);
      } catch (err) {
        if (!stopped.signal.aborted) await pause();
        throw err;
      }
      if (res && res.batchItemFailures?.length) {
        if (!stopped.signal.aborted) await pause();
      } else failures = 0;
      return res;
    },
  };
}

/**
 * One server for what API Gateway routes to two functions: the apps the Lambda handler modules
 * build at cold start, so local mode runs the deployed code path. Plus the local-only recording sink.
 */
async function httpApp(sinkUrl: string, ses: LocalSes | undefined): Promise<Hono> {
  const webhooks = (await import('../functions/webhooks/handler.ts')).app;
  const api = (await import('../functions/api/handler.ts')).app;
  const app = new Hono();
  app.get('/dev/sink', () => fetch(sinkUrl));
  app.all('/dev/sink/*', async (c) =>
    fetch(`${sinkUrl}${c.req.path.slice('/dev/sink'.length)}`, { method: c.req.method, headers: c.req.raw.headers, body: await c.req.text() }),
  );
  // What wecare e-mailed (DESIGN.md: `{"items":[{"to","subject","text","html"}]}`), from the emulator's mailbox.
  app.get('/dev/mail', async (c) => (ses ? c.json({ items: await ses.mails() }) : c.json({ error: { code: 'not_found', message: 'SES_ENDPOINT names another SES: its mailbox is not ours to list' } }, 404)));
  app.all('/webhooks/*', (c) => webhooks.fetch(c.req.raw));
  // c.env carries the socket, so the API keys its rate limits on the real source address.
  app.all('*', (c) => api.fetch(c.req.raw, c.env));
  return app;
}

function listen(app: Hono, port: number): Promise<ReturnType<typeof serve>> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => resolve(server));
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(new Error(e.code === 'EADDRINUSE' ? `PORT ${port} is in use; set PORT to another` : e.message)),
    );
  });
}
