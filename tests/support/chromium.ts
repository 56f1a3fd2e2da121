import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

/** Debian's Chromium, headless, quiet: what every browser test drives (`.ci/run` installs it). */
export const launchChromium = (): Promise<Browser> =>
  chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });

/**
 * A fresh browser context (its own cookies) signed in to the console at `app` through the local
 * issuer's own form, in the locale's language; `errors` collects what the page logs as an error.
 * `landedOnIssuer` is where `GET /console` sent the browser before signing in.
 */
export async function signedInConsole(browser: Browser, app: string, who: { email: string; password: string }, locale: 'nl-NL' | 'en-GB'): Promise<{ context: BrowserContext; page: Page; errors: string[]; landedOnIssuer: string }> {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${app}/console`);
  const landedOnIssuer = page.url();
  const nl = locale === 'nl-NL';
  await page.getByLabel('E-mail').fill(who.email);
  await page.getByLabel(nl ? 'Wachtwoord' : 'Password').fill(who.password);
  await page.getByRole('button', { name: nl ? 'Inloggen' : 'Sign in' }).click();
  await page.waitForURL(`${app}/console`);
  return { context, page, errors, landedOnIssuer };
}

const AXE = readFileSync(resolve(import.meta.dirname, '../../node_modules/axe-core/axe.min.js'), 'utf8');

/** axe-core in the page: the serious and critical violations, by rule and target. */
export async function axeSerious(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol: the page's CSP (no inline script) stays as served.
  await page.evaluate(AXE);
  type AxeResult = { violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> };
  const result = (await page.evaluate('axe.run(document, { resultTypes: ["violations"] })')) as AxeResult;
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** An app on a free local port for the browser to open: its base URL and how to stop it. */
export async function serveApp(app: { fetch: (req: Request) => Response | Promise<Response> }): Promise<{ base: string; close(): Promise<void> }> {
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
