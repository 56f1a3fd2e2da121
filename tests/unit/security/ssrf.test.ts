import type { LookupAddress } from 'node:dns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RecordingSink, startSink } from '../../../local/sink.ts';
import { send } from '../../../shared/platforms/http.ts';
import { addressRange, checkPublicUrl, guardedFetch, refusal } from '../../../shared/broadcast/public-target.ts';

/** A resolver that answers `name` with fixed addresses, as a hostile DNS server may. */
const fakeDns = (answers: Record<string, string[]>, calls: string[] = []) =>
  ((host: string, _opts: unknown, cb: (e: Error | null, a: LookupAddress[]) => void) => {
    calls.push(host);
    const list = answers[host];
    if (!list) return cb(Object.assign(new Error(`ENOTFOUND ${host}`), { code: 'ENOTFOUND' }), []);
    cb(null, list.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));
  }) as never;

let sink: RecordingSink;
beforeAll(async () => {
  sink = await startSink();
});
afterAll(() => sink.close());

const refusedBy = async (fetchFn: typeof fetch, url: string) => {
  try {
    await fetchFn(url, { method: 'POST', body: '{}' });
    return undefined;
  } catch (e) {
    return refusal(e)?.message ?? `other: ${(e as Error).message}`;
  }
};

describe('the outbound filter for stranger-supplied webhook URLs', () => {
  const strict = guardedFetch();

  it.each([
    ['https://127.0.0.1/hook', 'loopback'],
    ['https://0x7f000001/hook', 'loopback'],
    ['https://2130706433/hook', 'loopback'],
    ['https://127.1/hook', 'loopback'],
    ['https://0177.0.0.1/hook', 'loopback'],
    ['https://[::1]/hook', 'loopback'],
    ['https://[::ffff:127.0.0.1]/hook', 'loopback'],
    ['https://169.254.169.254/latest/meta-data/', 'linkLocal'],
    ['https://[fd00:ec2::254]/latest/meta-data/', 'uniqueLocal'],
    ['https://10.0.0.1/', 'private'],
    ['https://172.16.5.4/', 'private'],
    ['https://192.168.1.1/', 'private'],
    ['https://100.64.0.1/', 'carrierGradeNat'],
    ['https://224.0.0.1/', 'multicast'],
    ['https://0.0.0.0/', 'unspecified'],
    ['https://[::]/', 'unspecified'],
    ['https://[fe80::1]/', 'linkLocal'],
  ])('refuses %s (%s) before connecting', async (url, range) => {
    expect(await refusedBy(strict, url)).toBe(`address not allowed (${range})`);
    expect(checkPublicUrl(url)).toBe(`address not allowed (${range})`);
  });

  it('refuses plain http, and names that resolve to a private address, at connect time', async () => {
    expect(await refusedBy(strict, `${sink.url}/x`)).toBe('https only');
    const viaDns = guardedFetch({ lookup: fakeDns({ 'internal.example': ['10.1.2.3'], 'mixed.example': ['93.184.215.14', '127.0.0.1'] }) });
    expect(await refusedBy(viaDns, 'https://internal.example/hook')).toBe('address not allowed (private)');
    // One bad address among the answers refuses the host: the socket could pick any of them.
    expect(await refusedBy(viaDns, 'https://mixed.example/hook')).toBe('address not allowed (loopback)');
    expect(await refusedBy(strict, 'https://localhost/hook')).toBe('address not allowed (loopback)');
    expect(sink.requests()).toHaveLength(0);
  });

  it('connects to the very address it checked (no second lookup a rebinding DNS could answer differently)', async () => {
    const calls: string[] = [];
    // The test-only setting lets the loopback sink in; the resolver is asked once per connection.
    const pinned = guardedFetch({ allowPrivate: true, lookup: fakeDns({ 'hooks.example': ['127.0.0.1'] }, calls) });
    const res = await pinned(`http://hooks.example:${sink.port}/pinned`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(200);
    expect(sink.requests('/pinned')).toHaveLength(1);
    expect(calls).toEqual(['hooks.example']);
  });

  it('never follows a redirect and never keeps what the target answered', async () => {
    sink.script({ prefix: '/moved', status: 302, headers: { location: `${sink.url}/internal` }, body: { leaked: 'internal detail' } });
    sink.script({ prefix: '/fails', status: 400, body: { leaked: 'internal detail' } });
    const open = guardedFetch({ allowPrivate: true });
    const moved = await send(open, { url: `${sink.url}/moved`, headers: {}, body: '{}' });
    expect(moved).toEqual({ kind: 'reject', status: 302, error: 'HTTP 302 (redirects are not followed)' });
    expect(sink.requests('/internal')).toHaveLength(0);
    const failed = await send(open, { url: `${sink.url}/fails`, headers: {}, body: '{}' });
    expect(failed).toEqual({ kind: 'reject', status: 400, error: 'HTTP 400' });
    expect(await send(strict, { url: 'https://127.1/hook', headers: {}, body: '{}' })).toEqual({ kind: 'reject', error: 'refused: address not allowed (loopback)' });
  });

  it('judges only ordinary public unicast addresses as public', () => {
    expect(addressRange('93.184.215.14')).toBe('unicast');
    expect(addressRange('2606:4700:4700::1111')).toBe('unicast');
    expect(addressRange('64:ff9b::a00:1')).not.toBe('unicast'); // NAT64 of 10.0.0.1
    expect(checkPublicUrl('https://user:pass@example.com/')).toMatch(/credentials/);
    expect(checkPublicUrl('https://intranet/')).toMatch(/local name/);
    expect(checkPublicUrl('https://hooks.example.com/wecare')).toBeUndefined();
  });
});
