import { analyze } from './analyze.ts';

/** The eval's view of a labeled row: `{"text","label","lang"?}`, labels outside the three classes are left out. */
export interface LabeledRow {
  text: string;
  label: string;
  lang?: string;
}

export const CLASSES = ['positive', 'negative', 'neutral'] as const;
type Label = (typeof CLASSES)[number];

export interface EvalResult {
  n: number;
  accuracy: number;
  macroF1: number;
  positive: { threshold: number; precision: number; recall: number };
  /** How rows labeled "mixed" (left out of the scores) were classified. */
  mixed: Record<Label, number>;
}

const isLabel = (l: string): l is Label => (CLASSES as readonly string[]).includes(l);

/**
 * 3-class accuracy and macro-F1 on the predicted label; positive precision/recall counts a
 * row as positive only when its positive confidence reaches `threshold`, as the thank-you flow does.
 */
export function evaluate(rows: LabeledRow[], threshold: number): EvalResult {
  const confusion = new Map<string, number>();
  const mixed: Record<Label, number> = { positive: 0, negative: 0, neutral: 0 };
  let n = 0;
  let correct = 0;
  let thanked = 0;
  let thankedRight = 0;
  let positives = 0;
  for (const row of rows) {
    const s = analyze(row.text, { lang: row.lang }).sentiment;
    if (row.label === 'mixed') mixed[s.label]++;
    if (!isLabel(row.label)) continue;
    n++;
    if (s.label === row.label) correct++;
    confusion.set(`${row.label}>${s.label}`, (confusion.get(`${row.label}>${s.label}`) ?? 0) + 1);
    const thanks = s.label === 'positive' && (s.confidence ?? 0) >= threshold;
    if (row.label === 'positive') positives++;
    if (thanks) thanked++;
    if (thanks && row.label === 'positive') thankedRight++;
  }
  return {
    n,
    accuracy: round(n ? correct / n : 0),
    macroF1: round(macroF1(confusion)),
    positive: { threshold, precision: round(thanked ? thankedRight / thanked : 0), recall: round(positives ? thankedRight / positives : 0) },
    mixed,
  };
}

function macroF1(confusion: Map<string, number>): number {
  let total = 0;
  for (const c of CLASSES) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const [key, count] of confusion) {
      const [gold, predicted] = key.split('>');
      if (gold === c && predicted === c) tp += count;
      else if (predicted === c) fp += count;
      else if (gold === c) fn += count;
    }
    total += tp ? (2 * tp) / (2 * tp + fp + fn) : 0;
  }
  return total / CLASSES.length;
}

const round = (n: number) => Math.round(n * 1000) / 1000;
