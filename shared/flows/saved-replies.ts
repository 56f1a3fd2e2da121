import { safeFirstName } from './first-name.ts';
import type { SavedReply } from '../store/saved-replies.ts';
import type { Case } from '../case.ts';

/**
 * Saved replies as an agent picks them for one case: in the case's language (else the brand's
 * languages in order), variables filled in: `{name}` " <first name>" when the customer's display
 * name reads as one (else nothing, as the thank-you templates do), `{case}` the case reference a
 * customer can quote, `{caseLink}` the case in the console (for notes and hand-overs).
 */
export function caseReference(caseId: string): string {
  return `#${caseId.slice(-6).toUpperCase()}`;
}

export function renderSavedReplies(replies: SavedReply[], c: Case, brandLanguages: string[], consoleUrl: string) {
  const order = [c.lang, ...brandLanguages].filter((l): l is string => !!l);
  const lang = order.find((l) => replies.some((r) => r.lang === l));
  const first = safeFirstName(c.customer.name);
  return replies
    .filter((r) => r.lang === lang)
    .map((r) => ({
      id: r.id,
      title: r.title,
      lang: r.lang,
      text: r.text
        .replaceAll('{name}', first ? ` ${first}` : '')
        .replaceAll('{caseLink}', `${consoleUrl}/cases/${encodeURIComponent(c.id)}`)
        .replaceAll('{case}', caseReference(c.id)),
    }));
}
