import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { channelRequest, targetOf } from '../../../shared/broadcast/channels.ts';
import {
  channelCredentialNames,
  channelSecretEnv,
  channelTargetEnv,
  withChannelCredentials,
  withoutChannelCredentials,
} from '../../../shared/config/channel-credentials.ts';
import { loadBrands, parseConfig } from '../../../shared/config/load.ts';
import type { IncidentUpdate } from '../../../shared/incidents/model.ts';
import { readReplyEnv } from '../../../shared/platforms/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'wecare-channels-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.unstubAllEnvs());

/** A config as the CDK app bundles it: chat and webhook channels without their URL or secret. */
const bundled = {
  brands: [
    {
      id: 'acme',
      name: 'Acme',
      channels: [
        { id: 'x-main', type: 'x', target: '111' },
        { id: 'slack-ops', type: 'slack' },
        { id: 'hook', type: 'webhook' },
        { id: 'teams-care', type: 'teams', target: 'https://inline.example/teams' },
      ],
    },
  ],
};
const file = (config: unknown) => {
  const path = join(dir, `${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, JSON.stringify(config));
  return path;
};
const update: IncidentUpdate = {
  id: 'u1', incidentId: 'i1', brand: 'acme', name: 'Storing', kind: 'incident', status: 'investigating', impact: 'major',
  message: { nl: 'We kijken ernaar.', en: 'Looking into it.' }, components: {}, previous: {}, at: '2026-11-23T10:00:00.000Z',
};
const env = { platforms: readReplyEnv({ X_API_URL: 'https://x.test', META_GRAPH_URL: 'https://graph.test' }), publicUrl: 'https://status.example' };

describe('channel credentials from the environment (outbound secret in AWS)', () => {
  it('names one flat env key per brand channel', () => {
    expect(channelTargetEnv('acme', 'slack-ops')).toBe('CHANNEL_TARGET_ACME_SLACK_OPS');
    expect(channelSecretEnv('demo', 'hook.v2')).toBe('CHANNEL_SECRET_DEMO_HOOK_V2');
  });

  it('fills a target and secret the config leaves out, at load, and the channel request uses it', () => {
    vi.stubEnv('CHANNEL_TARGET_ACME_SLACK_OPS', 'https://hooks.slack.test/T1/B2/secret');
    vi.stubEnv('CHANNEL_TARGET_ACME_HOOK', 'https://hooks.acme.test/wecare');
    vi.stubEnv('CHANNEL_SECRET_ACME_HOOK', 'whsec_c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0');
    const brand = loadBrands(file(bundled), { env: process.env }).byId('acme')!;
    const slack = brand.channels.find((c) => c.id === 'slack-ops')!;
    expect(channelRequest({ update, brand, env }, slack).url).toBe('https://hooks.slack.test/T1/B2/secret');
    const hook = brand.channels.find((c) => c.id === 'hook')!;
    expect(hook.target).toBe('https://hooks.acme.test/wecare');
    expect(hook.secret).toBe('whsec_c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0');
  });

  it('keeps a target given inline in the config (the local demo) over the environment', () => {
    vi.stubEnv('CHANNEL_TARGET_ACME_TEAMS_CARE', 'https://env.example/teams');
    const brand = loadBrands(file(bundled), { env: process.env }).byId('acme')!;
    expect(brand.channels.find((c) => c.id === 'teams-care')!.target).toBe('https://inline.example/teams');
  });

  it('refuses to send to a channel with no target anywhere, naming the env key to set', () => {
    const brand = loadBrands(file(bundled), { env: process.env }).byId('acme')!;
    const slack = brand.channels.find((c) => c.id === 'slack-ops')!;
    expect(() => targetOf(brand, slack)).toThrow(/CHANNEL_TARGET_ACME_SLACK_OPS/);
    expect(() => channelRequest({ update, brand, env }, slack)).toThrow(/CHANNEL_TARGET_ACME_SLACK_OPS/);
  });

  it('still requires the public account id of X and Facebook channels in the config', () => {
    const config = { brands: [{ id: 'acme', name: 'Acme', channels: [{ id: 'x-main', type: 'x' }] }] };
    expect(() => parseConfig(config)).toThrow(/target/);
  });

  it('refuses two channels whose ids fold to the same env key', () => {
    const config = parseConfig({
      brands: [
        { id: 'acme', name: 'A', channels: [{ id: 'slack-ops', type: 'slack' }] },
        { id: 'acme-slack', name: 'B', channels: [{ id: 'ops', type: 'slack' }] },
      ],
    });
    expect(() => withChannelCredentials(config, {})).toThrow(/acme\/slack-ops and acme-slack\/ops/);
  });

  it('strips credential targets and secrets for the bundle, keeps account ids, and lists the keys to set', () => {
    const config = parseConfig({
      brands: [
        {
          id: 'acme',
          name: 'Acme',
          channels: [
            { id: 'x-main', type: 'x', target: '111' },
            { id: 'slack-ops', type: 'slack', target: 'https://hooks.slack.test/T1/B2/secret' },
            { id: 'hook', type: 'webhook', target: 'https://hooks.acme.test', secret: 'whsec_abc' },
          ],
        },
      ],
    });
    const stripped = JSON.stringify(withoutChannelCredentials(config));
    expect(stripped).not.toMatch(/hooks\.|whsec_/);
    expect(stripped).toContain('"target":"111"');
    expect(parseConfig(JSON.parse(stripped)).brands[0]!.channels).toHaveLength(3);
    expect(channelCredentialNames(config)).toEqual(['CHANNEL_TARGET_ACME_SLACK_OPS', 'CHANNEL_TARGET_ACME_HOOK', 'CHANNEL_SECRET_ACME_HOOK']);
  });
});
