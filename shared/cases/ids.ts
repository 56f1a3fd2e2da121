import type { Mention } from '../mention.ts';

/** A case is named after its first mention, whose id holds the brand: `case-<mention id>`. */
export const caseIdOf = (mentionId: string) => `case-${mentionId}`;

/** The case a mention belongs to (set by triage; a mention triaged before cases existed is its own). */
export const caseOfMention = (m: Pick<Mention, 'id' | 'caseId'>) => m.caseId ?? caseIdOf(m.id);
