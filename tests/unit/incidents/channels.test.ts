import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { DISCORD, discordMessage, slackMessage, statusPostRequest, teamsMessage } from '../../../shared/broadcast/channels.ts';
import { readReplyEnv } from '../../../shared/platforms/index.ts';
import { retryAfter } from '../../../shared/platforms/http.ts';
import { webhookRequest } from '../../../shared/broadcast/webhook.ts';
import type { StatusUpdateEvent } from '../../../shared/incidents/event.ts';
import type { Incident, IncidentUpdate } from '../../../shared/incidents/model.ts';
import { acmeBrands } from './fixtures.ts';

const brand = acmeBrands().byId('acme')!;
const env = { platforms: readReplyEnv({ X_API_URL: 'https://x.test', META_GRAPH_URL: 'https://graph.test/' }), publicUrl: 'https://status.example' };

function update(over: Partial<IncidentUpdate> = {}): IncidentUpdate {
  return {
    id: 'u1',
    incidentId: 'i1',
    brand: 'acme',
    name: 'Inloggen mislukt',
    kind: 'incident',
    status: 'investigating',
    impact: 'major',
    message: { nl: 'We onderzoeken het.', en: 'We are looking into it.' },
    components: { app: 'major_outage', website: 'degraded_performance' },
    previous: {},
    at: '2026-11-23T10:00:00.000Z',
    ...over,
  };
}

describe('channel payloads', () => {
  it('X: POST /2/tweets within 280 characters with the status page link', () => {
    const req = statusPostRequest({ update: update({ message: { nl: 'a'.repeat(1000), en: 'b' } }), brand, env }, brand.channels[0]!);
    expect(req.url).toBe('https://x.test/2/tweets');
    const { text } = JSON.parse(req.body) as { text: string };
    const withoutLink = text.replace(/https:\/\/\S+$/, '');
    expect(withoutLink.length + 23).toBeLessThanOrEqual(280);
    expect(text).toContain('https://status.example/status/acme/incidents/i1');
  });

  it('Facebook: a page feed post on the Graph API path of the page', () => {
    const req = statusPostRequest({ update: update(), brand, env }, brand.channels[1]!);
    expect(req.url).toBe('https://graph.test/v21.0/page1/feed');
    const form = new URLSearchParams(req.body);
    expect(form.get('message')).toContain('We onderzoeken het.');
    expect(form.get('link')).toBe('https://status.example/status/acme/incidents/i1');
  });

  it('Slack: fallback text plus header, section and context blocks within block limits', () => {
    const msg = slackMessage({ update: update({ name: 'n'.repeat(400) }), brand, env });
    expect(msg.text.length).toBeGreaterThan(0);
    expect(msg.blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'context']);
    expect((msg.blocks[0] as { text: { text: string } }).text.text.length).toBeLessThanOrEqual(150);
  });

  it('Teams: a message carrying one Adaptive Card with facts and a link action', () => {
    const msg = teamsMessage({ update: update(), brand, env });
    expect(msg.type).toBe('message');
    const card = msg.attachments[0]!;
    expect(card.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(card.content.type).toBe('AdaptiveCard');
    expect(card.content.body.some((b) => b.type === 'FactSet')).toBe(true);
    expect(card.content.actions[0]!.type).toBe('Action.OpenUrl');
  });

  it("Discord: embeds stay within Discord's limits even for huge texts, and never ping @everyone", () => {
    const huge = update({ name: '🔥'.repeat(500), message: { nl: 'x'.repeat(9000), en: 'y' } });
    const msg = discordMessage({ update: huge, brand, env });
    expect(msg.embeds.length).toBeLessThanOrEqual(DISCORD.embeds);
    const e = msg.embeds[0]!;
    expect(e.title.length).toBeLessThanOrEqual(DISCORD.title);
    expect(e.description.length).toBeLessThanOrEqual(DISCORD.description);
    const total = e.title.length + e.description.length + e.footer.text.length + e.fields.reduce((n, f) => n + f.name.length + f.value.length, 0);
    expect(total).toBeLessThanOrEqual(DISCORD.total);
    expect(msg.allowed_mentions.parse).toEqual([]);
  });
});

describe('webhook subscribers', () => {
  const event: StatusUpdateEvent = { type: 'status.update', incident: { id: 'i1', brand: 'acme' } as Incident, update: update() };

  it('signs with Standard Webhooks; the receiver verifies id, timestamp and body', () => {
    const now = new Date();
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const req = webhookRequest({ url: 'https://hook.test', secret, event, subscriber: 's1', publicUrl: env.publicUrl, now });
    expect(req.headers['webhook-id']).toBe('msg_u1_s1');
    expect(() => new Webhook(secret).verify(req.body, req.headers)).not.toThrow();
    expect(() => new Webhook(secret).verify(req.body.replace('major', 'minor'), req.headers)).toThrow();
  });
});

describe('retry-after', () => {
  it('reads seconds, HTTP dates and Discord bodies', () => {
    expect(retryAfter(new Headers({ 'retry-after': '7' }))).toBe(7);
    expect(retryAfter(new Headers({ 'retry-after': new Date(Date.now() + 30_000).toUTCString() }))).toBeGreaterThanOrEqual(28);
    expect(retryAfter(new Headers(), '{"retry_after": 1.2}')).toBe(2);
    expect(retryAfter(new Headers())).toBeUndefined();
  });
});
