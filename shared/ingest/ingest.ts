import type { Brands } from '../config/load.ts';
import type { PlatformEvent } from '../mention.ts';
import type { Store } from '../store/client.ts';
import { storeMention, toMention } from '../store/mentions.ts';
import { applyChange } from '../store/parked-changes.ts';
import { boundEvent } from './bound.ts';
import { unlessErased } from '../privacy/tombstone.ts';

export interface IngestResult {
  stored: number;
  duplicates: number;
  changes: number;
  /** Changes for mentions not stored yet: kept and applied when the mention lands. */
  parked: number;
  ignored: number;
  /** Mentions addressed to an account no brand owns: stored under brand "unknown" and flagged. */
  unknownAccounts: number;
  /** Messages and edits of erased authors: stored without their words or name, or not applied (tombstone.ts). */
  erased: number;
}

/** DynamoDB Local and DynamoDB both take parallel writes well; more than this only queues in the client. */
const WRITE_CONCURRENCY = 16;

/**
 * Stores every event of one verified webhook body: one conditional write each; a mention first reads
 * its author's erasure tombstone (one key query), so an erased author's data is never stored again.
 * Any storage failure rejects the whole call (→ 503): the platform redelivers, and what was already
 * stored is recognised as a duplicate, so nothing is lost and nothing doubles.
 */
export async function ingestEvents(
  deps: { store: Store; brands: Brands },
  events: PlatformEvent[],
  receivedAt: string,
): Promise<IngestResult> {
  const result: IngestResult = { stored: 0, duplicates: 0, changes: 0, parked: 0, ignored: 0, unknownAccounts: 0, erased: 0 };
  const write = async (received: PlatformEvent) => {
    const event = boundEvent(received);
    if (event.type === 'ignored') {
      result.ignored++;
      return;
    }
    if (event.type === 'mention') {
      const brand = deps.brands.byAccount(event.draft.platform, event.draft.accountId);
      if (!brand) result.unknownAccounts++;
      // An erased author's new message keeps only what metrics count: erasure sticks.
      const mention = await unlessErased(deps.store, toMention(event.draft, brand?.id, receivedAt), new Date(receivedAt));
      const outcome = await storeMention(deps.store, mention);
      if (outcome === 'duplicate') result.duplicates++;
      else if (mention.erasedAt) result.erased++;
      else result.stored++;
      return;
    }
    const outcome = await applyChange(deps.store, event);
    if (outcome === 'duplicate') result.duplicates++;
    else if (outcome === 'parked') result.parked++;
    else if (outcome === 'erased') result.erased++;
    else result.changes++;
  };
  await inBatches(events, WRITE_CONCURRENCY, write);
  return result;
}

async function inBatches<T>(items: T[], size: number, fn: (item: T) => Promise<void>): Promise<void> {
  if (items.length === 1) return fn(items[0]!);
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
}
