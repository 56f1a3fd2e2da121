import { describe, expect, it } from 'vitest';
import { channelOfQueue, channelQueueName, channelQueues, SUBSCRIBERS_CHANNEL } from '../../../shared/incidents/queues.ts';
import { historyFeed } from '../../../shared/status-page/feeds.ts';
import { CSP, renderStatusPage } from '../../../shared/status-page/html.tsx';
import { pickLang } from '../../../shared/status-page/i18n.ts';
import { componentStates, type IncidentView, type Snapshot, SnapshotCache } from '../../../shared/status-page/snapshot.ts';
import { summaryJson } from '../../../shared/status-page/statuspage-json.ts';
import { acmeBrands } from './fixtures.ts';

const brand = acmeBrands().byId('acme')!;
const now = new Date('2026-11-23T12:00:00Z');

const view = (over: Partial<IncidentView>): IncidentView => ({
  id: 'i1',
  brand: 'acme',
  name: 'Storing',
  kind: 'incident',
  status: 'investigating',
  impact: 'minor',
  components: { app: 'partial_outage' },
  createdAt: '2026-11-23T10:00:00.000Z',
  updatedAt: '2026-11-23T10:05:00.000Z',
  version: 1,
  updates: [
    { id: 'u1', incidentId: 'i1', brand: 'acme', name: 'Storing', kind: 'incident', status: 'investigating', impact: 'minor', message: { nl: 'Bezig', en: 'On it' }, components: { app: 'partial_outage' }, previous: {}, at: '2026-11-23T10:00:00.000Z' },
  ],
  ...over,
});
const snap = (incidents: IncidentView[]): Snapshot => ({ brand: 'acme', at: now.toISOString(), incidents, components: componentStates(brand, incidents, now) });

const ENUMS = {
  incident: ['investigating', 'identified', 'monitoring', 'resolved', 'postmortem', 'scheduled', 'in_progress', 'verifying', 'completed'],
  impact: ['none', 'minor', 'major', 'critical', 'maintenance'],
  component: ['operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance'],
};

describe('status semantics', () => {
  it('a component shows the worst state of the open incidents; resolved ones and future maintenance do not count', () => {
    const s = componentStates(
      brand,
      [
        view({ id: 'a', components: { app: 'degraded_performance' } }),
        view({ id: 'b', components: { app: 'major_outage' } }),
        view({ id: 'c', status: 'resolved', components: { website: 'major_outage' } }),
        view({ id: 'd', kind: 'maintenance', status: 'scheduled', scheduledFor: '2026-12-01T00:00:00Z', components: { payments: 'under_maintenance' } }),
      ],
      now,
    );
    expect(s).toEqual({ app: 'major_outage', website: 'operational', payments: 'operational' });
  });

  it('summary.json has Statuspage field names and enums only', () => {
    const json = summaryJson({ brand, publicUrl: 'https://s.example', lang: 'en' }, snap([view({ impact: 'major' })]));
    expect(Object.keys(json).sort()).toEqual(['components', 'incidents', 'page', 'scheduled_maintenances', 'status']);
    expect(Object.keys(json.page).sort()).toEqual(['id', 'name', 'time_zone', 'updated_at', 'url']);
    expect(json.status).toEqual({ indicator: 'major', description: 'Partial System Outage' });
    for (const c of json.components) {
      expect(ENUMS.component).toContain(c.status);
      expect(Object.keys(c)).toEqual(expect.arrayContaining(['id', 'name', 'status', 'created_at', 'updated_at', 'position', 'group_id', 'page_id', 'showcase', 'only_show_if_degraded']));
    }
    const i = json.incidents[0]!;
    expect(ENUMS.incident).toContain(i.status);
    expect(ENUMS.impact).toContain(i.impact);
    expect(Object.keys(i)).toEqual(expect.arrayContaining(['id', 'name', 'status', 'created_at', 'updated_at', 'monitoring_at', 'resolved_at', 'impact', 'shortlink', 'started_at', 'page_id', 'incident_updates', 'components']));
    const u = i.incident_updates[0]!;
    expect(u.body).toBe('On it');
    expect(u.affected_components[0]).toEqual({ code: 'app', name: 'Mobile app', old_status: 'operational', new_status: 'partial_outage' });
  });

  it('maintenance reports impact "maintenance" and the page indicator says so while in progress', () => {
    const m = view({ kind: 'maintenance', status: 'in_progress', impact: 'none', components: { payments: 'under_maintenance' }, scheduledFor: '2026-11-23T11:00:00Z' });
    const json = summaryJson({ brand, publicUrl: 'https://s.example', lang: 'nl' }, snap([m]));
    expect(json.scheduled_maintenances[0]!.impact).toBe('maintenance');
    expect(json.status.indicator).toBe('maintenance');
  });
});

