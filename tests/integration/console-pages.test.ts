import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleAssets } from '../../shared/console/assets.ts';
import type { Mention } from '../../shared/mention.ts';
import { getCase } from '../../shared/store/cases.ts';
import { ADMIN } from '../support/api.ts';
import { type ConsoleWorld, consoleWorld, PASSWORD } from '../support/console-world.ts';

/**
 * The console's pages over HTTP the way a browser without script uses them: sessions, brand scope,
 * CSRF on every form, validation beside the field with the text kept, POST-redirect-GET, the
 * return to where an expired session left off, the fingerprinted assets.
 */
let world: ConsoleWorld;
let ours: Mention;
let theirs: Mention;

beforeAll(async () => {
  world = await consoleWorld('console-pages');
  ours = await world.dm('cust-pages', 'Waar blijft mijn jaarafrekening?');
  theirs = await world.otherTweet('@OtherBrand iets dat alleen Other mag zien');
}, 60_000);
afterAll(async () => {
  await world?.close();
});

/** Cookies per host, redirects by hand; `follow: false` stops at the first answer. */
function browser(lang = 'en') {
  const jar = new Map<string, Map<string, string>>();
  const send = async (url: string, init: { form?: Record<string, string>; origin?: string; follow?: boolean } = {}) => {
    let target = new URL(url);
    let body = init.form && new URLSearchParams(init.form);
    for (let i = 0; i < 12; i++) {
      const cookies = jar.get(target.host) ?? new Map<string, string>();
      jar.set(target.host, cookies);
      const headers: Record<string, string> = { 'accept-language': lang };
      if (cookies.size) headers.cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      if (body) headers['content-type'] = 'application/x-www-form-urlencoded';
      if (body && init.origin !== '') headers.origin = init.origin ?? target.origin;
      const res = await fetch(target, { method: body ? 'POST' : 'GET', headers, body, redirect: 'manual' });
      for (const line of res.headers.getSetCookie()) {
        const [pair = ''] = line.split(';');
        const name = pair.slice(0, pair.indexOf('='));
        if (/max-age=0/i.test(line)) cookies.delete(name);
        else cookies.set(name, pair.slice(name.length + 1));
      }
      const location = res.headers.get('location');
      const cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      if (init.follow === false || !location || res.status < 300 || res.status >= 400) return { res, url: target.href, text: await res.text(), cookie };
      await res.arrayBuffer();
      target = new URL(location, target);
      body = undefined;
    }
    throw new Error('too many redirects');
  };
  return {
    send,
    async signIn(email: string, start = `${world.app}/console`) {
      const page = await send(start);
      const action = page.text.match(/<form[^>]*action="([^"]+)"/)![1]!.replace(/&#38;|&amp;/g, '&');
      return send(new URL(action, page.url).href, { form: { email, password: PASSWORD }, origin: '' });
    },
  };
}

const csrfOf = (html: string) => html.match(/<meta name="csrf-token" content="([^"]+)"/)![1]!;
const caseUrl = (m: Mention) => `${world.app}/console/cases/${encodeURIComponent(m.caseId!)}`;

