import { createHmac } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../local/ports.ts';
import { type Runtime, startRuntime } from '../../local/runtime.ts';
import type { Recorded } from '../../local/sink.ts';
import type { Mention } from '../../shared/mention.ts';
import { mentionId } from '../../shared/store/mentions.ts';

let runtime: Runtime;

beforeAll(async () => {
  runtime = await startRuntime({ port: await freePort(), dataDir: mkdtempSync(join(tmpdir(), 'wecare-pipeline-')) });
}, 90_000);
afterAll(() => runtime?.stop());

/** A tweet at the demo brand's X account, as Account Activity delivers it. */
function tweet(id: string, user: string, text: string) {
  return JSON.stringify({
    for_user_id: '1500000000000000001',
    tweet_create_events: [{
      created_at: new Date().toUTCString().replace('GMT', '+0000'),
      id_str: id,
      text,
      truncated: false,
      in_reply_to_status_id_str: null,
      user: { id_str: user, name: 'Klant', screen_name: `klant_${user}`, followers_count: 120 },
      entities: { user_mentions: [{ screen_name: 'DemoBrand', id_str: '1500000000000000001' }] },
      lang: 'nl',
      timestamp_ms: String(Date.now()),
    }],
  });
}

const deliver = (body: string) =>
  fetch(`${runtime.url}/webhooks/x`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', 'x-twitter-webhooks-signature': `sha256=${createHmac('sha256', runtime.secrets.X_CONSUMER_SECRET!).update(body).digest('base64')}` },
  });

const replies = async (to: string) => {
  const sent = (await (await fetch(`${runtime.url}/dev/sink`)).json()) as { items: Recorded[] };
  return sent.items.filter((r) => r.path.startsWith('/x/2/tweets') && (r.json as { reply?: { in_reply_to_tweet_id?: string } })?.reply?.in_reply_to_tweet_id === to);
};

const mention = async (tweetId: string) =>
  (await (await fetch(`${runtime.url}/api/mentions/${mentionId('demo', 'x', tweetId)}`, { headers: { authorization: `Bearer ${runtime.secrets.ADMIN_TOKEN}` } })).json()) as Mention;

async function until<T>(what: string, fn: () => Promise<T | undefined | false>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('the whole pipeline on one machine', () => {
  it('a fan tweeting praise, delivered three times, is triaged once and thanked once', async () => {
    const body = tweet('1867000000000000001', '4001', 'Wat een top service van @DemoBrand, binnen 10 minuten geholpen. Dank jullie wel! 🙏');
    const answers = await Promise.all([deliver(body), deliver(body), deliver(body)]);
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
    const triaged = await until('triage', async () => ((await mention('1867000000000000001')).status === 'open' ? mention('1867000000000000001') : undefined));
    expect(triaged.sentiment?.label).toBe('positive');
    await until('the thank-you', async () => (await replies('1867000000000000001')).length > 0);
    await new Promise((r) => setTimeout(r, 2000));
    expect(await replies('1867000000000000001')).toHaveLength(1);
  }, 60_000);

  it('a sarcastic "thanks for nothing" is triaged as a complaint and gets no thank-you', async () => {
    const body = tweet('1867000000000000002', '4002', 'Bedankt voor niets @DemoBrand, al drie dagen geen internet. Top service hoor 🙄');
    expect((await deliver(body)).status).toBe(200);
    const triaged = await until('triage', async () => ((await mention('1867000000000000002')).status === 'open' ? mention('1867000000000000002') : undefined));
    expect(triaged.sentiment?.label).toBe('negative');
    expect(triaged.intent).toBe('complaint');
    await new Promise((r) => setTimeout(r, 3000));
    expect(await replies('1867000000000000002')).toHaveLength(0);
  }, 60_000);
});
