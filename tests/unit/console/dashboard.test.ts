import { describe, expect, it } from 'vitest';
import { BOOTSTRAP_ADMIN } from '../../../shared/auth/principal.ts';
import { dashboardPage } from '../../../shared/console/dashboard.tsx';
import { sentimentByLabel } from '../../../shared/flows/effect.ts';
import { computeCaseMetrics } from '../../../shared/metrics/cases.ts';
import { computeMetrics } from '../../../shared/metrics/compute.ts';
import type { BrandReport } from '../../../shared/metrics/query.ts';
import { volumeSeries } from '../../../shared/metrics/series.ts';

/** The dashboard rendered from an empty period: every chart says "no data", every table is there, nothing reads NaN. */
const q = { brand: 'demo', from: '2026-03-01T00:00:00.000Z', to: '2026-03-02T00:00:00.000Z' };
const now = new Date(q.to);
const empty: BrandReport = {
  ...computeMetrics(q, [], [], now),
  truncated: false,
  series: volumeSeries(q, [], 'Europe/Amsterdam'),
  incidents: [],
  effect: {
    ...q,
    answeredConversations: 0,
    sentiment: { conversations: 0, before: null, after: null, delta: null, byLabel: sentimentByLabel([]) },
    complaints: { answered: 0, withReaction: 0, turnedNeutralOrPositive: 0, share: null },
    thankYous: { sent: 0, skipped: 0, dryRun: 0, failed: 0, pending: 0 },
    followUps: { scheduled: 0, sent: 0, cancelled: 0, skipped: 0, failed: 0, answered: 0, answeredPositiveOrNeutral: 0 },
  },
  cases: { ...computeCaseMetrics(q, [], new Map(), now), truncated: false },
};

describe('the dashboard page', () => {
  for (const lang of ['nl', 'en'] as const) {
    it(`renders an empty period in ${lang}`, () => {
      const html = dashboardPage({
        viewer: { lang, principal: BOOTSTRAP_ADMIN, csrf: 'x', here: '/console/dashboard' },
        brand: { id: 'demo', name: 'Demo', timeZone: 'Europe/Amsterdam' },
        brands: [{ id: 'demo', name: 'Demo' }],
        range: '24h',
        report: empty,
        labels: new Map(),
      });
      expect(html).not.toMatch(/NaN|undefined|Infinity/);
      const tables = [...html.matchAll(/data-chart="([^"]+)"/g)].map((m) => m[1]);
      expect(tables).toEqual(['volume-platform', 'volume-intent', 'volume-sentiment', 'backlog-state', 'backlog-age', 'backlog-team', 'sla-channel', 'sla-team', 'first-response-dist', 'resolution-dist', 'sentiment-reply', 'csat', 'incidents', 'agents']);
      // 24 hourly buckets from midnight UTC (01:00 in Amsterdam) in each of the three volume tables.
      expect(html.match(/<tr data-key="2026-03-01T\d\d:00:00.000Z"/g)).toHaveLength(3 * 24);
      expect(html).not.toContain('data-key="2026-03-02T00:00:00.000Z"');
      expect(html).toContain(lang === 'nl' ? 'Geen gegevens in deze periode.' : 'No data in this period.');
      expect(html).not.toContain('<svg');
      // Nothing inline: no style attributes (CSP).
      expect(html).not.toMatch(/ style=/);
    });
  }
});
