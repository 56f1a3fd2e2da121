/**
 * `npm run eval -- FILE.jsonl …`: one JSON line per file. Without files it scores the dev data
 * in ../shared/data, read in place (its license keeps it out of the product). The held-out
 * social posts are scored by naming them: tests/fixtures/triage/social.jsonl.
 * The threshold is the thank-you flow's default (brand.thankYou.threshold).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ThankYouPolicy } from '../config/brand.ts';
import { evaluate, type LabeledRow } from './eval.ts';

const DEV_FILES = ['en_reviews_restaurants.jsonl', 'en_reviews_laptops.jsonl', 'nl_reviews_restaurants.jsonl'];

function readRows(file: string): LabeledRow[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line, i) => {
      try {
        return JSON.parse(line) as LabeledRow;
      } catch {
        throw new Error(`${file}:${i + 1}: not JSON`);
      }
    });
}

const args = process.argv.slice(2).filter((a) => a !== '--');
const files = args.length ? args : DEV_FILES.map((f) => path.resolve('..', 'shared', 'data', f));
const threshold = ThankYouPolicy.parse({}).threshold;
for (const file of files) {
  const { mixed, ...scores } = evaluate(readRows(file), threshold);
  console.log(JSON.stringify({ file, ...scores, mixedLabeledAs: mixed }));
}
