/**
 * triage.per_second: classifications per second on one core over a realistic mix (Dutch and
 * English, tweets with and without the platform's `lang`, reviews, sarcasm, emoji), full
 * classify() including SLA arithmetic and routing. Runnable alone: `npx tsx bench/triage.ts`.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseConfig } from '../shared/config/load.ts';
import type { Mention } from '../shared/mention.ts';
import { classify } from '../shared/triage/classify.ts';

const FLOOR = 20_000;

function mix(): Mention[] {
  const texts = readFileSync(new URL('../tests/fixtures/triage/social.jsonl', import.meta.url), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { text: string; lang: string });
  const platforms = ['x', 'facebook', 'instagram', 'whatsapp', 'google', 'trustpilot'];
  return texts.map((t, i) => {
    const platform = platforms[i % platforms.length]!;
    const review = platform === 'google' || platform === 'trustpilot';
    return {
      id: `bench-${i}`,
      brand: 'demo',
      brandKnown: true,
      platform,
      kind: review ? 'review' : 'mention',
      externalId: String(i),
      accountId: 'a',
      conversationId: `c-${i}`,
      author: { id: `u${i}`, followers: (i * 7919) % 200_000 },
      text: t.text,
      // X and Meta give a language about half the time; the rest is detected.
      lang: i % 2 === 0 ? t.lang : undefined,
      rating: review ? (i % 5) + 1 : undefined,
      createdAt: new Date(Date.UTC(2026, 2, 20 + (i % 10), i % 24, i % 60)).toISOString(),
      receivedAt: new Date(Date.UTC(2026, 2, 20 + (i % 10), i % 24, i % 60)).toISOString(),
      status: 'new',
    } satisfies Mention;
  });
}

export async function benchTriage(): Promise<Record<string, { value: number; unit: string; floor?: number; ratio?: number }>> {
  const brand = parseConfig(JSON.parse(readFileSync(new URL('../wecare.config.json', import.meta.url), 'utf8'))).brands[0]!;
  const mentions = mix();
  const now = new Date('2026-03-27T12:00:00Z');
  let sink = 0;
  const run = (n: number) => {
    for (let i = 0; i < n; i++) sink += classify(mentions[i % mentions.length]!, brand, { now, repeatContacts: i % 3 }).priority;
  };
  run(5_000); // warm-up: JIT and the lazily compiled regexes
  const n = 60_000;
  const start = process.hrtime.bigint();
  run(n);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const perSecond = Math.round(n / seconds);
  if (sink < 0) console.log(sink);
  return { 'triage.per_second': { value: perSecond, unit: 'classifications/s', floor: FLOOR, ratio: Math.round((perSecond / FLOOR) * 100) / 100 } };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify(await benchTriage()));
}
