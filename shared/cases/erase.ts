import type { Store } from '../store/client.ts';
import { changeCase } from './mutate.ts';

/** Erasure reaches the case: the customer's name, handle, id and last words go; counts and clocks stay. */
export async function eraseCaseCustomer(store: Store, caseId: string, anonymousId: string): Promise<void> {
  await changeCase(store, caseId, (c) => ({ next: { ...c, customer: { platform: c.customer.platform, id: anonymousId }, preview: '' }, events: [] })).catch((e) => {
    if ((e as { code?: string }).code !== 'not_found') throw e;
  });
}
