import { WecareError } from '../errors.ts';
import type { Store } from '../store/client.ts';
import { getCase, saveCase } from '../store/cases.ts';
import type { Case, CaseEvent } from '../case.ts';

/** A change to a case: the new case, or `undefined` to leave it as it is; throws to refuse. */
export type CaseChange = (c: Case) => { next: Omit<Case, 'version'>; events: CaseEvent[] } | undefined;

/**
 * Optimistic concurrency for every change to a case: read, decide, write at the next version only
 * if nobody wrote in between; else read again and decide again (the decision may now refuse).
 * Parallel requests all land, one after the other, and none is lost.
 */
export async function changeCase(store: Store, id: string, change: CaseChange, attempts = 10): Promise<Case> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    const c = await getCase(store, id);
    if (!c) throw new WecareError('not_found', `case ${id} not found`);
    const out = change(c);
    if (!out) return c;
    const next = { ...out.next, version: c.version + 1 } as Case;
    if (await saveCase(store, next, out.events)) return next;
    // Someone else wrote first: a short random wait spreads the retries of a crowd.
    await new Promise((r) => setTimeout(r, Math.random() * 10 * (attempt + 1)));
  }
  throw new WecareError('unavailable', `case ${id} is changing too fast, retry later`);
}
