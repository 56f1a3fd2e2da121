import { describe, expect, it } from 'vitest';
import { burst } from '../../bench/scale-burst.ts';
import { addRecord, itemSize, type KeyLoad, top, units } from '../../bench/wcu.ts';
import { demoBrands } from '../support/apps.ts';
import { endpoints, freshResources } from '../support/emulators.ts';

/**
 * Scale past one machine, proven by simulation (DynamoDB Local does not throttle): a burst of one
 * brand's mentions through the real ingest and triage, every write priced per partition key by
 * DynamoDB's item-size rules (bench/wcu.ts), scaled to 5,000 mentions a second. The bench runs
 * 5,000 (scale.hottest_partition_wcu); here 1,000, ×5, so CI proves it on every run.
 */
const BURST = 1000;
const PER_SECOND = 5000;

describe('one brand at 5,000 mentions a second', () => {
  it('keeps every partition key, on the table and on each index, under 1,000 WCU/s', { timeout: 600_000 }, async () => {
    const { resources } = await freshResources('scale');
    const out = await burst({ endpoint: endpoints().dynamo, fauxqs: endpoints().fauxqs, table: resources.table, streamArn: resources.streamArn, topicArn: resources.topicArns.mentionEvents, brands: demoBrands(), count: BURST });
    expect(out.triaged).toBe(BURST);
    const hottest = top(out.load, 5).map((k) => ({ key: k.key, wcuPerSecond: Math.round((k.wcu * PER_SECOND) / BURST) }));
    // The brand's keys are there to be priced (the check itself would pass on an empty stream).
    expect([...out.load.keys()].some((k) => k.startsWith('gsi6 BRAND#demo#'))).toBe(true);
    expect([...out.load.keys()].some((k) => k.startsWith('gsi4 CASES#demo#active#'))).toBe(true);
    expect(hottest[0]!.wcuPerSecond, JSON.stringify(hottest)).toBeLessThan(1000);
  });
});

describe('the pricing rules', () => {
  const item = (extra: Record<string, { S: string }> = {}) => ({ pk: { S: 'MENTION#m1' }, sk: { S: 'MENTION' }, gsi6pk: { S: 'BRAND#demo#3' }, gsi6sk: { S: '2026#m1' }, id: { S: 'm1' }, text: { S: 'x'.repeat(1500) }, ...extra });
  const priced = (records: Parameters<typeof addRecord>[1][]) => {
    const load: KeyLoad = new Map();
    for (const r of records) addRecord(load, r, () => false);
    return Object.fromEntries([...load].map(([k, v]) => [k, v.wcu]));
  };

  it('sizes an item by names and values and rounds each write up to whole KB', () => {
    expect(itemSize({ ab: { S: 'héllo' }, n: { N: '12345' }, ok: { BOOL: true } })).toBe(2 + 6 + 1 + 4 + 2 + 1);
    expect([units(1), units(1024), units(1025)]).toEqual([1, 1, 2]);
  });

  it('charges an INCLUDE index only when its key or a projected attribute changes', () => {
    const before = item();
    // Triage adds labels (not projected on gsi6): two units on the table (1.6 KB), none on gsi6.
    expect(priced([{ eventName: 'MODIFY', dynamodb: { OldImage: before, NewImage: item({ intent: { S: 'complaint' } }) } }])).toEqual({ 'table MENTION#m1': 2 });
    // A new item: the table and gsi6 (the projected part is small: 1 unit).
    expect(priced([{ eventName: 'INSERT', dynamodb: { NewImage: before } }])).toEqual({ 'table MENTION#m1': 2, 'gsi6 BRAND#demo#3': 1 });
    // A moved key: a delete on the old partition and a put on the new one.
    const moved = { ...before, gsi6pk: { S: 'BRAND#demo#4' } };
    expect(priced([{ eventName: 'MODIFY', dynamodb: { OldImage: before, NewImage: moved } }])).toEqual({ 'table MENTION#m1': 2, 'gsi6 BRAND#demo#3': 1, 'gsi6 BRAND#demo#4': 1 });
  });
});
