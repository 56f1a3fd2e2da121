import { describe, expect, it } from 'vitest';
import { loginPage, pickLang } from '../../../local/oidc/pages.ts';
import { createThrottle } from '../../../local/oidc/throttle.ts';

describe('pickLang (Accept-Language → the sign-in page language)', () => {
  it.each([
    ['nl', 'nl'],
    ['nl-NL,nl;q=0.9,en;q=0.8', 'nl'],
    ['en-US,en;q=0.9,nl;q=0.8', 'en'],
    ['de-DE,nl;q=0.5', 'nl'],
    ['en;q=0.2,nl-BE;q=0.7', 'nl'],
    ['fr', 'en'],
    ['', 'en'],
    [undefined, 'en'],
    ['nl;q=0', 'en'],
  ])('%s → %s', (header, lang) => expect(pickLang(header)).toBe(lang));
});

describe('loginPage', () => {
  it('escapes what it echoes back', () => {
    const html = loginPage('en', '/interaction/x/login', '"><script>alert(1)</script>', { kind: 'wrong' });
    expect(html).not.toContain('<script>');
    expect(html).toContain('role="alert"');
  });
});

describe('createThrottle', () => {
  it('blocks after max failures in the window, for the window, per key', () => {
    let t = 0;
    const th = createThrottle({ max: 3, windowMs: 1000, now: () => t });
    for (let i = 0; i < 3; i++) {
      expect(th.blockedFor(['a', 'ip'])).toBe(0);
      th.fail(['a', 'ip']);
      t += 100;
    }
    expect(th.blockedFor(['a'])).toBe(1);
    expect(th.blockedFor(['b', 'ip'])).toBeGreaterThan(0);
    expect(th.blockedFor(['b'])).toBe(0);
    t = 1001;
    expect(th.blockedFor(['a', 'ip'])).toBe(0);
  });

  it('clears one key on success, leaving the others counted', () => {
    const th = createThrottle({ max: 1 });
    th.fail(['a', 'ip']);
    th.clear('a');
    expect(th.blockedFor(['a'])).toBe(0);
    expect(th.blockedFor(['ip'])).toBeGreaterThan(0);
  });
});
