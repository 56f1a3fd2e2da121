import { GetItemCommand, PutItemCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { Impact } from '../incident.ts';
import { isConditionFailure, type Store, storageDown } from './client.ts';
import { stripKeys } from './incidents.ts';
import { countAll, queryAll } from './query.ts';

/**
 * Drafts from the crowd (shared/incidents/drafts.ts) and the complaints they count:
 * - `COMPLAINTS#<brand>#<component>` / `<createdAt>#<mentionId>`: a complaint naming the component
 *   (ids only, no text: erasure needs to find nothing here), written once per mention, kept a day;
 * - `DRAFT#<id>` / `DRAFT`, gsi1 `DRAFTS#<brand>` / `<proposedAt>#<id>`: the proposal, kept 30 days;
 * - `DRAFT-LOCK#<brand>#<component>` / `LOCK`: at most one open draft per brand and component,
 *   taken with the draft in one transaction (`attribute_not_exists OR until < now`), released on
 *   publish or dismiss; so N complaints at once, on any number of consumers, give one draft.
 */
export const draftKeys = {
  complaints: (brand: string, component: string) => `COMPLAINTS#${brand}#${component}`,
  draft: (id: string) => ({ pk: `DRAFT#${id}`, sk: 'DRAFT' }),
  brandDrafts: (brand: string) => `DRAFTS#${brand}`,
  lock: (brand: string, component: string) => ({ pk: `DRAFT-LOCK#${brand}#${component}`, sk: 'LOCK' }),
};

export interface Evidence {
  mentionId: string;
  at: string;
}

export interface IncidentDraft {
  id: string;
  brand: string;
  component: string;
  impact: Impact;
  /** The first complaints of the spike, oldest first. */
  evidence: Evidence[];
  /** Complaints in the window when proposed. */
  complaints: number;
  firstComplaintAt: string;
  proposedAt: string;
  state: 'open' | 'published' | 'dismissed';
  incidentId?: string;
}

const DAY = 86_400;
const epoch = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/** Records one complaint naming a component; a redelivered mention writes nothing twice. */
export async function recordComplaint(store: Store, brand: string, component: string, e: Evidence): Promise<void> {
  try {
    await store.ddb.send(
      new PutItemCommand({
        TableName: store.table,
        Item: marshall({ pk: draftKeys.complaints(brand, component), sk: `${e.at}#${e.mentionId}`, type: 'complaint', ...e, ttl: epoch(e.at) + DAY }),
        ConditionExpression: 'attribute_not_exists(sk)',
      }),
    );
  } catch (e) {
    if (!isConditionFailure(e)) throw storageDown(e);
  }
}

const range = (brand: string, component: string, from: string, to: string) => ({
  KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
  ExpressionAttributeValues: marshall({ ':pk': draftKeys.complaints(brand, component), ':from': from, ':to': `${to}\uffff` }),
});

export const countComplaints = (store: Store, brand: string, component: string, from: string, to: string) => countAll(store, range(brand, component, from, to));

/** The first `max` complaints in [from, to], oldest first. */
export async function firstComplaints(store: Store, brand: string, component: string, from: string, to: string, max: number): Promise<Evidence[]> {
  const { items } = await queryAll(store, { ...range(brand, component, from, to), ConsistentRead: true }, { maxItems: max, exact: true });
  return items.map((i) => {
    const { mentionId, at } = stripKeys<Evidence & { ttl: number }>(i);
    return { mentionId, at };
  });
}

/** Proposes the draft unless one is open for its brand and component: true when this call wrote it. */
export async function proposeDraft(store: Store, draft: IncidentDraft, now: Date, attempt = 0): Promise<boolean> {
  const lock = { ...draftKeys.lock(draft.brand, draft.component), draftId: draft.id, until: new Date(now.getTime() + DAY * 1000).toISOString(), ttl: epoch(now.toISOString()) + DAY };
  const item = { ...draftKeys.draft(draft.id), gsi1pk: draftKeys.brandDrafts(draft.brand), gsi1sk: `${draft.proposedAt}#${draft.id}`, type: 'incident-draft', ...draft, ttl: epoch(draft.proposedAt) + 30 * DAY };
  try {
    await store.ddb.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          { Put: { TableName: store.table, Item: marshall(lock), ConditionExpression: 'attribute_not_exists(pk) OR #until < :now', ExpressionAttributeNames: { '#until': 'until' }, ExpressionAttributeValues: marshall({ ':now': now.toISOString() }) } },
          { Put: { TableName: store.table, Item: marshall(item, { removeUndefinedValues: true }), ConditionExpression: 'attribute_not_exists(pk)' } },
        ],
      }),
    );
    return true;
  } catch (e) {
    // Two proposals at the same moment may both be cancelled as conflicting: try again, one wins.
    if (conflicted(e) && attempt < 3) return new Promise((r) => setTimeout(r, 20 + Math.random() * 50)).then(() => proposeDraft(store, draft, now, attempt + 1));
    if (isConditionFailure(e)) return false;
    throw storageDown(e);
  }
}

const conflicted = (e: unknown) => ((e as { CancellationReasons?: Array<{ Code?: string }> }).CancellationReasons ?? []).some((r) => r.Code === 'TransactionConflict');

export async function getDraft(store: Store, id: string): Promise<IncidentDraft | undefined> {
  try {
    const out = await store.ddb.send(new GetItemCommand({ TableName: store.table, Key: marshall(draftKeys.draft(id)), ConsistentRead: true }));
    return out.Item ? clean(stripKeys<IncidentDraft & { ttl?: number }>(out.Item)) : undefined;
  } catch (e) {
    throw storageDown(e);
  }
}

/** A brand's drafts proposed since `since`, newest first. */
export async function listDrafts(store: Store, brand: string, since: Date): Promise<IncidentDraft[]> {
  const { items } = await queryAll(store, {
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk >= :since',
    ExpressionAttributeValues: marshall({ ':pk': draftKeys.brandDrafts(brand), ':since': since.toISOString() }),
    ScanIndexForward: false,
  });
  return items.map((i) => clean(stripKeys<IncidentDraft & { ttl?: number }>(i)));
}

/**
 * Closes an open draft (published with its incident, or dismissed) and releases its lock, in one
 * transaction; false when it was no longer open (someone else closed it first).
 */
export async function closeDraft(store: Store, draft: IncidentDraft, state: 'published' | 'dismissed', incidentId?: string): Promise<boolean> {
  const set = incidentId ? 'SET #state = :state, incidentId = :incident' : 'SET #state = :state';
  try {
    await store.ddb.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          {
            Update: {
              TableName: store.table,
              Key: marshall(draftKeys.draft(draft.id)),
              UpdateExpression: set,
              ConditionExpression: '#state = :open',
              ExpressionAttributeNames: { '#state': 'state' },
              ExpressionAttributeValues: marshall({ ':state': state, ':open': 'open', ...(incidentId ? { ':incident': incidentId } : {}) }),
            },
          },
          // Only this draft's lock: a newer draft's lock stays.
          { Delete: { TableName: store.table, Key: marshall(draftKeys.lock(draft.brand, draft.component)), ConditionExpression: 'attribute_not_exists(pk) OR draftId = :id', ExpressionAttributeValues: marshall({ ':id': draft.id }) } },
        ],
      }),
    );
    return true;
  } catch (e) {
    if (isConditionFailure(e)) return false;
    throw storageDown(e);
  }
}

const clean = ({ ttl: _, ...draft }: IncidentDraft & { ttl?: number }): IncidentDraft => draft;

