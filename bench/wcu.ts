import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { GSIS, PROJECTIONS } from '../shared/store/table.ts';

/**
 * Write units per partition key, from DynamoDB's item-size rules applied to the items written
 * (DynamoDB Local neither throttles nor reports consumed capacity per index):
 *
 * - an item's size is the sum of its attribute names (UTF-8) and values: a string its UTF-8
 *   bytes, a number ~1 byte per 2 significant digits + 1, a boolean or null 1, a list or map 3
 *   bytes + 1 per element (+ the key's bytes for a map) + the elements;
 * - a write costs 1 WCU per KB or part of it, of the larger of the item before and after;
 *   a transactional write (TransactWriteItems) costs twice that on the table;
 * - on a GSI: a new index key is a put, a key gone a delete, a changed key a delete on the old
 *   key plus a put on the new; an unchanged key is written only when a projected attribute
 *   changed (ALL: any attribute; INCLUDE: the keys and the included ones), sized as projected.
 */
type Image = Record<string, AttributeValue>;

export interface WriteRecord {
  eventName?: string;
  dynamodb?: { OldImage?: Image; NewImage?: Image; Keys?: Image };
}

const utf8 = (s: string) => Buffer.byteLength(s, 'utf8');

function numberSize(n: string): number {
  const digits = n.replace(/^-/, '').replace(/e.*$/i, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  return Math.ceil(Math.max(1, digits.length) / 2) + 1;
}

export function valueSize(v: AttributeValue): number {
  if (v.S !== undefined) return utf8(v.S);
  if (v.N !== undefined) return numberSize(v.N);
  if (v.B !== undefined) return v.B.length;
  if (v.BOOL !== undefined || v.NULL !== undefined) return 1;
  if (v.SS) return v.SS.reduce((a, s) => a + utf8(s), 0);
  if (v.NS) return v.NS.reduce((a, s) => a + numberSize(s), 0);
  if (v.L) return 3 + v.L.reduce((a, e) => a + 1 + valueSize(e), 0);
  if (v.M) return 3 + Object.entries(v.M).reduce((a, [k, e]) => a + 1 + utf8(k) + valueSize(e), 0);
  return 0;
}

export const itemSize = (item: Image) => Object.entries(item).reduce((a, [k, v]) => a + utf8(k) + valueSize(v), 0);
export const units = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));

/** The attributes an index copies of an item, or undefined when the item is not in the index. */
export function projected(index: (typeof GSIS)[number], item: Image | undefined): Image | undefined {
  const pk = `${index}pk`;
  const sk = `${index}sk`;
  if (!item?.[pk] || !item[sk]) return undefined;
  const p = PROJECTIONS[index];
  if (p.type === 'ALL') return item;
  const keep = ['pk', 'sk', pk, sk, ...p.attributes];
  return Object.fromEntries(Object.entries(item).filter(([k]) => keep.includes(k)));
}

const same = (a: Image, b: Image) => JSON.stringify(Object.entries(a).sort(([x], [y]) => x.localeCompare(y))) === JSON.stringify(Object.entries(b).sort(([x], [y]) => x.localeCompare(y)));

/** One partition key's share of the burst: `<table or index> <key>` → WCU and writes. */
export type KeyLoad = Map<string, { wcu: number; writes: number; bytes: number }>;

function add(load: KeyLoad, key: string, bytes: number, factor = 1) {
  const k = load.get(key) ?? { wcu: 0, writes: 0, bytes: 0 };
  k.wcu += units(bytes) * factor;
  k.writes++;
  k.bytes = Math.max(k.bytes, bytes);
  load.set(key, k);
}

/** Adds one stream record's writes, on the table and each GSI, to `load`. */
export function addRecord(load: KeyLoad, r: WriteRecord, transactional: (pk: string, sk: string) => boolean): void {
  const before = r.dynamodb?.OldImage;
  const after = r.dynamodb?.NewImage;
  const keyItem = after ?? before ?? r.dynamodb?.Keys;
  if (!keyItem?.pk?.S) return;
  const pk = keyItem.pk.S;
  const base = Math.max(before ? itemSize(before) : 0, after ? itemSize(after) : 0);
  add(load, `table ${pk}`, base, transactional(pk, keyItem.sk?.S ?? '') ? 2 : 1);
  for (const index of GSIS) {
    const old = projected(index, before);
    const next = projected(index, after);
    const keyOf = (i: Image) => `${index} ${i[`${index}pk`]!.S}`;
    const moved = old && next && (old[`${index}pk`]!.S !== next[`${index}pk`]!.S || old[`${index}sk`]!.S !== next[`${index}sk`]!.S);
    if (old && (!next || moved)) add(load, keyOf(old), itemSize(old));
    if (next && (!old || moved)) add(load, keyOf(next), itemSize(next));
    if (old && next && !moved && !same(old, next)) add(load, keyOf(next), Math.max(itemSize(old), itemSize(next)));
  }
}

/** The pattern of a key, its numbers and ids blanked: `gsi6 BRAND#demo#<n>`. */
export const patternOf = (key: string) =>
  key
    .replace(/#\d+$/, '#<n>')
    .replace(/(MENTION|CASE|CONV|AUTHOR#[a-z]+|SAMETEXT#[^#]+|OUTBOX|FOLLOWUP)#.+$/, '$1#<id>')
    .replace(/^(table|gsi\d) case-.+$/, '$1 case-<id>');

export function top(load: KeyLoad, n: number) {
  return [...load.entries()].sort(([, a], [, b]) => b.wcu - a.wcu).slice(0, n).map(([key, v]) => ({ key, pattern: patternOf(key), ...v }));
}