describe('console pages', () => {
  it('an expired or missing session goes to sign-in and comes back to the page asked for', async () => {
    const b = browser();
    const landed = await b.signIn('agent@demo.test', caseUrl(ours));
    expect(landed.res.status).toBe(200);
    expect(landed.url).toBe(caseUrl(ours));
    expect(landed.text).toContain('Waar blijft mijn jaarafrekening?');
    // The live rows without a session: 401, so the page can reload into sign-in.
    expect((await fetch(`${world.app}/console/inbox/rows`)).status).toBe(401);
  });

  it('keeps every brand but the agent\'s out: pages, rows, forms and the brand filter answer 404', async () => {
    const b = browser();
    const inbox = await b.signIn('agent@demo.test');
    expect(inbox.text).toContain('Waar blijft mijn jaarafrekening?');
    expect(inbox.text).not.toContain('alleen Other');
    const rows = await b.send(`${world.app}/console/inbox/rows`);
    expect(rows.text).toContain(`data-id="${ours.caseId}"`);
    expect(rows.text).not.toContain(theirs.caseId!);
    const page = await b.send(caseUrl(theirs));
    expect(page.res.status).toBe(404);
    expect(page.res.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.text).not.toContain('alleen Other');
    const post = await b.send(`${caseUrl(theirs)}/state`, { form: { csrf: csrfOf(inbox.text), state: 'spam' }, follow: false });
    expect(post.res.status).toBe(404);
    expect((await getCase(world.store, theirs.caseId!))!.state).toBe('new');
    expect((await b.send(`${world.app}/console?brand=other`)).res.status).toBe(404);
  });

  it('refuses a form without the page\'s CSRF field or from another origin', async () => {
    const b = browser();
    const inbox = await b.signIn('agent@demo.test');
    const csrf = csrfOf(inbox.text);
    expect((await b.send(`${caseUrl(ours)}/notes`, { form: { text: 'no token' }, follow: false })).res.status).toBe(403);
    expect((await b.send(`${caseUrl(ours)}/notes`, { form: { text: 'forged', csrf: 'x'.repeat(43) }, follow: false })).res.status).toBe(403);
    expect((await b.send(`${caseUrl(ours)}/notes`, { form: { text: 'cross-site', csrf }, origin: 'https://evil.test', follow: false })).res.status).toBe(403);
    const ok = await b.send(`${caseUrl(ours)}/notes`, { form: { text: 'Klant belt morgen terug', csrf }, follow: false });
    expect(ok.res.status).toBe(303);
    expect(ok.res.headers.get('location')).toBe(`/console/cases/${encodeURIComponent(ours.caseId!)}?done=note`);
    const after = await b.send(new URL(ok.res.headers.get('location')!, world.app).href);
    expect(after.text).toContain('Klant belt morgen terug');
    expect(after.text).toContain('Note added.');
  });

  it('shows a bad field beside it and keeps what was typed; a refused action names why', async () => {
    const b = browser('nl');
    const inbox = await b.signIn('agent@demo.test');
    const csrf = csrfOf(inbox.text);
    const long = `${'Heel lang antwoord <b>met</b> "tekens". '.repeat(260)}`;
    const tooLong = await b.send(`${caseUrl(ours)}/reply`, { form: { text: long, action: 'send', csrf } });
    expect(tooLong.res.status).toBe(400);
    expect(tooLong.text).toMatch(/<p class="error" id="reply-error">text: /);
    expect(tooLong.text).toContain('aria-invalid="true"');
    // What was typed comes back in the textarea, escaped (no markup of the customer's or agent's gets through).
    expect(tooLong.text).toContain('Heel lang antwoord &lt;b&gt;met&lt;/b&gt; &quot;tekens&quot;.');
    expect(world.sink.requests('/meta').some((r) => r.body.includes('Heel lang antwoord'))).toBe(false);

    const empty = await b.send(`${caseUrl(ours)}/reply`, { form: { text: '   ', action: 'send', csrf } });
    expect(empty.res.status).toBe(400);
    expect(empty.text).toContain('text: required');

    // An agent may take a case, not hand it to a team: refused with the reason, nothing changed.
    const team = await b.send(`${caseUrl(ours)}/assign`, { form: { team: 'billing', csrf } });
    expect(team.res.status).toBe(403);
    expect(team.text).toContain('cases:assign');
    const take = await b.send(`${caseUrl(ours)}/assign`, { form: { assignee: 'someone-else', csrf } });
    expect(take.res.status).toBe(403);
    // The page's own "Oppakken" form: the agent takes it.
    const me = (await b.send(caseUrl(ours))).text.match(/name="assignee" value="([^"]+)"/)![1]!;
    expect((await b.send(`${caseUrl(ours)}/assign`, { form: { assignee: me, csrf }, follow: false })).res.status).toBe(303);
    expect((await getCase(world.store, ours.caseId!))!).toMatchObject({ assignee: me, state: 'open' });
  });

  it('a lead assigns to a team and corrects triage; the events name the lead', async () => {
    const b = browser();
    const inbox = await b.signIn('lead@demo.test');
    const csrf = csrfOf(inbox.text);
    expect((await b.send(`${caseUrl(ours)}/assign`, { form: { team: 'billing', csrf }, follow: false })).res.status).toBe(303);
    expect((await b.send(`${caseUrl(ours)}/triage`, { form: { intent: 'question', sentiment: 'neutral', csrf }, follow: false })).res.status).toBe(303);
    const c = (await getCase(world.store, ours.caseId!))!;
    expect(c).toMatchObject({ team: 'billing', intent: 'question', sentiment: { label: 'neutral' } });
    const page = await b.send(caseUrl(ours));
    expect(page.text).toMatch(/triage gecorrigeerd|triage corrected/);
    const bad = await b.send(`${caseUrl(ours)}/triage`, { form: { intent: 'rant', csrf } });
    expect(bad.res.status).toBe(400);
    expect(bad.text).toContain('intent:');
  });

  it('bulk dismiss changes the agent\'s own cases only; the filters narrow the inbox', async () => {
    const fresh = await world.dm('cust-bulk', 'Test test, negeer dit bericht maar');
    const b = browser();
    const inbox = await b.signIn('agent@demo.test');
    expect(inbox.text).toContain(`value="${fresh.caseId}" form="bulk"`);
    const body = new URLSearchParams([['csrf', csrfOf(inbox.text)], ['action', 'dismiss'], ['ids', fresh.caseId!], ['ids', theirs.caseId!]]);
    const res = await fetch(`${world.app}/console/bulk`, { method: 'POST', redirect: 'manual', body, headers: { origin: world.app, cookie: inbox.cookie } });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/console?done=bulk&n=1&failed=1');
    expect((await getCase(world.store, fresh.caseId!))!.state).toBe('dismissed');
    expect((await getCase(world.store, theirs.caseId!))!.state).toBe('new');
    const after = await b.send(`${world.app}/console?done=bulk&n=1&failed=1`);
    expect(after.text).toContain('1 case updated; 1 could not be changed.');
    expect(after.text).not.toContain(`data-id="${fresh.caseId}"`);

    const wanted = (await getCase(world.store, ours.caseId!))!;
    expect((await b.send(`${world.app}/console?intent=${wanted.intent}`)).text).toContain(`data-id="${ours.caseId}"`);
    expect((await b.send(`${world.app}/console?intent=compliment`)).text).not.toContain(`data-id="${ours.caseId}"`);
    expect((await b.send(`${world.app}/console?q=jaarafrekening`)).text).toContain(`data-id="${ours.caseId}"`);
    expect((await b.send(`${world.app}/console?q=iets-anders`)).text).not.toContain(`data-id="${ours.caseId}"`);
  });

  it('a lead assigns selected cases to a team and a person at once; an agent may not', async () => {
    const one = await world.dm('cust-bulk-a', 'Mijn pakket is nooit aangekomen');
    const two = await world.dm('cust-bulk-b', 'Ook mijn pakket is zoek');
    const post = async (inbox: { text: string; cookie: string }, fields: Array<[string, string]>) => {
      const body = new URLSearchParams([['csrf', csrfOf(inbox.text)], ...fields, ['ids', one.caseId!], ['ids', two.caseId!]]);
      return fetch(`${world.app}/console/bulk`, { method: 'POST', redirect: 'manual', body, headers: { origin: world.app, cookie: inbox.cookie } });
    };
    const agent = await browser().signIn('agent@demo.test');
    expect(agent.text).not.toContain('value="assign"');
    expect((await post(agent, [['action', 'assign'], ['assignee', 'lead@demo.test']])).status).toBe(403);
    const lead = await browser().signIn('lead@demo.test');
    expect(lead.text).toContain('value="assign"');
    const team = world.brands.byId('demo')!.teams.at(-1)!;
    const res = await post(lead, [['action', 'assign'], ['team', team], ['assignee', 'agent@demo.test']]);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/console?done=bulk&n=2&failed=0');
    for (const m of [one, two]) expect(await getCase(world.store, m.caseId!)).toMatchObject({ assignee: 'agent@demo.test', team });
    const empty = await post(lead, [['action', 'assign']]);
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('assignee');
  });

  it('a case shows the customer\'s earlier case with the brand', async () => {
    const before = await world.dm('cust-return', 'Eerste vraag: wanneer komt de monteur?');
    const b = browser();
    const inbox = await b.signIn('agent@demo.test');
    expect((await b.send(`${caseUrl(before)}/state`, { form: { state: 'resolved', csrf: csrfOf(inbox.text) }, follow: false })).res.status).toBe(303);
    const again = await world.dm('cust-return', 'Tweede vraag: de monteur is niet gekomen.');
    expect(again.caseId).not.toBe(before.caseId);
    const page = await b.send(caseUrl(again));
    expect(page.text).toContain(`href="/console/cases/${encodeURIComponent(before.caseId!)}"`);
    expect(page.text).toContain('Eerste vraag: wanneer komt de monteur?');
  });

  it('shows a crisis banner on every page while a major incident is open, and not after', async () => {
    const admin = { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' };
    const opened = await fetch(`${world.app}/api/incidents`, { method: 'POST', headers: admin, body: JSON.stringify({ brand: 'demo', name: 'Storing in de app', status: 'investigating', impact: 'major', components: {}, message: { nl: 'We kijken ernaar.', en: 'We are looking into it.' } }) });
    expect(opened.status).toBe(201);
    const { id } = (await opened.json()) as { id: string };
    const b = browser();
    await b.signIn('agent@demo.test');
    // Incidents are read at most every 5 s per brand: the banner is there within that.
    let inbox = '';
    await expect.poll(async () => (inbox = (await b.send(`${world.app}/console`)).text).includes('id="crisis"'), { timeout: 10_000, interval: 500 }).toBe(true);
    expect(inbox).toMatch(/<aside class="crisis" id="crisis" aria-label="Major incident"><strong>Major incident:<\/strong> <a href="[^"]*\/status\/demo\/incidents\/[^"]+">Storing in de app<\/a> \(demo, major\)/);
    expect((await b.send(caseUrl(ours))).text).toContain('id="crisis"');
    const resolved = await fetch(`${world.app}/api/incidents/${id}/updates`, { method: 'POST', headers: admin, body: JSON.stringify({ status: 'resolved', message: { nl: 'Opgelost.', en: 'Resolved.' } }) });
    expect(resolved.status).toBe(201);
    await expect.poll(async () => (await b.send(`${world.app}/console`)).text.includes('id="crisis"'), { timeout: 10_000, interval: 500 }).toBe(false);
  });

  it('serves the script and style sheet by content hash, immutable, and nothing else', async () => {
    const { css, js } = consoleAssets();
    for (const a of [css, js]) {
      const res = await fetch(`${world.app}${a.path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(res.headers.get('content-type')).toBe(a.type);
      expect(await res.text()).toBe(a.body);
    }
    expect(js.name).toMatch(/^console\.[0-9a-f]{12}\.js$/);
    expect((await fetch(`${world.app}/console/assets/console.000000000000.js`)).status).toBe(404);
  });
});
