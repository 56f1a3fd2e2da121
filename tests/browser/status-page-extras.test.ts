import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, serveApp } from '../support/chromium.ts';
import { createSns } from '../../shared/bus/clients.ts';
import { indexBrands, parseConfig } from '../../shared/config/load.ts';
import { sweepMaintenances } from '../../shared/incidents/maintenance.ts';
import { endpoints, freshResources } from '../support/emulators.ts';
import { incidentBody, post, testApi } from '../unit/incidents/fixtures.ts';

/**
 * The page people trust, in Debian's Chromium: uptime bars, component groups and localized names,
 * an open incident, a maintenance in progress, the history with links, office hours; axe-core
 * finds no serious or critical violation in either language. Screenshots go to test-results/, or
 * to WECARE_SCREENSHOTS (README: `WECARE_SCREENSHOTS=docs/screenshots npx vitest run tests/browser/status-page-extras.test.ts`).
 */
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const SHOTS = process.env.WECARE_SCREENSHOTS ?? 'test-results';

const brands = indexBrands(
  parseConfig({
    brands: [
      {
        id: 'acme',
        name: 'Acme Energie',
        languages: ['nl', 'en'],
        accounts: { x: ['111'], facebook: ['page1'] },
        componentGroups: [{ id: 'online', name: 'Online', names: { nl: 'Online diensten', en: 'Online services' } }],
        components: [
          { id: 'grid', name: 'Energy supply', names: { nl: 'Energielevering', en: 'Energy supply' } },
          { id: 'app', name: 'Mobile app', names: { nl: 'Mobiele app', en: 'Mobile app' }, group: 'online' },
          { id: 'website', name: 'Website', group: 'online' },
          { id: 'payments', name: 'Payments', names: { nl: 'Betalingen', en: 'Payments' }, group: 'online' },
        ],
      },
    ],
  }),
);

