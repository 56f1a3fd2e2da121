import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeSerious, launchChromium, signedInConsole } from '../support/chromium.ts';
import type { Mention } from '../../shared/mention.ts';
import { recordCsat } from '../../shared/cases/csat.ts';
import { getCase } from '../../shared/store/cases.ts';
import { auth } from '../support/api.ts';
import { type ConsoleWorld, consoleWorld, PASSWORD } from '../support/console-world.ts';

/**
 * Issue 15: the console in Debian's Chromium, against the real pieces: the API app on a port, the
 * local OIDC issuer, webhooks through the signed webhook app and triage, the recording sink as the
 * platform. An agent signs in, watches a case arrive, answers it with a saved reply, resolves it,
 * then does the same by keyboard only; axe-core checks every page in both languages.
 */
// The README's screenshots are refreshed on purpose (CONSOLE_SCREENSHOTS=1); a plain run keeps them in test-results/.
const SHOTS = resolve(import.meta.dirname, process.env.CONSOLE_SCREENSHOTS ? '../../docs/screenshots' : '../../test-results/console');

let world: ConsoleWorld;
let browser: Browser;

beforeAll(async () => {
  world = await consoleWorld('console-browser');
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await world?.close();
});

/** A fresh browser (its own cookies), signed in through the issuer's page as the user. */
async function signedIn(email: string, locale: 'nl-NL' | 'en-GB') {
  const signed = await signedInConsole(browser, world.app, { email, password: PASSWORD }, locale);
  expect(signed.landedOnIssuer).toMatch(new RegExp(`^${world.issuer.issuer}/interaction/`));
  return signed;
}


/** After a form post: the redirect back with `done=`, or the errors the page showed instead. */
async function landed(page: Page, done: string) {
  await page.waitForURL(new RegExp(`done=${done}|/(reply|state|notes|assign|triage)$`));
  if (!page.url().includes(`done=${done}`)) throw new Error(`no redirect (${page.url()}): ${(await page.locator('body').innerText()).slice(0, 600)}`);
}

/** Every figures table on the dashboard, as { table: { row: { column: value } } } from the `data-value`s. */
const dashboardTables = (page: Page) =>
  page.evaluate(`Object.fromEntries([...document.querySelectorAll('table[data-chart]')].map((t) => [t.dataset.chart, Object.fromEntries([...t.querySelectorAll('tbody tr, tfoot tr')].map((tr) => [tr.dataset.key, Object.fromEntries([...tr.querySelectorAll('td')].map((td) => [td.dataset.col, td.dataset.value === '' ? null : Number(td.dataset.value)]))]))]))`) as Promise<Record<string, Record<string, Record<string, number | null>>>>;

type Counts = Record<string, number>;
type Sla = { counted: number; metPct: number | null; byChannel: Record<string, { counted: number; metPct: number | null }>; byTeam: Record<string, { counted: number; metPct: number | null }> };
type Dist = { count: number; p50: number | null; p90: number | null };
interface Report {
  volume: { total: number; byPlatform: Counts; byIntent: Counts; bySentiment: Counts };
  open: { byTeam: Counts };
  series: { bucket: string; starts: string[]; byPlatform: Record<string, number[]>; byIntent: Record<string, number[]>; bySentiment: Record<string, number[]> };
  incidents: Array<{ id: string; volumeBefore: number; volumeAfter: number; complaintsBefore: number; complaintsAfter: number; series: Array<{ start: string; mentions: number; complaints: number }> }>;
  effect: { sentiment: { byLabel: { before: Counts; after: Counts } } };
  cases: {
    backlog: { byState: Counts; byAge: Counts; byTeam: Counts };
    sla: { firstResponse: Sla; resolution: Sla };
    firstResponseMinutes: Dist;
    resolutionMinutes: Dist;
    firstResponseHistogram: Counts;
    resolutionHistogram: Counts;
    csat: { count: number; mean: number | null; satisfiedShare: number | null };
    agents: Record<string, { cases: number; replies: number; handleMinutes: Dist }>;
  };
}

