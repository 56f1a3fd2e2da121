import { describe, expect, it } from 'vitest';
import { discordMessage, slackMessage, statusPostRequest, teamsMessage } from '../../../shared/broadcast/channels.ts';
import { webhookRequest } from '../../../shared/broadcast/webhook.ts';
import type { Incident, IncidentUpdate } from '../../../shared/incidents/model.ts';
import { readReplyEnv } from '../../../shared/platforms/index.ts';
import { historyFeed } from '../../../shared/status-page/feeds.ts';
import { componentStates, type IncidentView, type Snapshot } from '../../../shared/status-page/snapshot.ts';
import { acmeBrands } from './fixtures.ts';

/** Item 6 of issue 16: a name with markup, entities, Markdown and a mass mention reads the same everywhere. */
const NAME = '<app> & "API" *beta* @everyone';
const acme = acmeBrands().byId('acme')!;
const brand = { ...acme, name: 'Acme & <Co>', components: [{ id: 'app', name: NAME }] };
const env = { platforms: readReplyEnv({ X_API_URL: 'https://x.test', META_GRAPH_URL: 'https://graph.test/' }), publicUrl: 'https://status.example' };
const update: IncidentUpdate = {
  id: 'u1',
  incidentId: 'i1',
  brand: 'acme',
  name: NAME,
  kind: 'incident',
  status: 'investigating',
  impact: 'major',
  message: { nl: `${NAME} ligt eruit`, en: `${NAME} is down` },
  components: { app: 'major_outage' },
  previous: {},
  at: '2026-11-23T10:00:00.000Z',
};
const headline = `[Onderzoek] ${NAME}`;
const input = { update, brand, env };

/** What an XML parser gives for an element's text: CDATA as is, entities and character references decoded. */
function xmlText(inner: string): string {
  const cdata = /^<!\[CDATA\[([\s\S]*)\]\]>$/.exec(inner);
  if (cdata) return cdata[1]!;
  expect(inner).not.toMatch(/[<>]/); // no markup inside a text element
  return inner
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}
/** Entry titles: the type attribute (Atom) and the text a reader shows. */
const titles = (xml: string, item: 'entry' | 'item') =>
  [...xml.matchAll(new RegExp(`<${item}>[\\s\\S]*?<title( type="(\\w+)")?>([\\s\\S]*?)</title>`, 'g'))].map((m) => ({ type: m[2], text: xmlText(m[3]!) }));

