import { describe, expect, it } from 'vitest';
import { parseJson, safeEqual, toIso } from '../../../shared/platforms/generic/inbound.ts';
import { metaVerifyChallenge, webhookPlatforms } from '../../../shared/platforms/webhooks.ts';
import { NOW, thrown } from './support.ts';

describe('parseJson', () => {
  it('keeps integers beyond 2^53 exact as strings, small numbers as numbers', () => {
    const v = parseJson('{"id": 1767478102231003137, "ids":[1767478102231003139,2], "n": 312, "t":"x"}') as Record<string, unknown>;
    expect(v).toEqual({ id: '1767478102231003137', ids: ['1767478102231003139', 2], n: 312, t: 'x' });
  });

  it('leaves digit runs inside strings (and escaped quotes) untouched while quoting the real ids', () => {
    const raw = '{"id": 1767478102231003137, "text": "say \\"x\\": 1234567890123456789, thanks", "f": 1.12345678901234567, "e": -12345678901234567}';
    expect(parseJson(raw)).toEqual({ id: '1767478102231003137', text: 'say "x": 1234567890123456789, thanks', f: 1.12345678901234567, e: '-12345678901234567' });
  });

  it('not JSON → bad_request', () => {
    expect(thrown(() => parseJson(''))).toMatchObject({ code: 'bad_request', message: 'body: not valid JSON' });
  });
});

describe('helpers', () => {
  it('toIso reads epoch seconds, milliseconds, digit strings and dates', () => {
    expect(toIso(1449135003, NOW)).toBe('2015-12-03T09:30:03.000Z');
    expect(toIso(1457764197627, NOW)).toBe('2016-03-12T06:29:57.627Z');
    expect(toIso('1653253313', NOW)).toBe('2022-05-22T21:01:53.000Z');
    expect(toIso('Tue Mar 12 09:14:03 +0000 2024', NOW)).toBe('2024-03-12T09:14:03.000Z');
    expect(toIso('TIMESTAMP', NOW)).toBe(NOW.toISOString());
    expect(toIso(undefined, NOW)).toBe(NOW.toISOString());
  });

  it('safeEqual is false on different lengths and contents', () => {
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abd')).toBe(false);
    expect(safeEqual('abc', 'abcd')).toBe(false);
  });
});

describe('platform map and Meta verification handshake', () => {
  it('maps every route and nothing from Object.prototype', () => {
    expect(Object.keys(webhookPlatforms).sort()).toEqual(['generic', 'google', 'meta', 'trustpilot', 'x']);
    for (const [route, platform] of Object.entries(webhookPlatforms)) expect(platform.route).toBe(route);
    expect((webhookPlatforms as Record<string, unknown>).constructor).toBeUndefined();
  });

  it('echoes hub.challenge for a subscribe with the right token, else forbidden', () => {
    const q = { 'hub.mode': 'subscribe', 'hub.verify_token': 'tok', 'hub.challenge': '1158201444' };
    expect(metaVerifyChallenge(q, 'tok')).toBe('1158201444');
    expect(metaVerifyChallenge((n) => q[n as keyof typeof q], 'tok')).toBe('1158201444');
    expect(thrown(() => metaVerifyChallenge({ ...q, 'hub.verify_token': 'tok2' }, 'tok'))).toMatchObject({ code: 'forbidden' });
    expect(thrown(() => metaVerifyChallenge({ ...q, 'hub.mode': 'unsubscribe' }, 'tok'))).toMatchObject({ code: 'forbidden' });
    expect(thrown(() => metaVerifyChallenge({}, 'tok'))).toMatchObject({ code: 'forbidden' });
  });
});
