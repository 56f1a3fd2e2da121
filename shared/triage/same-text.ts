import type { Mention } from '../mention.ts';
import type { Store } from '../store/client.ts';
import { firstsOfText, forgetFirstOfText, rememberFirstOfText } from '../store/same-text.ts';
import { CASE_DEFAULTS, type CaseCandidate, textFingerprint } from './cases.ts';

/**
 * The same-text rule's memory, read and kept per brand and text: the first mention of it on each
 * platform. One small read per triage instead of the brand's last half hour, which in a burst (an
 * outage: hundreds a minute) costs more than all the rest of triage.
 */
export async function sameTextFirsts(store: Store, m: Pick<Mention, 'brand' | 'text'>): Promise<CaseCandidate[]> {
  const fingerprint = textFingerprint(m.text);
  if (!fingerprint) return [];
  // The text is the mention's own (same fingerprint); no author: the identity rule reads gsi3.
  return (await firstsOfText(store, m.brand, fingerprint)).map((e) => ({ ...e, text: m.text, author: { id: '' }, conversationId: '', status: 'new' as const }));
}

/** Remembers a triaged mention as its platform's first of the text, unless one within the window is there. */
export async function rememberFirstText(store: Store, m: Pick<Mention, 'id' | 'brand' | 'platform' | 'text' | 'createdAt'>, caseId: string): Promise<void> {
  const fingerprint = textFingerprint(m.text);
  if (!fingerprint) return;
  const staleBefore = new Date(Date.parse(m.createdAt) - CASE_DEFAULTS.textWindowMinutes * 60_000).toISOString();
  await rememberFirstOfText(store, m.brand, fingerprint, { id: m.id, platform: m.platform, createdAt: m.createdAt, caseId }, staleBefore);
}

/** Erasure: the same-text memory forgets this mention (its text hash links it to others). */
export async function forgetFirstText(store: Store, m: Pick<Mention, 'id' | 'brand' | 'platform' | 'text'>): Promise<void> {
  const fingerprint = textFingerprint(m.text);
  if (fingerprint) await forgetFirstOfText(store, m.brand, fingerprint, m.platform, m.id);
}