describe('status page extras in headless Chromium', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveApp>>;
  let base = '';
  // Monday 30 November 2026, 21:00 in Amsterdam: after office hours.
  const NOW = new Date('2026-11-30T20:00:00Z');
  let clock = NOW;
  const days = (n: number, hours = 0) => new Date(NOW.getTime() - n * 86_400_000 + hours * 3_600_000);
  let openId = '';
  let pastId = '';

  beforeAll(async () => {
    const { resources, store } = await freshResources('browser-extras');
    const sns = createSns(endpoints().fauxqs);
    const app = testApi({ store, sns, brands, statusUpdates: resources.topicArns.statusUpdates, now: () => clock });
    const at = async <T>(when: Date, fn: () => T | Promise<T>): Promise<T> => ((clock = when), await fn());
    const open = async (body: Record<string, unknown>) => ((await (await post(app, '/api/incidents', incidentBody(body))).json()) as { id: string }).id;
    const resolve = (id: string) => post(app, `/api/incidents/${id}/updates`, { status: 'resolved', message: { nl: 'Opgelost.', en: 'Resolved.' } });

    pastId = await at(days(40, -8), () => open({ name: 'Betalen met iDEAL mislukt', impact: 'major', components: { payments: 'major_outage' } }));
    await at(days(40, -5), () => post(app, `/api/incidents/${pastId}/updates`, { status: 'identified', message: { nl: 'Oorzaak bij de betaalprovider.', en: 'Cause at the payment provider.' } }));
    await at(days(40, -2), () => resolve(pastId));
    const slow = await at(days(12, -8), () => open({ name: 'Website traag', impact: 'minor', components: { website: 'partial_outage' } }));
    await at(days(12, -3), () => resolve(slow));
    await at(days(1), () => open({ name: 'Onderhoud Mijn Omgeving', kind: 'maintenance', status: 'scheduled', impact: 'maintenance', components: { website: 'under_maintenance' }, scheduledFor: new Date(NOW.getTime() - 30 * 60_000).toISOString(), scheduledUntil: new Date(NOW.getTime() + 2 * 3_600_000).toISOString(), message: { nl: 'Gepland onderhoud aan Mijn Omgeving.', en: 'Planned maintenance of My Account.' } }));
    await at(new Date(NOW.getTime() - 25 * 60_000), () => sweepMaintenances({ store, sns, brands, statusUpdatesTopic: resources.topicArns.statusUpdates, now: () => clock }));
    openId = await at(days(0, -2), () => open({ name: 'Inloggen in de app mislukt', impact: 'major', components: { app: 'major_outage' }, message: { nl: 'We onderzoeken problemen met inloggen in de app.', en: 'We are investigating problems logging in to the app.' } }));
    clock = NOW;

    server = await serveApp(app);
    base = server.base;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** axe-core injected over the DevTools protocol (the page's CSP allows no script, rightly). */
  async function seriousViolations(page: Page) {
    await page.evaluate(`${AXE};0`);
    const result = (await page.evaluate('axe.run(document, { resultTypes: ["violations"] })')) as { violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> };
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  }

  for (const lang of ['nl', 'en'] as const) {
    it(`shows uptime, groups, localized names, the history with links and office hours in ${lang}, with no serious axe violation`, async () => {
      const context = await browser.newContext({ locale: lang === 'nl' ? 'nl-NL' : 'en-GB', viewport: { width: 1000, height: 1400 } });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      const answer = await page.goto(`${base}/status/acme?lang=${lang}`);
      expect(answer?.headers()['content-security-policy']).toContain("default-src 'none'");

      const app = page.locator('[data-component="app"]');
      expect(await app.locator('.row span').first().textContent()).toBe(lang === 'nl' ? 'Mobiele app' : 'Mobile app');
      expect(await page.locator('[data-group="online"] h3 span').first().textContent()).toBe(lang === 'nl' ? 'Online diensten' : 'Online services');
      expect(await page.locator('[data-component="payments"] .bars .b').count()).toBe(90);
      expect(await page.locator('[data-component="payments"] .b.d-major_outage').count()).toBe(1);
      // 6 hours of major outage on one day of 90: (1 - 0.25) / 90 → 99.72 %.
      expect(await page.locator('[data-component="payments"]').getAttribute('data-uptime')).toBe('99.72');
      expect(await page.locator('[data-component="payments"]').textContent()).toContain(lang === 'nl' ? '99,72 %' : '99.72 %');
      expect(await page.locator('[data-component="website"] .b.d-under_maintenance').count()).toBe(1);
      expect(await page.locator('#overall').textContent()).toBe(lang === 'nl' ? 'Gedeeltelijke storing' : 'Partial system outage');
      expect(await page.locator('#office-hours').textContent()).toBe(lang === 'nl' ? 'Buiten kantooruren: we reageren weer vanaf dinsdag 09:00.' : 'Outside office hours: we answer again from Tuesday 09:00.');
      expect(await page.locator(`#incident-${openId}`).textContent()).toContain(lang === 'nl' ? 'Mobiele app' : 'Mobile app');

      const history = page.locator(`#history #incident-${pastId}`);
      await history.getByRole('link', { name: lang === 'nl' ? 'Lees de hele storing' : 'Read the whole incident', exact: false }).click();
      await page.waitForURL(new RegExp(`/incidents/${pastId}`));
      expect(await page.locator('h1').textContent()).toBe('Betalen met iDEAL mislukt');
      expect(await seriousViolations(page)).toEqual([]);

      await page.goto(`${base}/status/acme?lang=${lang}`);
      expect(await seriousViolations(page)).toEqual([]);
      expect(errors, errors.join('\n')).toEqual([]);
      mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: join(SHOTS, `status-page-${lang}.png`), fullPage: true });
      await context.close();
    });
  }

  it('serves a small embeddable JSON to other sites', async () => {
    const res = await fetch(`${base}/status/acme/embed.json?lang=en`, { headers: { origin: 'https://elsewhere.example' } });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const body = (await res.json()) as { status: { indicator: string }; components: Array<{ id: string; name: string; uptime90: number }>; incidents: Array<{ url: string }> };
    expect(body.status.indicator).toBe('major');
    expect(body.components.find((c) => c.id === 'payments')).toMatchObject({ name: 'Payments', uptime90: 99.72 });
    expect(body.incidents.map((i) => i.url)).toContain(`https://status.example/status/acme/incidents/${openId}`);
    expect(JSON.stringify(body).length).toBeLessThan(2000);
  });
});