/** What each dashboard table must hold, worked out from the /api/metrics report alone. */
function expectedTables(r: Report): Record<string, Record<string, Record<string, number | null>>> {
  const map = <T>(o: Record<string, T>, f: (v: T, k: string) => Record<string, number | null>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v, k)]));
  const count = (o: Counts) => map(o, (v) => ({ count: v }));
  const overTime = (series: Record<string, number[]>, totals: Counts) => ({
    ...Object.fromEntries(r.series.starts.map((start, i) => [start, Object.fromEntries(Object.entries(series).map(([k, v]) => [k, v[i]!]))])),
    total: totals,
  });
  const sla = (by: 'byChannel' | 'byTeam') => {
    const { firstResponse: fr, resolution: res } = r.cases.sla;
    const keys = new Set([...Object.keys(fr[by]), ...Object.keys(res[by])]);
    const line = (a?: { counted: number; metPct: number | null }, b?: { counted: number; metPct: number | null }) => ({ firstResponse: a?.metPct ?? null, resolution: b?.metPct ?? null, firstResponseCounted: a?.counted ?? 0, resolutionCounted: b?.counted ?? 0 });
    return { all: line(fr, res), ...Object.fromEntries([...keys].map((k) => [k, line(fr[by][k], res[by][k])])) };
  };
  const { before, after } = r.effect.sentiment.byLabel;
  return {
    'volume-platform': overTime(r.series.byPlatform, r.volume.byPlatform),
    'volume-intent': overTime(r.series.byIntent, r.volume.byIntent),
    'volume-sentiment': overTime(r.series.bySentiment, r.volume.bySentiment),
    'backlog-state': count(r.cases.backlog.byState),
    'backlog-age': count(r.cases.backlog.byAge),
    'backlog-team': count(r.cases.backlog.byTeam),
    'sla-channel': sla('byChannel'),
    'sla-team': sla('byTeam'),
    'first-response-dist': count(r.cases.firstResponseHistogram),
    'resolution-dist': count(r.cases.resolutionHistogram),
    'sentiment-reply': map(before, (v, k) => ({ before: v, after: after[k]! })),
    csat: { mean: { value: r.cases.csat.mean }, satisfiedShare: { value: r.cases.csat.satisfiedShare }, count: { value: r.cases.csat.count } },
    incidents: Object.fromEntries(r.incidents.map((i) => [i.id, { complaintsBefore: i.complaintsBefore, complaintsAfter: i.complaintsAfter, volumeBefore: i.volumeBefore, volumeAfter: i.volumeAfter }])),
    ...Object.fromEntries(r.incidents.map((i) => [`incident-${i.id}`, Object.fromEntries(i.series.map((b) => [b.start, { mentions: b.mentions, complaints: b.complaints }]))])),
    agents: map(r.cases.agents, (a) => ({ cases: a.cases, replies: a.replies, handleP50: a.handleMinutes.p50 })),
  };
}

/** The page's tables (all of them) and its distribution figures against /api/metrics for the page's own brand and period. */
async function expectTablesMatchApi(page: Page, bucket: 'hour' | 'day') {
  const period = page.locator('#period');
  const q = `brand=demo&from=${await period.getAttribute('data-from')}&to=${await period.getAttribute('data-to')}`;
  const report = (await page.evaluate(`fetch("/api/metrics?${q}").then((r) => r.json())`)) as Report;
  expect(report.series.bucket).toBe(bucket);
  expect(report.volume.total).toBeGreaterThan(0);
  expect(await dashboardTables(page)).toEqual(expectedTables(report));
  for (const [id, dist] of [['first-response-dist', report.cases.firstResponseMinutes], ['resolution-dist', report.cases.resolutionMinutes]] as const) {
    const dd = (key: string) => page.locator(`dl[data-stats="${id}"] dd[data-key="${key}"]`).getAttribute('data-value');
    expect([await dd('count'), await dd('p50'), await dd('p90')]).toEqual([dist.count, dist.p50, dist.p90].map((v) => (v === null ? '' : String(v))));
  }
  expect(await page.locator('#totals dd').first().getAttribute('data-value')).toBe(String(report.volume.total));
}