/** Markdown as Discord and CommonMark read it: a backslash before ASCII punctuation is that character. */
const unescapeMarkdown = (s: string) => s.replace(/\\([!-/:-@[-`{-~])/g, '$1');
/** Left of the escapes, no character that would format, link, quote or mention. */
const markdownInert = (s: string) => expect(s.replace(/\\[!-/:-@[-`{-~]/g, '')).not.toMatch(/[*_`~<>[\]@&#|\\]/);
/** Slack decodes exactly these three in mrkdwn; an unescaped `<` or `>` would open a link or a mention. */
const slackShows = (s: string) => {
  expect(s.replace(/<https:\/\/[^|>]+\|[^>]+>/g, '')).not.toMatch(/[<>]|&(?!amp;|lt;|gt;)/);
  return s.replace(/<(https:\/\/[^|>]+)\|([^>]+)>/g, '$2').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
};

describe('names survive every format', () => {
  const view: IncidentView = {
    id: 'i1',
    brand: 'acme',
    name: `${NAME} ]]> $& $1`,
    kind: 'incident',
    status: 'investigating',
    impact: 'major',
    components: { app: 'major_outage' },
    createdAt: update.at,
    updatedAt: update.at,
    version: 1,
    updates: [update],
  };
  const now = new Date('2026-11-23T12:00:00Z');
  const snapshot: Snapshot = { brand: 'acme', at: now.toISOString(), incidents: [view], components: componentStates(brand, [view], now) };
  const feed = historyFeed({ brand, publicUrl: 'https://s.example', lang: 'nl' }, snapshot);

  it('Atom: the entry title is type="text" and reads the name exactly (even "]]>" and "$&"); the summary is HTML-escaped', () => {
    const atom = feed.atom1();
    expect(titles(atom, 'entry')).toEqual([{ type: 'text', text: view.name }]);
    expect(atom).toContain('<title>Acme &amp; &lt;Co&gt; status</title>');
    // type="html": the reader decodes the XML, then shows the HTML: the message is text in it.
    const summary = /<summary type="html">([\s\S]*?)<\/summary>/.exec(atom)![1]!;
    expect(xmlText(summary)).toBe('Onderzoek - &lt;app&gt; &amp; &quot;API&quot; *beta* @everyone ligt eruit');
  });

  it('RSS: the item title is plain text with character references, no CDATA', () => {
    const rss = feed.rss2();
    expect(titles(rss, 'item')).toEqual([{ type: undefined, text: view.name }]);
    expect(rss).toContain('<title>&#x3C;app&#x3E; &#x26; "API" *beta* @everyone ]]&#x3E; $&#x26; $1</title>');
  });

  it('Slack: the fallback and the context line are escaped mrkdwn, header and sections plain text', () => {
    const msg = slackMessage(input);
    expect(msg.text).toBe('[Onderzoek] &lt;app&gt; &amp; "API" *beta* @everyone');
    expect(slackShows(msg.text)).toBe(headline);
    const [header, message, components, context] = msg.blocks as Array<{ text?: { type: string; text: string }; elements?: Array<{ type: string; text: string }> }>;
    expect(header!.text).toMatchObject({ type: 'plain_text', text: headline });
    expect(message!.text).toMatchObject({ type: 'plain_text', text: `${NAME} ligt eruit` });
    expect(components!.text).toMatchObject({ type: 'plain_text', text: `• ${NAME}: Grote storing` });
    const line = context!.elements![0]!;
    expect(line.type).toBe('mrkdwn');
    expect(slackShows(line.text)).toBe('Acme & <Co> · impact major · status page');
  });

  it('Teams: card text and facts are escaped Markdown that reads as the name', () => {
    const card = teamsMessage(input).attachments[0]!.content;
    const [title, message, facts] = card.body as Array<{ text?: string; facts?: Array<{ title: string; value: string }> }>;
    for (const [escaped, shown] of [
      [title!.text!, headline],
      [message!.text!, `${NAME} ligt eruit`],
      [facts!.facts![0]!.title, NAME],
    ] as const) {
      markdownInert(escaped);
      expect(unescapeMarkdown(escaped)).toBe(shown);
    }
  });

  it('Discord: title, description and field are escaped Markdown; no mention is parsed', () => {
    const msg = discordMessage(input);
    const e = msg.embeds[0]!;
    for (const [escaped, shown] of [
      [e.title, headline],
      [e.description, `${NAME} ligt eruit`],
      [e.fields[0]!.name, NAME],
    ] as const) {
      markdownInert(escaped);
      expect(unescapeMarkdown(escaped)).toBe(shown);
    }
    expect(msg.allowed_mentions).toEqual({ parse: [] });
    expect(e.footer.text).toBe('Acme & <Co>'); // the footer renders no Markdown: as is
  });

  it('Discord: escaping never pushes a long name past the limits nor splits an escape', () => {
    const e = discordMessage({ ...input, update: { ...update, name: '*'.repeat(400) } }).embeds[0]!;
    expect(e.title.length).toBeLessThanOrEqual(256);
    expect(e.title.endsWith('…')).toBe(true);
    markdownInert(e.title);
  });

  it('X and Facebook: plain text, the name raw, never HTML-escaped', () => {
    const x = JSON.parse(statusPostRequest(input, acme.channels.find((c) => c.type === 'x')!).body) as { text: string };
    expect(x.text.startsWith(`${headline}: ${NAME} ligt eruit `)).toBe(true);
    expect(x.text).not.toMatch(/&amp;|&lt;|&gt;|&quot;|\\/);
    const fb = new URLSearchParams(statusPostRequest(input, acme.channels.find((c) => c.type === 'facebook')!).body);
    expect(fb.get('message')).toBe(`${headline}\n\n${NAME} ligt eruit`);
  });

  it('webhook JSON carries the name raw', () => {
    const event = { type: 'status.update' as const, incident: { id: 'i1', brand: 'acme', name: NAME, status: 'investigating', impact: 'major', components: update.components } as Incident, update };
    const req = webhookRequest({ url: 'https://hook.test', event, subscriber: 's1', publicUrl: env.publicUrl, now: now });
    const body = JSON.parse(req.body) as { data: { incident: { name: string }; update: { message: { en: string } } } };
    expect(body.data.incident.name).toBe(NAME);
    expect(body.data.update.message.en).toBe(`${NAME} is down`);
  });
});
