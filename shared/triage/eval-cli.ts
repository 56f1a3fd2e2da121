/**
 * `npm run eval -- FILE.jsonl …`: one JSON line per file. Without files it scores the dev data
 * in ../shared/data, read in place (its license keeps it out of the product). The held-out
 * social posts are scored by naming them: tests/fixtures/triage/social.jsonl.
 * The threshold is the thank-you flow's default (brand.thankYou.threshold).
 * `--half even|odd` scores only the even- or odd-numbered lines (1-based) of each file: tune on
 * one half, report the other as a held-out check.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ThankYouPolicy } from '../config/brand.ts';
import { evaluate, type LabeledRow } from './eval.ts';

const DEV_FILES = ['en_reviews_restaurants.jsonl', 'en_reviews_laptops.jsonl', 'nl_reviews_restaurants.jsonl'];

function readRows(file: string, half?: 'even' | 'odd'): LabeledRow[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((line, i) => ({ line, n: i + 1 }))
    .filter(({ line, n }) => line.trim() && (half === undefined || (n % 2 === 0) === (half === 'even')))
    .map(({ line }, i) => {
      try {
        return JSON.parse(line) as LabeledRow;
      } catch {
        throw new Error(`${file}:${i + 1}: not JSON`);
      }
    });
}

const argv = process.argv.slice(2).filter((a) => a !== '--');
const halfAt = argv.findIndex((a) => a === '--half' || a.startsWith('--half='));
let half: 'even' | 'odd' | undefined;
if (halfAt >= 0) {
  const value = argv[halfAt]!.includes('=') ? argv[halfAt]!.split('=')[1] : argv[halfAt + 1];
  if (value !== 'even' && value !== 'odd') throw new Error('--half takes even or odd');
  half = value;
  argv.splice(halfAt, argv[halfAt]!.includes('=') ? 1 : 2);
}
const args = argv;
const files = args.length ? args : DEV_FILES.map((f) => path.resolve('..', 'shared', 'data', f));
const threshold = ThankYouPolicy.parse({}).threshold;
for (const file of files) {
  const { mixed, ...scores } = evaluate(readRows(file, half), threshold);
  console.log(JSON.stringify({ file, ...(half ? { half } : {}), ...scores, mixedLabeledAs: mixed }));
}
