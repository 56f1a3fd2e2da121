import { describe, expect, it } from 'vitest';
import { discordMessage, slackMessage, statusPostRequest, teamsMessage } from '../../../shared/broadcast/channels.ts';
import { webhookRequest } from '../../../shared/broadcast/webhook.ts';
import type { StatusUpdateEvent } from '../../../shared/incidents/event.ts';
import type { Incident, IncidentUpdate } from '../../../shared/incidents/model.ts';
import { outageReplyIntent, resolvedNoticeIntent } from '../../../shared/incidents/outage.ts';
import { readReplyEnv } from '../../../shared/platforms/index.ts';
import { BADGE_COLORS, renderBadge } from '../../../shared/status-page/badge.ts';
import { renderIncidentPage } from '../../../shared/status-page/incident-page.tsx';
import { componentStates, type IncidentView, type Snapshot } from '../../../shared/status-page/snapshot.ts';
import { summaryJson } from '../../../shared/status-page/statuspage-json.ts';
import { triaged } from '../flows/fixtures.ts';
import { acmeBrands } from './fixtures.ts';

const brand = acmeBrands().byId('acme')!;
const env = { platforms: readReplyEnv({ X_API_URL: 'https://x.test', META_GRAPH_URL: 'https://graph.test/' }), publicUrl: 'https://status.example/' };
const PERMALINK = 'https://status.example/status/acme/incidents/i1';

const up = (over: Partial<IncidentUpdate>): IncidentUpdate => ({
  id: 'u1',
  incidentId: 'i1',
  brand: 'acme',
  name: 'Inloggen <app> & betalen',
  kind: 'incident',
  status: 'investigating',
  impact: 'major',
  message: { nl: 'We onderzoeken het.', en: 'We are looking into it.' },
  components: { app: 'major_outage' },
  previous: {},
  at: '2026-11-23T10:00:00.000Z',
  ...over,
});

const incident = (over: Partial<IncidentView> = {}): IncidentView => ({
  id: 'i1',
  brand: 'acme',
  name: 'Inloggen <app> & betalen',
  kind: 'incident',
  status: 'identified',
  impact: 'major',
  components: { app: 'major_outage', website: 'degraded_performance' },
  createdAt: '2026-11-23T10:00:00.000Z',
  updatedAt: '2026-11-23T11:30:00.000Z',
  version: 2,
  // Newest first, as the snapshot holds them: the page shows them oldest first.
  updates: [
    up({ id: 'u2', status: 'identified', message: { nl: 'Oorzaak: een certificaat.', en: 'Cause: a certificate.' }, at: '2026-11-23T11:30:00.000Z' }),
    up({ id: 'u1' }),
  ],
  ...over,
});

describe('incident page (GET /status/:brand/incidents/:id)', () => {
  it('shows name, impact, status, component names and every update oldest first, in Dutch with Amsterdam times', () => {
    const html = renderIncidentPage({ brand, incident: incident(), lang: 'nl', stale: false });
    expect(html).toContain('<html lang="nl">');
    expect(html).toContain('<h1>Inloggen &lt;app&gt; &amp; betalen</h1>');
    expect(html).not.toContain('<app>');
    expect(html).toContain('<main>');
    expect(html).toContain('Groot'); // impact major
    expect(html).toContain('Oorzaak gevonden'); // current status identified
    expect(html).toContain('Mobile app');
    expect(html).toContain('Website');
    expect(html.indexOf('We onderzoeken het.')).toBeLessThan(html.indexOf('Oorzaak: een certificaat.'));
    expect(html).not.toContain('We are looking into it.');
    // 10:00Z is 11:00 in Amsterdam in November.
    expect(html).toContain('<time datetime="2026-11-23T10:00:00.000Z">');
    expect(html).toMatch(/<time datetime="2026-11-23T10:00:00.000Z">[^<]*11:00<\/time>/);
    expect(html).toContain('href="/status/acme?lang=nl"');
    expect(html).toContain('Terug naar de statuspagina');
    expect(html).not.toContain('<script');
  });

  it('in English: English messages and words', () => {
    const html = renderIncidentPage({ brand, incident: incident(), lang: 'en', stale: false });
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('Cause: a certificate.');
    expect(html).toContain('Affected components');
    expect(html).toContain('Major');
    expect(html).not.toContain('Oorzaak: een certificaat.');
  });
});

