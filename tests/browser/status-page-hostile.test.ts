import { type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, serveApp } from '../support/chromium.ts';
import { createSns } from '../../shared/bus/clients.ts';
import { indexBrands, parseConfig } from '../../shared/config/load.ts';
import { endpoints, freshResources } from '../support/emulators.ts';
import { incidentBody, post, testApi } from '../unit/incidents/fixtures.ts';

/**
 * Hostile names and messages (issue 15 item 7) through the real routes into Chromium: the markup
 * carries no element of theirs, no script runs, no image loads, and a reader sees every character.
 */
const HOSTILE = `<script>alert(1)</script> "><img src=x onerror=alert(2)> & 'q' Ünïcødé 🚀`;
const brands = indexBrands(
  parseConfig({
    brands: [
      {
        id: 'acme',
        name: `Acme ${HOSTILE}`,
        languages: ['nl', 'en'],
        accounts: { x: ['111'] },
        componentGroups: [{ id: 'online', name: `Online ${HOSTILE}` }],
        components: [
          { id: 'app', name: 'App', names: { nl: `App-nl ${HOSTILE}`, en: `App-en ${HOSTILE}` } },
          { id: 'website', name: `Website ${HOSTILE}`, group: 'online' },
        ],
      },
    ],
  }),
);

describe('hostile input on the status page in headless Chromium', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveApp>>;
  let base = '';
  let id = '';

  beforeAll(async () => {
    const { resources, store } = await freshResources('browser-hostile');
    const app = testApi({ store, sns: createSns(endpoints().fauxqs), brands, statusUpdates: resources.topicArns.statusUpdates });
    const res = await post(
      app,
      '/api/incidents',
      incidentBody({ name: `Storing ${HOSTILE}`, impact: 'major', components: { app: 'major_outage', website: 'partial_outage' }, message: { nl: `Bericht ${HOSTILE}`, en: `Message ${HOSTILE}` } }),
    );
    expect(res.status).toBe(201);
    id = ((await res.json()) as { id: string }).id;
    server = await serveApp(app);
    base = server.base;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const lang of ['nl', 'en'] as const) {
    it(`shows every hostile name and message as text and runs nothing (${lang})`, async () => {
      const raw = await (await fetch(`${base}/status/acme?lang=${lang}`)).text();
      expect(raw).not.toMatch(/<script|<img/i);

      const context = await browser.newContext({ viewport: { width: 1000, height: 1200 } });
      const page = await context.newPage();
      const dialogs: string[] = [];
      const requests: string[] = [];
      page.on('dialog', (d) => (dialogs.push(d.message()), void d.dismiss()));
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(`${base}/status/acme?lang=${lang}`);

      expect(await page.locator('script, img').count()).toBe(0);
      expect(await page.locator('h1').textContent()).toBe(`Acme ${HOSTILE} Status`);
      const article = page.locator(`#active #incident-${id}`);
      expect(await article.locator('h3').textContent()).toBe(`Storing ${HOSTILE}`);
      expect(await article.textContent()).toContain(lang === 'nl' ? `Bericht ${HOSTILE}` : `Message ${HOSTILE}`);
      expect(await article.textContent()).toContain(`App-${lang} ${HOSTILE}, Website ${HOSTILE}`);
      expect(await page.locator('[data-component="app"] .row span').first().textContent()).toBe(`App-${lang} ${HOSTILE}`);
      expect(await page.locator('[data-group="online"] h3 span').first().textContent()).toBe(`Online ${HOSTILE}`);

      await article.locator('h3 a').click();
      await page.waitForURL(new RegExp(`/incidents/${id}`));
      expect(await page.locator('script, img').count()).toBe(0);
      expect(await page.locator('h1').textContent()).toBe(`Storing ${HOSTILE}`);
      expect(await page.locator(`[data-component="app"] span`).first().textContent()).toBe(`App-${lang} ${HOSTILE}`);
      expect(await page.locator('#updates').textContent()).toContain(lang === 'nl' ? `Bericht ${HOSTILE}` : `Message ${HOSTILE}`);
      expect(await page.title()).toBe(`Storing ${HOSTILE} · Acme ${HOSTILE} Status`);

      expect(dialogs).toEqual([]);
      expect(requests.filter((u) => !u.startsWith(`${base}/status/acme`))).toEqual([]);
      await context.close();
    });
  }
});
