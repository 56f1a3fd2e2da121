import type { Brands } from '../config/load.ts';
import type { PlatformEvent } from '../mention.ts';
import type { Store } from '../store/client.ts';
import { storeMention, toMention, UNKNOWN_BRAND } from '../store/mentions.ts';
import { accountKindOf } from '../platforms/webhooks.ts';
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
    // One change per brand it may be for; it counts once, as its most telling outcome.
    const outcomes = await Promise.all(brandsOfChange(deps.brands, event).map((brand) => applyChange(deps.store, { ...event, brand })));
    if (outcomes.includes('applied')) result.changes++;
    else if (outcomes.includes('erased')) result.erased++;
    else if (outcomes.includes('parked')) result.parked++;
    else result.duplicates++;
  };
  await inBatches(events, WRITE_CONCURRENCY, write);
  return result;
}

/**
 * The brands a platform change may be for: the owner of the account it names, else every brand
 * with an account of the platform's kind (a change must reach each brand's copy of the mention).
 */
function brandsOfChange(brands: Brands, change: Extract<PlatformEvent, { type: 'edit' | 'state' | 'refetch' }>): string[] {
  if (change.accountId) return [brands.byAccount(change.platform, change.accountId)?.id ?? UNKNOWN_BRAND];
  const kind = accountKindOf(change.platform) ?? change.platform;
  const owners = brands.all.filter((b) => (b.accounts[kind]?.length ?? 0) > 0).map((b) => b.id);
  return owners.length ? owners : [UNKNOWN_BRAND];
}

async function inBatches<T>(items: T[], size: number, fn: (item: T) => Promise<void>): Promise<void> {
  if (items.length === 1) return fn(items[0]!);
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
}