const row = (page: Page, m: Mention) => page.locator(`#rows tr[data-id="${m.caseId}"]`);
const replies = (text: string) => world.sink.requests('/meta').filter((r) => r.body.includes(text));

describe('the console in headless Chromium', () => {
  it('an agent sees their brand only, a new case arrives live, a saved reply goes out once, the case resolves', { timeout: 60_000 }, async () => {
    const first = await world.dm('cust-invoice', 'Mijn factuur klopt niet, ik betaal dubbel deze maand!');
    const foreign = await world.otherTweet('@OtherBrand geheime klacht van een ander merk');
    const { context, page, errors } = await signedIn('agent@demo.test', 'nl-NL');

    const res = await page.reload();
    const csp = res!.headers()['content-security-policy']!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(await page.locator('html').getAttribute('lang')).toBe('nl');
    await expect.poll(() => row(page, first).textContent()).toContain('Mijn factuur klopt niet, ik betaal dubbel deze maand!');
    expect(await page.content()).not.toContain('geheime klacht');
    expect(await page.locator(`#rows tr[data-id="${foreign.caseId}"]`).count()).toBe(0);
    // The other brand's case by its address: the same "not found" as a case that does not exist.
    const stranger = await page.goto(`${world.app}/console/cases/${encodeURIComponent(foreign.caseId!)}`);
    expect(stranger!.status()).toBe(404);
    expect(await page.content()).not.toContain('geheime klacht');
    errors.length = 0; // the browser logs that 404 as an error: expected here
    await page.goto(`${world.app}/console`);

    // A new message while the inbox is open: its row appears without a reload, within 10 s.
    // The row being looked at (focused with j) keeps its focus and its place on screen.
    await page.keyboard.press('j');
    const kept = await page.evaluate('(window.__kept = document.activeElement, [document.activeElement.getAttribute("data-id"), document.activeElement.getBoundingClientRect().top])');
    expect((kept as [string, number])[0]).toBe(first.caseId);
    const arrival = await world.dm('cust-live', 'Storing? Mijn app doet het niet meer sinds vanochtend.');
    await expect.poll(() => row(page, arrival).count(), { timeout: 10_000, interval: 250 }).toBe(1);
    expect(await row(page, arrival).textContent()).toContain('Mijn app doet het niet meer sinds vanochtend.');
    // No reload (the same node), still focused, not moved.
    expect(await page.evaluate('[window.__kept.isConnected, document.activeElement === window.__kept, window.__kept.getBoundingClientRect().top]')).toEqual([true, true, (kept as [string, number])[1]]);
    expect(await page.locator('#live').textContent()).toBe('1 nieuwe zaak');
    expect(await axeSerious(page)).toEqual([]);
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: `${SHOTS}/inbox-nl.png` });

    // Open it, pick the saved reply in the case's language, send: the platform receives it once.
    await row(page, arrival).getByRole('link').click();
    await page.waitForURL(/\/console\/cases\//);
    const box = page.getByRole('textbox', { name: 'Antwoord' });
    await page.getByRole('button', { name: /Invoegen: Excuses factuur/ }).click();
    await expect.poll(() => box.inputValue()).toMatch(/^Hoi, sorry voor de verwarring over je factuur\. We zoeken het uit onder #[\w-]{6}\.$/);
    const text = await box.inputValue();
    expect(await page.locator('#count').textContent()).toContain(`${[...text].length} / 2000`);
    expect(await axeSerious(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/case-nl.png`, fullPage: true });
    await page.getByRole('button', { name: 'Verstuur', exact: true }).click();
    await landed(page, 'sent');
    expect(await page.getByRole('status').first().textContent()).toBe('Antwoord verstuurd.');
    expect(replies(text)).toHaveLength(1);
    expect(await page.locator('.thread li.brand').last().textContent()).toContain(text);

    await page.getByRole('button', { name: 'Afhandelen', exact: true }).click();
    await landed(page, 'state');
    expect(await page.locator('#case-state').getAttribute('data-state')).toBe('resolved');
    expect((await getCase(world.store, arrival.caseId!))!.state).toBe('resolved');
    expect(replies(text)).toHaveLength(1);
    expect(errors, errors.join('\n')).toEqual([]);
    await context.close();
  });

  it('in English: the same pages, accessible, with the English names', { timeout: 60_000 }, async () => {
    const m = await world.dm('cust-english', 'Hello, when will my refund arrive? It has been three weeks.');
    const { context, page, errors } = await signedIn('agent@demo.test', 'en-GB');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await expect.poll(() => row(page, m).count()).toBe(1);
    // A saved view: the filters by name, kept in this browser.
    await page.goto(`${world.app}/console?intent=complaint&team=webcare`);
    await page.getByLabel('Name this view').fill('Complaints, webcare');
    await page.getByRole('button', { name: 'Save view' }).click();
    await page.goto(`${world.app}/console`);
    await page.getByRole('navigation', { name: 'Saved views' }).getByRole('link', { name: 'Complaints, webcare' }).click();
    await page.waitForURL(/\/console\?intent=complaint&team=webcare$/);
    expect(await page.locator('select[name="intent"]').inputValue()).toBe('complaint');
    await page.goto(`${world.app}/console`);
    await expect.poll(() => row(page, m).count()).toBe(1);
    expect(await axeSerious(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/inbox-en.png` });
    await row(page, m).getByRole('link').click();
    await page.waitForURL(/\/console\/cases\//);
    expect(await page.getByRole('textbox', { name: 'Reply' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Send', exact: true }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Reply and resolve', exact: true }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Resolve', exact: true }).count()).toBe(1);
    expect(await axeSerious(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/case-en.png`, fullPage: true });

    // The switch: Dutch by choice, kept by cookie; the reply box is "Antwoord".
    await page.getByRole('link', { name: 'NL', exact: true }).click();
    await page.waitForURL(/lang=nl/);
    expect(await page.getByRole('textbox', { name: 'Antwoord' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Beantwoorden en afhandelen', exact: true }).count()).toBe(1);
    expect(errors, errors.join('\n')).toEqual([]);
    await context.close();
  });

  it('warns when someone else is answering, and keeps a draft across a reload', { timeout: 60_000 }, async () => {
    const m = await world.dm('cust-collide', 'Twee collega\'s tegelijk? Ik wil één antwoord.');
    const lead = await signedIn('lead@demo.test', 'en-GB');
    await lead.page.goto(`${world.app}/console/cases/${encodeURIComponent(m.caseId!)}`);
    await lead.page.getByRole('textbox', { name: 'Reply' }).focus();
    await expect.poll(async () => (await getCase(world.store, m.caseId!))!.lock?.by).toBeTruthy();

    const agent = await signedIn('agent@demo.test', 'en-GB');
    await agent.page.goto(`${world.app}/console/cases/${encodeURIComponent(m.caseId!)}`);
    const warning = agent.page.locator('#lock-warning');
    expect(await warning.isVisible()).toBe(true);
    expect(await warning.textContent()).toMatch(/is answering this case/);
    const box = agent.page.getByRole('textbox', { name: 'Reply' });
    await box.fill('Half af antwoord dat niet verloren mag gaan');
    await agent.page.reload();
    expect(await agent.page.getByRole('textbox', { name: 'Reply' }).inputValue()).toBe('Half af antwoord dat niet verloren mag gaan');
    // Sending anyway without ticking "Answer anyway": refused beside the form, the text kept.
    await agent.page.getByRole('button', { name: 'Send', exact: true }).click();
    await agent.page.waitForURL(/\/reply$/);
    expect(await agent.page.locator('#reply-error').textContent()).toMatch(/being answered by/);
    expect(await agent.page.getByRole('textbox', { name: 'Reply' }).inputValue()).toBe('Half af antwoord dat niet verloren mag gaan');
    expect(replies('Half af antwoord')).toHaveLength(0);
    expect([...lead.errors, ...agent.errors.filter((e) => !/409/.test(e))]).toEqual([]);
    await lead.context.close();
    await agent.context.close();
  });

  it('the lead\'s dashboard: every chart\'s table says what /api/metrics says, in both languages and for each range', { timeout: 90_000 }, async () => {
    // A small, varied week: complaints before and after an incident's first broadcast, a question
    // the lead takes, answers in the console and resolves, the customer's happy reaction and CSAT.
    await world.dm('cust-dash', 'Jullie app is traag en de factuur is te hoog');
    await world.dm('cust-dash-2', 'Slechte service, ik wacht al een week op antwoord. Belachelijk!');
    const question = await world.dm('cust-dash-3', 'Wanneer komt mijn jaarafrekening?');
    const api = (path: string, body: unknown) => fetch(`${world.app}${path}`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const opened = await api('/api/incidents', { brand: 'demo', name: 'Trage app', status: 'investigating', impact: 'minor', components: { app: 'degraded_performance' }, message: { nl: 'De app is traag, we zoeken het uit.', en: 'The app is slow, we are on it.' } });
    expect(opened.status).toBe(201);
    await world.dm('cust-dash-4', 'Nog steeds slecht, dit is echt waardeloos');
    expect((await api(`/api/cases/${encodeURIComponent(question.caseId!)}/assign`, { assignee: 'lead@demo.test' })).status).toBe(200);

    const { context, page, errors } = await signedIn('lead@demo.test', 'nl-NL');
    await page.goto(`${world.app}/console/cases/${encodeURIComponent(question.caseId!)}`);
    await page.getByRole('textbox', { name: 'Antwoord' }).fill('Je jaarafrekening komt volgende week, je krijgt er een mail over.');
    await page.getByRole('button', { name: 'Verstuur', exact: true }).click();
    await landed(page, 'sent');
    const thanks = await world.dm('cust-dash-3', 'Top, dank jullie wel voor de snelle hulp!');
    expect(thanks.caseId).toBe(question.caseId);
    expect((await api(`/api/cases/${encodeURIComponent(question.caseId!)}/state`, { state: 'resolved' })).status).toBe(200);
    await recordCsat(world.store, question.caseId, { id: 'csat-dash', text: 'Heel goed geholpen, 9/10', createdAt: new Date().toISOString() } as Mention, new Date());

    await page.goto(`${world.app}/console`);
    await page.getByRole('link', { name: 'Dashboard', exact: true }).click();
    await page.waitForURL(/\/console\/dashboard/);
    await expectTablesMatchApi(page, 'day');
    expect(await page.locator('#volume-platform svg rect').count()).toBeGreaterThan(0);
    expect(await page.locator('svg[role="img"]:not([aria-label])').count()).toBe(0);
    expect(await axeSerious(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/dashboard-nl.png`, fullPage: true });

    // The range, by keyboard: a GET form; 24 hours come in hourly buckets.
    await page.getByRole('combobox', { name: 'Periode' }).selectOption('24h');
    await page.getByRole('button', { name: 'Toepassen', exact: true }).press('Enter');
    await page.waitForURL(/range=24h/);
    await expectTablesMatchApi(page, 'hour');

    await page.getByRole('link', { name: 'EN', exact: true }).click();
    await page.waitForURL(/lang=en/);
    expect(await page.getByRole('heading', { level: 2 }).first().textContent()).toContain('Dashboard');
    await page.getByRole('combobox', { name: 'Period' }).selectOption('7d');
    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    await page.waitForURL(/range=7d/);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await expectTablesMatchApi(page, 'day');
    expect(await axeSerious(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/dashboard-en.png`, fullPage: true });
    expect(errors, errors.join('\n')).toEqual([]);
    await context.close();

    // An agent has no dashboard: no link, and the page answers 403.
    const agent = await signedIn('agent@demo.test', 'en-GB');
    expect(await agent.page.getByRole('link', { name: 'Dashboard' }).count()).toBe(0);
    expect((await agent.page.goto(`${world.app}/console/dashboard`))!.status()).toBe(403);
    await agent.context.close();
  });

  it('incidents: the preview of every channel renders and is accessible, in both languages', { timeout: 60_000 }, async () => {
    const { context, page, errors } = await signedIn('admin@demo.test', 'nl-NL');
    await page.getByRole('link', { name: 'Storingen', exact: true }).click();
    await page.waitForURL(/\/console\/incidents$/);
    await page.getByLabel('Titel').fill('Betalen in de app mislukt');
    await page.getByLabel('Impact').selectOption('major');
    await page.getByLabel('Bericht (Nederlands)').fill('We onderzoeken problemen met betalen.');
    await page.getByLabel('Bericht (English)').fill('We are investigating payment problems.');
    await page.getByRole('button', { name: 'Voorbeeld', exact: true }).click();
    await page.waitForURL(/\/console\/incidents$/);
    expect(await page.locator('#preview [data-channel="slack-ops"] pre').textContent()).toContain('Betalen in de app mislukt');
    expect(await page.locator('#preview [data-channel="discord-community"] pre').count()).toBe(1);
    expect(await axeSerious(page)).toEqual([]);
    await page.getByRole('link', { name: 'EN', exact: true }).click();
    await page.waitForURL(/lang=en/);
    expect(await page.getByRole('heading', { name: 'Open an incident' }).count()).toBe(1);
    expect(await axeSerious(page)).toEqual([]);
    expect(errors, errors.join('\n')).toEqual([]);
    await context.close();
  });

  it('a keyboard-only walk: j/k to the case, Enter, r, type, send, e', { timeout: 60_000 }, async () => {
    const m = await world.dm('cust-keys', 'Kunnen jullie mijn termijnbedrag verlagen?');
    const { context, page, errors } = await signedIn('agent@demo.test', 'nl-NL');
    await expect.poll(() => row(page, m).count()).toBe(1);
    const focused = () => page.evaluate('document.activeElement && document.activeElement.getAttribute("data-id")');
    await page.keyboard.press('j');
    const count = await page.locator('#rows tr[data-href]').count();
    for (let i = 0; i < count && (await focused()) !== m.caseId; i++) await page.keyboard.press('j');
    expect(await focused()).toBe(m.caseId);
    // a: take the focused case, right from the inbox.
    await page.keyboard.press('a');
    await page.waitForURL(/done=bulk&n=1&failed=0/);
    expect((await getCase(world.store, m.caseId!))!).toMatchObject({ state: 'open', assignee: expect.any(String) });
    await page.keyboard.press('j');
    for (let i = 0; i < count && (await focused()) !== m.caseId; i++) await page.keyboard.press('j');
    await page.keyboard.press('k');
    await page.keyboard.press('j');
    expect(await focused()).toBe(m.caseId);
    await page.keyboard.press('?');
    expect(await page.locator('#shortcuts').getAttribute('open')).not.toBeNull();
    await page.keyboard.press('Escape');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/console\/cases\//);

    await page.keyboard.press('r');
    expect(await page.evaluate('document.activeElement.id')).toBe('reply');
    const text = 'Dat kan! Ik heb je termijnbedrag aangepast.';
    await page.keyboard.type(text);
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Verstuur');
    await page.keyboard.press('Enter');
    await landed(page, 'sent');
    expect(replies(text)).toHaveLength(1);

    await page.keyboard.press('e');
    await landed(page, 'state');
    expect(await page.locator('#case-state').getAttribute('data-state')).toBe('resolved');
    expect(errors, errors.join('\n')).toEqual([]);
    await context.close();
  });
});
