import { GetItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { isConditionFailure, type Store, storageDown } from './client.ts';

/**
 * The same-text memory: per brand and text fingerprint, the first mention of that text on each
 * platform (id, time, case; no author, no text). pk `SAMETEXT#<brand>#<fingerprint>`, sk `SAMETEXT`,
 * one attribute `first_<platform>` per platform, expiring a day after it was written (ttl).
 * The fingerprint and the window are the triage rule's (shared/triage/same-text.ts).
 */
const sameTextKey = (brand: string, fingerprint: string) => ({ pk: `SAMETEXT#${brand}#${fingerprint}`, sk: 'SAMETEXT' });
const PER_PLATFORM = 'first_';
const KEEP_SECONDS = 86_400;

export interface FirstOfText {
  id: string;
  platform: string;
  createdAt: string;
  caseId: string;
}

/** The remembered first mention of this text on each platform. */
export async function firstsOfText(store: Store, brand: string, fingerprint: string): Promise<FirstOfText[]> {
  try {
    const out = await store.ddb.send(new GetItemCommand({ TableName: store.table, Key: marshall(sameTextKey(brand, fingerprint)) }));
    const item = out.Item ? unmarshall(out.Item) : {};
    return Object.entries(item)
      .filter(([k]) => k.startsWith(PER_PLATFORM))
      .map(([, e]) => e as FirstOfText);
  } catch (e) {
    throw storageDown(e);
  }
}

/** Remembers `first` as its platform's first of the text, unless one created after `staleBefore` is there. */
export function rememberFirstOfText(store: Store, brand: string, fingerprint: string, first: FirstOfText, staleBefore: string): Promise<void> {
  return updatePlatformEntry(store, brand, fingerprint, first.platform, {
    UpdateExpression: 'SET #p = :entry, #ttl = :ttl',
    ConditionExpression: 'attribute_not_exists(#p) OR #p.#at < :stale',
    names: { '#at': 'createdAt', '#ttl': 'ttl' },
    values: {
      ':entry': { id: first.id, platform: first.platform, createdAt: first.createdAt, caseId: first.caseId },
      ':stale': staleBefore,
      ':ttl': Math.floor(Date.parse(first.createdAt) / 1000) + KEEP_SECONDS,
    },
  });
}

/** Erasure: the memory forgets this mention if it is its platform's first (its text hash links it to others). */
export function forgetFirstOfText(store: Store, brand: string, fingerprint: string, platform: string, id: string): Promise<void> {
  return updatePlatformEntry(store, brand, fingerprint, platform, { UpdateExpression: 'REMOVE #p', ConditionExpression: '#p.#id = :id', names: { '#id': 'id' }, values: { ':id': id } });
}

/** One conditional update of a platform's entry (`#p`); a failed condition is a no-op. */
async function updatePlatformEntry(
  store: Store,
  brand: string,
  fingerprint: string,
  platform: string,
  u: { UpdateExpression: string; ConditionExpression: string; names: Record<string, string>; values: Record<string, unknown> },
): Promise<void> {
  try {
    await store.ddb.send(
      new UpdateItemCommand({
        TableName: store.table,
        Key: marshall(sameTextKey(brand, fingerprint)),
        UpdateExpression: u.UpdateExpression,
        ConditionExpression: u.ConditionExpression,
        ExpressionAttributeNames: { '#p': `${PER_PLATFORM}${platform}`, ...u.names },
        ExpressionAttributeValues: marshall(u.values),
      }),
    );
  } catch (e) {
    if (!isConditionFailure(e)) throw storageDown(e);
  }
}
