import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { DeleteItemCommand, GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { isConditionFailure, type Item, storageDown, type Store } from './client.ts';

/**
 * A console session (README, "People"). The browser holds a random 32-byte id in its cookie; the
 * table holds only the id's SHA-256 as the key, and the tokens the session keeps (refresh and ID
 * token) sealed with a key derived from the id. Whoever reads the table, or its stream, can neither
 * take over a session nor use its refresh token: both need the cookie.
 *
 * pk = `SESSION#<sha256(id)>`, sk = `SESSION` (ttl = when it ends at the latest)
 */
export interface SessionData {
  /** The Principal the last verified access token gave (checked by the caller on every read). */
  principal: unknown;
  /** From the ID token, for the console to show; absent when the issuer did not send it. */
  email?: string;
  createdAt: string;
  /** ms since the epoch: the access token's expiry, when the session refreshes. */
  accessExpiresAt: number;
  /** ms since the epoch: ends unless used before (extended on use). */
  idleExpiresAt: number;
  /** ms since the epoch: ends at the latest (the refresh token's working day). */
  expiresAt: number;
  refreshToken?: string;
  idToken?: string;
}

export interface Session extends SessionData {
  /** Bumped by every refresh; a refresh writes only over the version it read. */
  version: number;
}

const key = (id: Buffer) => ({ pk: `SESSION#${createHash('sha256').update(id).digest('base64url')}`, sk: 'SESSION' });
const ttlOf = (s: Pick<SessionData, 'idleExpiresAt' | 'expiresAt'>) => Math.ceil(Math.min(s.idleExpiresAt, s.expiresAt) / 1000);

export async function createSession(store: Store, id: Buffer, s: SessionData): Promise<void> {
  const k = key(id);
  try {
    await store.ddb.send(
      new PutItemCommand({
        TableName: store.table,
        Item: marshall({ ...k, type: 'session', ...plain(s), sealed: seal(id, k.pk, s), version: 1, ttl: ttlOf(s) }, { removeUndefinedValues: true }),
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  } catch (e) {
    throw storageDown(e);
  }
}

/** The session, or undefined when there is none or it has ended (TTL deletion lags; the times decide). */
export async function getSession(store: Store, id: Buffer, now: Date): Promise<Session | undefined> {
  let item: Item | undefined;
  try {
    ({ Item: item } = await store.ddb.send(new GetItemCommand({ TableName: store.table, Key: marshall(key(id)), ConsistentRead: true })));
  } catch (e) {
    throw storageDown(e);
  }
  const s = item && fromItem(id, item);
  return s && Math.min(s.idleExpiresAt, s.expiresAt) > now.getTime() ? s : undefined;
}

/** Moves the idle deadline on (never past the session's end). */
export async function touchSession(store: Store, id: Buffer, idleExpiresAt: number): Promise<void> {
  try {
    await store.ddb.send(
      new UpdateItemCommand({
        TableName: store.table,
        Key: marshall(key(id)),
        UpdateExpression: 'SET idleExpiresAt = :idle, #ttl = :ttl',
        ConditionExpression: 'attribute_exists(pk) AND expiresAt > :idle',
        ExpressionAttributeNames: { '#ttl': 'ttl' },
        ExpressionAttributeValues: marshall({ ':idle': idleExpiresAt, ':ttl': Math.ceil(idleExpiresAt / 1000) }),
      }),
    );
  } catch (e) {
    if (!isConditionFailure(e)) throw storageDown(e);
  }
}

/**
 * One refresh at a time: the first request to take the lease on this version calls the issuer;
 * a concurrent one keeps using the session as it is (a rotated refresh token used twice would
 * make the issuer revoke the whole grant).
 */
export async function claimRefresh(store: Store, id: Buffer, version: number, now: Date, leaseMs = 10_000): Promise<boolean> {
  try {
    await store.ddb.send(
      new UpdateItemCommand({
        TableName: store.table,
        Key: marshall(key(id)),
        UpdateExpression: 'SET refreshLeaseUntil = :until',
        ConditionExpression: 'version = :v AND (attribute_not_exists(refreshLeaseUntil) OR refreshLeaseUntil < :now)',
        ExpressionAttributeValues: marshall({ ':v': version, ':now': now.getTime(), ':until': now.getTime() + leaseMs }),
      }),
    );
    return true;
  } catch (e) {
    if (isConditionFailure(e)) return false;
    throw storageDown(e);
  }
}

/** After a refresh: the new tokens and principal, over the version that was read (and leased). */
export async function saveRefreshed(store: Store, id: Buffer, version: number, s: SessionData): Promise<void> {
  const k = key(id);
  const fields = { ...plain(s), sealed: seal(id, k.pk, s), ttl: ttlOf(s) };
  const names = Object.keys(fields).filter((n) => fields[n as keyof typeof fields] !== undefined);
  try {
    await store.ddb.send(
      new UpdateItemCommand({
        TableName: store.table,
        Key: marshall(k),
        UpdateExpression: `SET ${names.map((n) => `#${n} = :${n}`).join(', ')}, version = :next REMOVE refreshLeaseUntil${s.email === undefined ? ', email' : ''}`,
        ConditionExpression: 'version = :v',
        ExpressionAttributeNames: Object.fromEntries(names.map((n) => [`#${n}`, n])),
        ExpressionAttributeValues: marshall({ ...Object.fromEntries(names.map((n) => [`:${n}`, fields[n as keyof typeof fields]])), ':v': version, ':next': version + 1 }),
      }),
    );
  } catch (e) {
    if (!isConditionFailure(e)) throw storageDown(e);
  }
}

/** Ends the session; returns what it held (the ID token for the issuer's sign-out), if it existed. */
export async function deleteSession(store: Store, id: Buffer): Promise<Session | undefined> {
  try {
    const { Attributes } = await store.ddb.send(new DeleteItemCommand({ TableName: store.table, Key: marshall(key(id)), ReturnValues: 'ALL_OLD' }));
    return Attributes && fromItem(id, Attributes);
  } catch (e) {
    throw storageDown(e);
  }
}

const plain = (s: SessionData) => ({
  principal: JSON.stringify(s.principal),
  email: s.email,
  createdAt: s.createdAt,
  accessExpiresAt: s.accessExpiresAt,
  idleExpiresAt: s.idleExpiresAt,
  expiresAt: s.expiresAt,
});

function fromItem(id: Buffer, item: Item): Session | undefined {
  const raw = unmarshall(item);
  const secrets = unseal(id, raw.pk as string, raw.sealed as Uint8Array | undefined);
  if (!secrets) return undefined;
  return {
    principal: JSON.parse(String(raw.principal)),
    email: raw.email as string | undefined,
    createdAt: String(raw.createdAt),
    accessExpiresAt: Number(raw.accessExpiresAt),
    idleExpiresAt: Number(raw.idleExpiresAt),
    expiresAt: Number(raw.expiresAt),
    version: Number(raw.version),
    ...secrets,
  };
}

/** AES-256-GCM under a key only the cookie's id yields (HKDF), bound to the item's key. */
const sealKey = (id: Buffer) => Buffer.from(hkdfSync('sha256', id, 'wecare-session', 'seal', 32));

function seal(id: Buffer, pk: string, s: SessionData): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealKey(id), iv).setAAD(Buffer.from(pk));
  const body = Buffer.concat([cipher.update(JSON.stringify({ r: s.refreshToken, i: s.idToken })), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

function unseal(id: Buffer, pk: string, sealed: Uint8Array | undefined): Pick<SessionData, 'refreshToken' | 'idToken'> | undefined {
  if (!sealed || sealed.length < 28) return undefined;
  const buf = Buffer.from(sealed);
  try {
    const decipher = createDecipheriv('aes-256-gcm', sealKey(id), buf.subarray(0, 12)).setAAD(Buffer.from(pk));
    decipher.setAuthTag(buf.subarray(12, 28));
    const { r, i } = JSON.parse(Buffer.concat([decipher.update(buf.subarray(28)), decipher.final()]).toString('utf8')) as { r?: string; i?: string };
    return { refreshToken: r, idToken: i };
  } catch {
    return undefined;
  }
}
