import type { Mention } from '../mention.ts';
import type { Store } from '../store/client.ts';
import { caseIdOf } from './ids.ts';
import type { Csat } from '../case.ts';
import { caseEvent } from './lifecycle.ts';
import { changeCase } from './mutate.ts';

/**
 * Customer satisfaction from the answer to the follow-up: a score the customer wrote ("8/10",
 * "4 van de 5", "9 out of 10"), a WhatsApp button they tapped ("5", "Ja, opgelost"), else the
 * sentiment of their words (positive 1, neutral 0.5, negative 0). Normalised to 0..1.
 */
const SCORE = /(?<![\d.,])(10|[0-9])(?:[.,]5)?\s*(?:\/|van de|out of|uit|op)\s*(10|5)(?![\d])/iu;
const YES = /^(?:ja|yes|opgelost|solved|goed|good|top|prima|super|👍|😀|🙂)\b/iu;
const NO = /^(?:nee|no|niet opgelost|not solved|slecht|bad|👎|🙁|😞)/iu;

export function csatOf(m: Pick<Mention, 'text' | 'quickReply' | 'sentiment'>): Pick<Csat, 'score' | 'source' | 'raw'> | undefined {
  const text = m.text.slice(0, 500).trim();
  const written = SCORE.exec(text);
  if (written) {
    const value = Number.parseFloat(text.slice(written.index, written.index + written[0].length).replace(',', '.'));
    const scale = Number(written[2]);
    if (value <= scale) return { score: Math.round((value / scale) * 100) / 100, source: 'explicit', raw: `${value}/${scale}` };
  }
  if (m.quickReply) {
    const digit = /^(10|[0-9])$/.exec(text);
    if (digit) return { score: Math.min(1, Number(digit[1]) / (Number(digit[1]) > 5 ? 10 : 5)), source: 'quick-reply', raw: text.slice(0, 40) };
    if (NO.test(text)) return { score: 0, source: 'quick-reply', raw: text.slice(0, 40) };
    if (YES.test(text)) return { score: 1, source: 'quick-reply', raw: text.slice(0, 40) };
  }
  if (!m.sentiment) return undefined;
  return { score: m.sentiment.label === 'positive' ? 1 : m.sentiment.label === 'neutral' ? 0.5 : 0, source: 'sentiment' };
}

/** The customer's answer to the follow-up, kept on their case as CSAT (the first answer counts). */
export async function recordCsat(store: Store, caseId: string | undefined, m: Mention, now: Date): Promise<void> {
  const csat = csatOf(m);
  if (!csat) return;
  const id = caseId ?? caseIdOf(m.id);
  const actor = { type: 'system' as const, id: 'follow-up' };
  await changeCase(store, id, (c) => {
    if (c.csat) return undefined;
    const full: Csat = { ...csat, mentionId: m.id, at: m.createdAt };
    return { next: { ...c, csat: full, updatedAt: now.toISOString() }, events: [caseEvent('csat', now, actor, { score: full.score, source: full.source })] };
  }).catch((e) => {
    if ((e as { code?: string }).code !== 'not_found') throw e;
  });
}
