import { describe, expect, it } from 'vitest';
import { SECRET_GROUPS } from '../../../infra/constructs/secrets.ts';
import { PLATFORM_URL_DEFAULTS } from '../../../infra/settings.ts';
import { Accounts, Channel } from '../../../shared/config/brand.ts';
import { KNOWN_PLATFORMS } from '../../../shared/mention.ts';
import { SERVICE_WINDOW_MS } from '../../../shared/platforms/adapter.ts';
import { adapterOf, canReply, platformAdapters, readReplyEnv } from '../../../shared/platforms/index.ts';
import { accountKindOf, webhookPlatforms } from '../../../shared/platforms/webhooks.ts';

/** One platform = one adapter: the registry is complete, and each adapter declares its own rules and env. */
describe('the platform registry', () => {
  const adapters = Object.values(platformAdapters);

  it('has an adapter for every platform of the Mention contract, and one for generic sources', () => {
    for (const platform of KNOWN_PLATFORMS) expect(platformAdapters[platform]?.platform, platform).toBe(platform);
    expect(platformAdapters.generic?.platform).toBe('generic');
    expect(adapters.map((a) => a.platform).sort()).toEqual([...KNOWN_PLATFORMS, 'generic'].sort());
  });

  it('files any other name (a generic source, a reserved name under generic:) with the generic adapter', () => {
    for (const name of ['appstore', 'generic:x', 'constructor', '__proto__']) expect(adapterOf(name).platform, name).toBe('generic');
  });

  it('generic sources can never be answered', () => {
    expect(platformAdapters.generic!.rules.answerable).toBe(false);
    expect(canReply('generic')).toBe(false);
    expect(canReply('appstore')).toBe(false);
  });

  it('every platform of the contract can be answered, with a reply client', () => {
    for (const platform of KNOWN_PLATFORMS) expect(canReply(platform), platform).toBe(true);
  });

  it('WhatsApp: private only, 24 hours of free text, then an approved template', () => {
    const { rules } = platformAdapters.whatsapp!;
    expect(rules.privateOnly).toBe(true);
    expect(rules.window).toEqual({ freeMs: 24 * 3_600_000, after: 'template' });
    expect(rules.replyToPhone).toBe(true);
  });

  it('Messenger and Instagram DMs: 24 hours, then 7 days with the HUMAN_AGENT tag', () => {
    for (const p of ['messenger', 'instagram']) {
      expect(platformAdapters[p]!.rules.window, p).toEqual({ freeMs: SERVICE_WINDOW_MS, after: 'tag', tag: 'HUMAN_AGENT', tagMs: 7 * 24 * 3_600_000 });
    }
  });

  it('X: DMs at any time, 280 characters, names never used', () => {
    const { rules } = platformAdapters.x!;
    expect(rules.window).toBeUndefined();
    expect(rules.privateChannel).toEqual({ kind: 'dm' });
    expect(rules.maxLength).toBe(280);
    expect(rules.addressByName).toBe(false);
  });

  it('reviews (Google, Trustpilot) have no private channel; Facebook and Instagram comments a 7-day private reply', () => {
    for (const p of ['google', 'trustpilot']) expect(platformAdapters[p]!.rules.privateChannel.kind, p).toBe('none');
    for (const p of ['facebook', 'instagram']) expect(platformAdapters[p]!.rules.privateChannel, p).toEqual({ kind: 'comment-reply', withinMs: 7 * 24 * 3_600_000 });
  });

  it('status posts: exactly the platforms a broadcast channel may name', () => {
    const posting = adapters.filter((a) => a.statusPost).map((a) => a.platform);
    expect(posting.sort()).toEqual(['facebook', 'x']);
    for (const p of posting) expect(Channel.shape.type.options, p).toContain(p);
  });

  it('each adapter is received on a webhook route the webhook function serves, under its account kind', () => {
    for (const a of adapters) {
      expect(webhookPlatforms[a.inbound.route], a.platform).toBe(a.inbound);
      if (a.platform === 'generic') continue;
      expect(Object.keys(Accounts.shape), a.platform).toContain(accountKindOf(a.platform));
    }
    expect(accountKindOf('messenger')).toBe('facebook');
  });

  it('declares the env names it reads, and infra provides each of them', () => {
    const urls = Object.keys(PLATFORM_URL_DEFAULTS);
    for (const a of adapters) {
      for (const name of a.env.inbound) expect(SECRET_GROUPS.inbound, a.platform).toContain(name);
      if (!a.env.api) continue;
      expect(SECRET_GROUPS.outbound, a.platform).toContain(a.env.api.token);
      expect(urls, a.platform).toContain(a.env.api.baseUrl);
      expect(PLATFORM_URL_DEFAULTS[a.env.api.baseUrl as keyof typeof PLATFORM_URL_DEFAULTS], a.platform).toBe(a.env.api.defaultUrl);
    }
  });

  it('reads base URLs and tokens by those names, the real APIs by default (never a sink)', () => {
    const env = readReplyEnv({ X_ACCESS_TOKEN: 'x-token', META_GRAPH_URL: 'http://sink/meta', WECARE_SINK_URL: 'http://sink' });
    expect(env.urls).toEqual({ x: 'https://api.x.com', meta: 'http://sink/meta', google: 'https://mybusiness.googleapis.com', trustpilot: 'https://api.trustpilot.com' });
    expect(env.tokens.x).toBe('x-token');
    expect(env.tokens.meta).toBeUndefined();
  });
});
