import { GetItemCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { WecareError } from '../errors.ts';
import { type Incident, type IncidentUpdate, isClosed } from '../incident.ts';
import { isConditionFailure, type Item, type Store, storageDown } from './client.ts';
import { queryAll } from './query.ts';

/**
 * The incident entity and its updates (see table.ts):
 * - `INCIDENT#<id>` / `INCIDENT`: the incident's current state (mutable, optimistic `version`)
 * - `INCIDENT#<id>` / `UPDATE#<at>#<updateId>`: each update, written once (attribute_not_exists)
 * - gsi1 `INCIDENTS#<brand>` / `<createdAt>#<id>`: a brand's incidents by time (status page history)
 * - gsi4 `ACTIVE_INCIDENTS#<brand>` / `<createdAt>#<id>`: sparse, only while not resolved; the
 *   outage matcher and the status page read the few active ones without scanning the history
 * - `IDEMPOTENCY#incidents#<brand>#<key>` / `IDEMPOTENCY`: which update a retried POST produced (a day)
 * Deliveries (deliveries.ts) and affected authors (incident-mentions.ts) live under the same pk.
 */
export const incidentKeys = {
  incident: (id: string) => ({ pk: `INCIDENT#${id}`, sk: 'INCIDENT' }),
  update: (u: Pick<IncidentUpdate, 'incidentId' | 'at' | 'id'>) => ({ pk: `INCIDENT#${u.incidentId}`, sk: `UPDATE#${u.at}#${u.id}` }),
  brandIncidents: (brand: string) => `INCIDENTS#${brand}`,
  activeIncidents: (brand: string) => `ACTIVE_INCIDENTS#${brand}`,
  replay: (brand: string, key: string) => ({ pk: `IDEMPOTENCY#incidents#${brand}#${key}`, sk: 'IDEMPOTENCY' }),
};

/** The partition of one incident: its state, updates, deliveries and affected authors. */
export const incidentPartition = (incidentId: string) => `INCIDENT#${incidentId}`;

function incidentItem(i: Incident) {
  const active = !isClosed(i.status);
  return {
    ...incidentKeys.incident(i.id),
    gsi1pk: incidentKeys.brandIncidents(i.brand),
    gsi1sk: `${i.createdAt}#${i.id}`,
    ...(active ? { gsi4pk: incidentKeys.activeIncidents(i.brand), gsi4sk: `${i.createdAt}#${i.id}` } : {}),
    type: 'incident',
    ...i,
  };
}

const put = (store: Store, item: Record<string, unknown>, condition: string, values?: Record<string, unknown>) => ({
  Put: {
    TableName: store.table,
    Item: marshall(item, { removeUndefinedValues: true }),
    ConditionExpression: condition,
    ...(values ? { ExpressionAttributeValues: marshall(values) } : {}),
  },
});

/** Replay marker of an Idempotency-Key: which update a retried POST already produced (kept a day). */
export interface Replay {
  incidentId: string;
  updateId: string;
}

/**
 * Writes the incident and one update in one transaction. `previousVersion` undefined means a new
 * incident; otherwise the write only succeeds if nobody updated it meanwhile (409 otherwise).
 * With an idempotency key, a retried request writes nothing and gets the first request's ids back.
 */
export async function saveUpdate(
  store: Store,
  incident: Incident,
  update: IncidentUpdate,
  opts: { previousVersion?: number; idempotencyKey?: string } = {},
): Promise<{ saved: true } | { saved: false; replay: Replay }> {
  const incidentPut =
    opts.previousVersion === undefined
      ? put(store, incidentItem(incident), 'attribute_not_exists(pk)')
      : put(store, incidentItem(incident), 'version = :v', { ':v': opts.previousVersion });
  const updatePut = put(store, { ...incidentKeys.update(update), type: 'incident-update', ...update }, 'attribute_not_exists(pk)');
  const marker = opts.idempotencyKey ? incidentKeys.replay(incident.brand, opts.idempotencyKey) : undefined;
  const ttl = Math.floor(Date.parse(update.at) / 1000) + 86_400;
  const markerPut = marker && put(store, { ...marker, incidentId: incident.id, updateId: update.id, ttl }, 'attribute_not_exists(pk)');
  try {
    await store.ddb.send(new TransactWriteItemsCommand({ TransactItems: [...(markerPut ? [markerPut] : []), updatePut, incidentPut] }));
    return { saved: true };
  } catch (e) {
    if (!isConditionFailure(e)) throw storageDown(e);
    const reasons = (e as { CancellationReasons?: Array<{ Code?: string }> }).CancellationReasons ?? [];
    if (marker && reasons[0]?.Code === 'ConditionalCheckFailed') return { saved: false, replay: await readReplay(store, marker) };
    throw new WecareError('conflict', `incident ${incident.id} changed meanwhile; reload and retry`);
  }
}

async function readReplay(store: Store, key: { pk: string; sk: string }): Promise<Replay> {
  try {
    const out = await store.ddb.send(new GetItemCommand({ TableName: store.table, Key: marshall(key), ConsistentRead: true }));
    const item = out.Item ? unmarshall(out.Item) : undefined;
    if (!item) throw new WecareError('conflict', 'idempotency key in use by a request still in flight');
    return { incidentId: String(item.incidentId), updateId: String(item.updateId) };
  } catch (e) {
    if (e instanceof WecareError) throw e;
    throw storageDown(e);
  }
}

/** An item without its keys and entity mark: what the domain sees. */
export const stripKeys = <T>(item: Item): T => {
  const raw = unmarshall(item);
  for (const k of ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi4pk', 'gsi4sk', 'type']) delete raw[k];
  return raw as T;
};

export async function getIncident(store: Store, id: string): Promise<Incident | undefined> {
  try {
    const out = await store.ddb.send(new GetItemCommand({ TableName: store.table, Key: marshall(incidentKeys.incident(id)), ConsistentRead: true }));
    return out.Item ? stripKeys<Incident>(out.Item) : undefined;
  } catch (e) {
    throw storageDown(e);
  }
}

/** Every item under one incident whose sort key starts with `prefix` (UPDATE#, DELIVERY#, AFFECTED#); timelines are small. */
export async function incidentItems(store: Store, incidentId: string, prefix: string): Promise<Item[]> {
  const { items } = await queryAll(store, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: marshall({ ':pk': incidentPartition(incidentId), ':prefix': prefix }),
    ConsistentRead: true,
  });
  return items;
}

/** An incident's updates, oldest first. */
export async function listUpdates(store: Store, incidentId: string): Promise<IncidentUpdate[]> {
  return (await incidentItems(store, incidentId, 'UPDATE#')).map((i) => stripKeys<IncidentUpdate>(i));
}

/** A brand's incidents created since `since`, newest first (a brand's 90 days are small). */
export async function listIncidents(store: Store, brand: string, since: Date): Promise<Incident[]> {
  const { items } = await queryAll(store, {
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk >= :since',
    ExpressionAttributeValues: marshall({ ':pk': incidentKeys.brandIncidents(brand), ':since': since.toISOString() }),
    ScanIndexForward: false,
  });
  return items.map((i) => stripKeys<Incident>(i));
}

/** A brand's unresolved incidents and maintenances (sparse gsi4), oldest first. */
export async function listActiveIncidents(store: Store, brand: string): Promise<Incident[]> {
  const { items } = await queryAll(store, {
    IndexName: 'gsi4',
    KeyConditionExpression: 'gsi4pk = :pk',
    ExpressionAttributeValues: marshall({ ':pk': incidentKeys.activeIncidents(brand) }),
  });
  return items.map((i) => stripKeys<Incident>(i));
}
