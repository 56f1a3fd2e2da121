import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { freePort } from '../local/ports.ts';
import { type Runtime, startRuntime } from '../local/runtime.ts';
import { type Figures, percentile, round } from './stats.ts';

const COUNT = Number(process.env.BENCH_MAIL_E2E_COUNT ?? 15);
type Mail = { to: string; subject: string; text: string };

/**
 * e2e.incident_to_email_p50_ms: from POST /api/incidents/:id/updates to the update's mail in the
 * local mailbox (GET /dev/mail), for one confirmed subscriber, through the whole local pipeline
 * (api, SNS status-updates, the brand's subscriber queue, broadcast, SES v2 emulator). Local
 * pollers, so their intervals are in it. bench/mail.ts runs this file as a process of its own:
 * handler modules read their env once per process, and earlier suites import the broadcast handler.
 */
export async function benchIncidentToEmail(runtime: Runtime): Promise<Figures> {
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${runtime.secrets.ADMIN_TOKEN}` };
  const to = `bench-${Date.now()}@example.nl`;
  const subscribed = await fetch(`${runtime.url}/status/demo/subscribe`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: to, language: 'en' }) });
  if (subscribed.status !== 202) throw new Error(`subscribe answered ${subscribed.status}`);
  const optIn = await until(async () => (await mails(runtime.url, to))[0], 10_000, 'the opt-in mail');
  const confirm = /https?:\/\/\S+\/subscribe\/confirm\?token=\S+/.exec(optIn.text)![0];
  if ((await fetch(confirm, { method: 'POST' })).status !== 200) throw new Error('the confirm link did not confirm');
  const opened = await fetch(`${runtime.url}/api/incidents`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ brand: 'demo', name: 'Bench outage', status: 'investigating', impact: 'minor', components: {}, message: { nl: 'start', en: 'start' } }),
  });
  const { id } = (await opened.json()) as { id: string };
  await until(async () => (await mails(runtime.url, to)).find((m) => m.text.includes('start')), 10_000, 'the first update mail');
  const latencies: number[] = [];
  for (let i = 0; i < COUNT; i++) {
    const marker = `update ${i} of the bench`;
    const t0 = performance.now();
    const res = await fetch(`${runtime.url}/api/incidents/${id}/updates`, { method: 'POST', headers, body: JSON.stringify({ status: 'identified', message: { nl: marker, en: marker } }) });
    if (res.status !== 201) throw new Error(`update answered ${res.status}`);
    await until(async () => (await mails(runtime.url, to)).find((m) => m.text.includes(marker)), 20_000, `mail ${i}`);
    latencies.push(performance.now() - t0);
  }
  latencies.sort((a, b) => a - b);
  return {
    'e2e.incident_to_email_p50_ms': { value: round(percentile(latencies, 50), 1), unit: 'ms' },
    'e2e.incident_to_email_p99_ms': { value: round(percentile(latencies, 99), 1), unit: 'ms' },
  };
}

async function mails(url: string, to: string): Promise<Mail[]> {
  return ((await (await fetch(`${url}/dev/mail`)).json()) as { items: Mail[] }).items.filter((m) => m.to === to);
}

async function until<T>(probe: () => Promise<T | undefined>, ms: number, what: string): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`bench: no ${what} in the local mailbox in time`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dir = mkdtempSync(join(tmpdir(), 'wecare-mail-e2e-'));
  const runtime = await startRuntime({ port: await freePort(), dataDir: dir });
  try {
    console.log(JSON.stringify(await benchIncidentToEmail(runtime)));
  } finally {
    await runtime.stop();
  }
  process.exit(0);
}