describe('feeds and HTML', () => {
  it('Atom and RSS carry one entry per incident with its link', () => {
    const feed = historyFeed({ brand, publicUrl: 'https://s.example', lang: 'nl' }, snap([view({}), view({ id: 'i2', name: 'Tweede' })]));
    const atom = feed.atom1();
    expect(atom).toContain('<feed');
    expect(atom.match(/<entry>/g)).toHaveLength(2);
    expect(atom).toContain('https://s.example/status/acme#incident-i2');
    const rss = feed.rss2();
    expect(rss.match(/<item>/g)).toHaveLength(2);
  });

  it('renders nl and en, escapes incident text and allows no inline script', () => {
    const s = snap([view({ name: '<script>alert(1)</script>' })]);
    const nl = renderStatusPage({ brand, snapshot: s, lang: 'nl', responseTimes: [], stale: false, now });
    const en = renderStatusPage({ brand, snapshot: s, lang: 'en', responseTimes: [], stale: true, now });
    expect(nl).toContain('Gedeeltelijke storing');
    expect(en).toContain('Partial outage');
    expect(en).toContain('live data is temporarily unavailable');
    expect(nl).not.toContain('<script>');
    expect(CSP).not.toContain('unsafe-inline');
    expect(CSP).toContain("default-src 'none'");
  });

  it('picks the language from ?lang, then Accept-Language, then the brand default', () => {
    expect(pickLang('en', 'nl', ['nl', 'en'])).toBe('en');
    expect(pickLang(undefined, 'de-DE,en;q=0.8,nl;q=0.5', ['nl', 'en'])).toBe('en');
    expect(pickLang(undefined, 'fr', ['nl', 'en'])).toBe('nl');
    expect(pickLang('xx', undefined, ['nl', 'en'])).toBe('nl');
  });
});

describe('snapshot cache', () => {
  it('serves the last good snapshot when the read fails or is slow', async () => {
    let mode: 'ok' | 'fail' | 'slow' = 'ok';
    let clock = 0;
    const cache = new SnapshotCache(
      async () => {
        if (mode === 'fail') throw new Error('ProvisionedThroughputExceeded');
        if (mode === 'slow') await new Promise((r) => setTimeout(r, 200));
        return snap([]);
      },
      () => new Date(now.getTime() + clock),
      { freshMs: 10, timeoutMs: 50 },
    );
    expect((await cache.get(brand)).stale).toBe(false);
    clock = 100;
    mode = 'fail';
    expect((await cache.get(brand)).stale).toBe(true);
    mode = 'slow';
    const t0 = Date.now();
    expect((await cache.get(brand)).stale).toBe(true);
    expect(Date.now() - t0).toBeLessThan(150);
  });
});

describe('channel queues', () => {
  it('derive one filtered queue per channel plus subscribers, and map a queue back to its channel', () => {
    const queues = channelQueues(acmeBrands());
    expect(queues).toHaveLength(brand.channels.length + 1);
    const major = queues.find((q) => q.name === channelQueueName('acme', 'discord-major'))!;
    expect(major.filterPolicy).toEqual({ brand: ['acme'], impact: ['major', 'critical'] });
    expect(queues.find((q) => q.name === channelQueueName('acme', 'web-only'))!.filterPolicy).toEqual({ brand: ['acme'] });
    const strict = channelQueues(acmeBrands(), { arrayFilters: true }).find((q) => q.name === channelQueueName('acme', 'web-only'))!;
    expect(strict.filterPolicy).toEqual({ brand: ['acme'], components: ['website'] });
    expect(channelOfQueue([brand], `arn:aws:sqs:eu-west-1:1:pre-${channelQueueName('acme', 'discord')}`)?.channel).toBe('discord');
    expect(channelOfQueue([brand], `http://q/000/${channelQueueName('acme', SUBSCRIBERS_CHANNEL)}`)?.channel).toBe(SUBSCRIBERS_CHANNEL);
    for (const q of queues) expect(`${q.name}-dlq`.length).toBeLessThanOrEqual(60);
  });
});
