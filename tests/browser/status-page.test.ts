import { mkdirSync } from 'node:fs';
import { type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, serveApp } from '../support/chromium.ts';
import { createSns } from '../../shared/bus/clients.ts';
import { endpoints, freshResources } from '../support/emulators.ts';
import { acmeBrands, incidentBody, post, testApi } from '../unit/incidents/fixtures.ts';

/** The status page in Debian's Chromium, served by the same Hono routes the API function mounts. */
describe('status page in headless Chromium', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveApp>>;
  let base = '';
  let app: ReturnType<typeof testApi>;

  beforeAll(async () => {
    const { resources, store } = await freshResources('browser');
    app = testApi({ store, sns: createSns(endpoints().fauxqs), brands: acmeBrands(), statusUpdates: resources.topicArns.statusUpdates });
    server = await serveApp(app);
    base = server.base;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows an incident created through the API with its components and update, in Dutch and English', async () => {
    const res = await post(app, '/api/incidents', incidentBody({ name: 'Inloggen mislukt', impact: 'major', components: { app: 'major_outage', payments: 'degraded_performance' } }));
    const { id } = (await res.json()) as { id: string };
    await post(app, `/api/incidents/${id}/updates`, { status: 'identified', message: { nl: 'Oorzaak gevonden: een certificaat.', en: 'Cause found: a certificate.' } });

    const context = await browser.newContext({ locale: 'nl-NL', viewport: { width: 1000, height: 1200 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    const answer = await page.goto(`${base}/status/acme`);
    expect(answer?.status()).toBe(200);
    expect(answer?.headers()['content-security-policy']).toContain("default-src 'none'");

    const article = page.locator(`#incident-${id}`);
    await expect.poll(() => article.locator('h3').textContent()).toBe('Inloggen mislukt');
    expect(await article.textContent()).toContain('Oorzaak gevonden: een certificaat.');
    expect(await page.locator('[data-component="app"]').textContent()).toContain('Grote storing');
    expect(await page.locator('[data-component="payments"]').textContent()).toContain('Verminderde prestaties');
    expect(await page.locator('#overall').textContent()).toBe('Gedeeltelijke storing');
    expect(await page.locator('html').getAttribute('lang')).toBe('nl');

    await page.getByRole('link', { name: 'EN', exact: true }).click();
    await page.waitForURL(/lang=en/);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator(`#incident-${id}`).textContent()).toContain('Cause found: a certificate.');
    expect(await page.locator('[data-component="app"]').textContent()).toContain('Major outage');
    // The hashed inline style applies under the CSP: the banner is coloured, not default black on white.
    type Win = { getComputedStyle(e: unknown): { backgroundColor: string } };
    const bg = await page.locator('#overall').evaluate((el) => (globalThis as unknown as Win).getComputedStyle(el).backgroundColor);
    expect(bg).not.toBe('rgba(0, 0, 0, 0)');
    expect(errors, errors.join('\n')).toEqual([]);

    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/status-page.png', fullPage: true });
    await context.close();
  });
});
