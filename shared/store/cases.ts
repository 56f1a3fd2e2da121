import { GetItemCommand, PutItemCommand, QueryCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { type Case, type CaseEvent, type CaseNote, isOpen, runningDue } from '../case.ts';
import { WecareError } from '../errors.ts';
import { isConditionFailure, type Item, type Store, storageDown } from './client.ts';
import { foldForSearch } from '../words.ts';
import { shardOf } from './scatter.ts';

/**
 * The case entity and its records under one partition: pk `CASE#<id>`, sk `CASE` (the case),
 * `EVENT#<at>#<id>` (what happened, with its actor), `NOTE#<at>#<id>` (internal notes). One Query
 * reads a case whole. The queue index (gsi4) holds the case twice over its life:
 *
 * - `CASES#<brand>#active#<shard>` while new, open or pending, sorted by the deadline running now
 *   (`~` when paused: after every running one), then priority;
 * - `CASES#<brand>#closed#<shard>` once resolved, dismissed or spam, by when that happened.
 *
 * A case id starts with `case-` and derives from its first mention's id, which holds the brand.
 */
export const CASE_SHARDS = 16;

export const caseKeys = {
  item: (id: string) => ({ pk: `CASE#${id}`, sk: 'CASE' }),
  event: (id: string, e: Pick<CaseEvent, 'at' | 'id'>) => ({ pk: `CASE#${id}`, sk: `EVENT#${e.at}#${e.id}` }),
  note: (id: string, n: Pick<CaseNote, 'at' | 'id'>) => ({ pk: `CASE#${id}`, sk: `NOTE#${n.at}#${n.id}` }),
  queue: (brand: string, group: 'active' | 'closed', shard: number) => `CASES#${brand}#${group}#${shard}`,
  queues: (brand: string, group: 'active' | 'closed') => Array.from({ length: CASE_SHARDS }, (_, s) => `CASES#${brand}#${group}#${s}`),
};

const pad = (n: number) => String(Math.max(0, Math.min(999, Math.round(n)))).padStart(3, '0');

/** Where the case sits in its brand's queue: most urgent first while active, latest first once closed. */
export function queueKeys(c: Case) {
  const shard = shardOf(c.id, CASE_SHARDS);
  if (!isOpen(c.state)) return { gsi4pk: caseKeys.queue(c.brand, 'closed', shard), gsi4sk: `${c.updatedAt}#${c.id}` };
  const due = runningDue(c) ?? `~${c.updatedAt}`;
  return { gsi4pk: caseKeys.queue(c.brand, 'active', shard), gsi4sk: `${due}#${pad(100 - c.priority)}#${c.id}` };
}

const INTERNAL = ['pk', 'sk', 'gsi4pk', 'gsi4sk', 'type', 'search'];

/** What the inbox's search looks in (case-queue.ts): the last message's preview and who wrote it, folded. */
export const searchText = (c: Case) => foldForSearch([c.preview, c.customer.name, c.customer.handle, c.customer.id].filter(Boolean).join(' '));

export function caseFromItem(item: Item): Case {
  const raw = unmarshall(item) as Record<string, unknown>;
  for (const k of INTERNAL) delete raw[k];
  return raw as unknown as Case;
}

/** The stored case: its keys, its place in the queue (gsi4), the case itself. Exported for the bench, which seeds 100k. */
export const caseItem = (c: Case) => marshall({ ...caseKeys.item(c.id), ...queueKeys(c), type: 'case', search: searchText(c), ...c }, { removeUndefinedValues: true });
const eventItem = (caseId: string, e: CaseEvent) => marshall({ ...caseKeys.event(caseId, e), type: 'case-event', event: e }, { removeUndefinedValues: true });

export async function getCase(store: Store, id: string): Promise<Case | undefined> {
  try {
    const out = await store.ddb.send(new GetItemCommand({ TableName: store.table, Key: marshall(caseKeys.item(id)), ConsistentRead: true }));
    return out.Item ? caseFromItem(out.Item) : undefined;
  } catch (e) {
    throw storageDown(e);
  }
}

/**
 * Writes a case at `next.version`, only if the stored one is still at `next.version - 1` (or absent
 * for version 1), with its events in the same transaction. `false` when someone else wrote first.
 */
export async function saveCase(store: Store, next: Case, events: CaseEvent[] = []): Promise<boolean> {
  const condition =
    next.version === 1
      ? { ConditionExpression: 'attribute_not_exists(pk)' }
      : { ConditionExpression: 'version = :v', ExpressionAttributeValues: marshall({ ':v': next.version - 1 }) };
  try {
    if (events.length === 0) {
      await store.ddb.send(new PutItemCommand({ TableName: store.table, Item: caseItem(next), ...condition }));
    } else {
      await store.ddb.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName: store.table, Item: caseItem(next), ...condition } },
            ...events.map((e) => ({ Put: { TableName: store.table, Item: eventItem(next.id, e) } })),
          ],
        }),
      );
    }
    return true;
  } catch (e) {
    if (isConditionFailure(e)) return false;
    throw storageDown(e);
  }
}

/** An internal note: its own item, so notes written at once never overwrite each other. */
export async function addNote(store: Store, caseId: string, note: CaseNote, event: CaseEvent): Promise<void> {
  try {
    await store.ddb.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          { Put: { TableName: store.table, Item: marshall({ ...caseKeys.note(caseId, note), type: 'case-note', note }), ConditionExpression: 'attribute_not_exists(pk)' } },
          { Put: { TableName: store.table, Item: eventItem(caseId, event) } },
          // The case must exist: a note on a missing case is a 404, not an orphan.
          { ConditionCheck: { TableName: store.table, Key: marshall(caseKeys.item(caseId)), ConditionExpression: 'attribute_exists(pk)' } },
        ],
      }),
    );
  } catch (e) {
    if (isConditionFailure(e)) throw new WecareError('not_found', `case ${caseId} not found`);
    throw storageDown(e);
  }
}

/** The case with its events and notes, oldest first; undefined when there is no such case. */
export async function caseRecords(store: Store, id: string): Promise<{ case: Case; events: CaseEvent[]; notes: CaseNote[] } | undefined> {
  const items: Item[] = [];
  let start: Item | undefined;
  try {
    do {
      const page = await store.ddb.send(
        new QueryCommand({ TableName: store.table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: marshall({ ':pk': caseKeys.item(id).pk }), ExclusiveStartKey: start, ConsistentRead: true }),
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
  } catch (e) {
    throw storageDown(e);
  }
  const main = items.find((i) => i.sk?.S === 'CASE');
  if (!main) return undefined;
  const events = items.filter((i) => i.sk?.S?.startsWith('EVENT#')).map((i) => unmarshall(i).event as CaseEvent);
  const notes = items.filter((i) => i.sk?.S?.startsWith('NOTE#')).map((i) => unmarshall(i).note as CaseNote);
  return { case: caseFromItem(main), events, notes };
}