describe('status badge (GET /status/:brand/badge.svg)', () => {
  const snap = (incidents: IncidentView[]): Snapshot => ({
    brand: 'acme',
    at: '2026-11-23T12:00:00Z',
    incidents,
    components: componentStates(brand, incidents, new Date('2026-11-23T12:00:00Z')),
  });

  it('brand name as label, the overall status in the page language as message, coloured by it', () => {
    const ok = renderBadge(brand, snap([]), 'en');
    expect(ok).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(ok).toContain('>Acme Energie</text>');
    expect(ok).toContain('>All systems operational</text>');
    expect(ok).toContain(BADGE_COLORS.none);
    const down = renderBadge(brand, snap([incident()]), 'nl');
    expect(down).toContain('>Gedeeltelijke storing</text>');
    expect(down).toContain(BADGE_COLORS.major);
    expect(down).not.toContain(BADGE_COLORS.none);
  });

  it('escapes the brand name', () => {
    const evil = { ...brand, name: 'A&B <script>"x"' };
    const svg = renderBadge(evil, snap([]), 'en');
    expect(svg).not.toContain('<script');
    expect(svg).toContain('A&amp;B &lt;script&gt;&quot;x&quot;');
  });
});

describe('the permalink in every broadcast and auto-reply', () => {
  const update = up({});

  it('X, Facebook, Slack, Teams, Discord and the webhook payload carry /status/<brand>/incidents/<id>', () => {
    const x = JSON.parse(statusPostRequest({ update, brand, env }, brand.channels[0]!).body) as { text: string };
    expect(x.text).toContain(PERMALINK);
    expect(new URLSearchParams(statusPostRequest({ update, brand, env }, brand.channels[1]!).body).get('link')).toBe(PERMALINK);
    expect(JSON.stringify(slackMessage({ update, brand, env }).blocks)).toContain(`<${PERMALINK}|`);
    expect(teamsMessage({ update, brand, env }).attachments[0]!.content.actions[0]!.url).toBe(PERMALINK);
    expect(discordMessage({ update, brand, env }).embeds[0]!.url).toBe(PERMALINK);
    const event: StatusUpdateEvent = { type: 'status.update', incident: { id: 'i1', brand: 'acme' } as Incident, update };
    const hook = JSON.parse(webhookRequest({ url: 'https://hook.test', event, subscriber: 's1', publicUrl: env.publicUrl, now: new Date() }).body) as {
      data: { url: string };
    };
    expect(hook.data.url).toBe(PERMALINK);
    expect(
      summaryJson({ brand, publicUrl: env.publicUrl, lang: 'en' }, { brand: 'acme', at: '', incidents: [incident()], components: {} }).incidents[0]!.shortlink,
    ).toBe(PERMALINK);
  });

  it('the outage auto-reply and the resolved notice link the incident page', () => {
    const mention = triaged('e1', { brand: 'acme', accountId: '111', text: 'storing in de app', intent: 'complaint', createdAt: '2026-11-23T10:00:00.000Z' });
    const i = incident() as Incident;
    const reply = outageReplyIntent(brand, mention, i, env.publicUrl, new Date('2026-11-23T10:01:00Z'));
    const resolved = resolvedNoticeIntent(brand, mention, i, env.publicUrl, new Date('2026-11-23T10:01:00Z'));
    expect(JSON.stringify(reply)).toContain(PERMALINK);
    expect(JSON.stringify(resolved)).toContain(PERMALINK);
  });
});

describe('X and Facebook thread an incident under its first post', () => {
  it('X: a later update replies to the first post (reply.in_reply_to_tweet_id)', () => {
    const first = JSON.parse(statusPostRequest({ update: up({}), brand, env }, brand.channels[0]!).body) as Record<string, unknown>;
    expect(first.reply).toBeUndefined();
    const later = statusPostRequest({ update: up({ id: 'u2' }), brand, env, replyTo: '1850000000000000001' }, brand.channels[0]!);
    expect(later.url).toBe('https://x.test/2/tweets');
    expect(JSON.parse(later.body)).toMatchObject({ reply: { in_reply_to_tweet_id: '1850000000000000001' } });
  });

  it('Facebook: a later update is a comment on the first post, its link in the message', () => {
    const later = statusPostRequest({ update: up({ id: 'u2' }), brand, env, replyTo: 'page1_987' }, brand.channels[1]!);
    expect(later.url).toBe('https://graph.test/v21.0/page1_987/comments');
    const form = new URLSearchParams(later.body);
    expect(form.get('message')).toContain(PERMALINK);
    expect(form.get('link')).toBeNull();
  });
});
