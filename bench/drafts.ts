import { createHmac } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { freePort } from '../local/ports.ts';
import { type Runtime, startRuntime } from '../local/runtime.ts';
import { type Figures, round } from './stats.ts';

const COMPLAINTS = 6;
const TEXTS = ['De app werkt niet, ik kan niet inloggen! Slecht.', 'Mobile app ligt eruit?? Kan niks meer, belachelijk', 'Weer storing in de app, inloggen lukt niet 😡'];

export interface DraftTiming {
  /** First complaint's webhook → the draft listed at GET /api/incidents/drafts. */
  toDraftMs: number;
  /** The publish request → the first channel post of the incident at the recording sink. */
  publishToBroadcastMs: number;
  /** First complaint → first broadcast, the draft published as soon as it is listed (no human in the loop). */
  totalMs: number;
  draftId: string;
  incidentId: string;
  drafts: number;
}

/**
 * drafts.* figures: from the first complaint of a spike to the first broadcast, through the whole
 * local pipeline, the runtime warm and the complaints arriving as a burst: signed X webhooks → ingest → stream → triage → SNS → outage-reply queue (complaints
 * counted, the draft proposed) → the API lists it → published in one request → status-updates →
 * channel queue → broadcast → the recording sink. Local pollers: their intervals are included.
 */
export async function measureDraftToBroadcast(runtime: Runtime): Promise<DraftTiming> {
  const auth = { authorization: `Bearer ${runtime.secrets.ADMIN_TOKEN}` };
  const send = async (id: string, user: string, text: string) => {
    const body = JSON.stringify(tweet(id, user, text));
    const post = () =>
      fetch(`${runtime.url}/webhooks/x`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', 'x-twitter-webhooks-signature': `sha256=${createHmac('sha256', runtime.secrets.X_CONSUMER_SECRET!).update(body).digest('base64')}` },
      });
    // A 503 says "retry later" (storage still waking up): X redelivers, so does the bench, a few times.
    let res = await post();
    for (let tries = 1; res.status === 503 && tries < 10; tries++) {
      await res.arrayBuffer();
      await new Promise((r) => setTimeout(r, 500));
      res = await post();
    }
    if (res.status !== 200) throw new Error(`webhook answered ${res.status}: ${await res.text()}`);
  };
  // Warm: the first webhook loads every handler module; a spike meets a running pipeline.
  await send(`188000000000009${Date.now() % 100_000}`, '77009', 'Hallo, hoe laat zijn jullie open?');
  await until('the warm-up mention triaged', async () => {
    const { items } = (await (await fetch(`${runtime.url}/api/mentions?brand=demo`, { headers: auth })).json()) as { items: Array<{ intent?: string }> };
    return items.some((m) => m.intent) || undefined;
  });
  // A spike arrives as a burst: the complaints come in together, as when an app stops working.
  const t0 = performance.now();
  await Promise.all(Array.from({ length: COMPLAINTS }, (_, i) => send(`18800000000000${i}${Date.now() % 100_000}`, `7700${i}`, TEXTS[i % TEXTS.length]!)));
  const listed = await until('a draft', async () => {
    const { items } = (await (await fetch(`${runtime.url}/api/incidents/drafts?brand=demo`, { headers: auth })).json()) as { items: Array<{ id: string; component: string }> };
    return items.length ? items : undefined;
  });
  const toDraftMs = performance.now() - t0;
  const t1 = performance.now();
  const published = await fetch(`${runtime.url}/api/incidents/drafts/${listed[0]!.id}/publish`, { method: 'POST', headers: auth });
  if (published.status !== 201) throw new Error(`publish answered ${published.status}: ${await published.text()}`);
  const incident = (await published.json()) as { id: string };
  await until('the first broadcast', async () => {
    const { items } = (await (await fetch(`${runtime.url}/dev/sink`)).json()) as { items: Array<{ path: string; body: string }> };
    return items.some((r) => !r.path.includes('/2/tweets/') && r.body.includes(incident.id)) || undefined;
  });
  const now = performance.now();
  return { toDraftMs, publishToBroadcastMs: now - t1, totalMs: now - t0, draftId: listed[0]!.id, incidentId: incident.id, drafts: listed.length };
}

export async function benchDrafts(): Promise<Figures> {
  const runtime = await startRuntime({ port: await freePort(), dataDir: mkdtempSync(join(tmpdir(), 'wecare-drafts-')) });
  try {
    const t = await measureDraftToBroadcast(runtime);
    return {
      'drafts.first_complaint_to_draft_ms': { value: round(t.toDraftMs, 1), unit: 'ms' },
      'drafts.publish_to_first_broadcast_ms': { value: round(t.publishToBroadcastMs, 1), unit: 'ms' },
      'drafts.first_complaint_to_first_broadcast_ms': { value: round(t.totalMs, 1), unit: 'ms' },
    };
  } finally {
    await runtime.stop();
  }
}

function tweet(id: string, user: string, text: string) {
  return {
    for_user_id: '1500000000000000001',
    tweet_create_events: [
      {
        created_at: new Date().toUTCString().replace('GMT', '+0000'),
        id_str: id,
        text: `@DemoBrand ${text}`,
        user: { id_str: user, name: `Klant ${user}`, screen_name: `klant_${user}`, followers_count: 10 },
        entities: { hashtags: [], urls: [], user_mentions: [{ screen_name: 'DemoBrand', id_str: '1500000000000000001', indices: [0, 10] }] },
        lang: 'nl',
        timestamp_ms: String(Date.now()),
      },
    ],
  };
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`no ${what} in ${ms} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify(await benchDrafts(), null, 2));
  process.exit(0);
}
