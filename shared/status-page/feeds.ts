import { randomUUID } from 'node:crypto';
import { Feed } from 'feed';
import { label } from '../broadcast/text.ts';
import type { PageContext } from './statuspage-json.ts';
import type { Snapshot } from './snapshot.ts';

/** The history feed in both formats (route: history.atom, history.rss). */
export interface HistoryFeed {
  atom1(): string;
  rss2(): string;
}

/**
 * history.atom / history.rss: one entry per incident of the last 90 days, its updates as the
 * content (as Statuspage's history feeds do), newest incident first.
 *
 * An incident's name is plain text ("<app> & API" must read exactly so). The feed library writes
 * every entry title as HTML in CDATA (Atom `type="html"`), where a reader drops `<app>` as a tag and
 * a `]]>` in a name would end the section. So the library gets a placeholder per title and the
 * name goes in after rendering: Atom `<title type="text">` with XML escapes (RFC 4287 §3.1.1.1),
 * RSS plain text with the hexadecimal references the RSS Best Practices Profile recommends.
 */
export function historyFeed(ctx: PageContext, s: Snapshot): HistoryFeed {
  const nonce = randomUUID();
  const names = new Map(s.incidents.map((i, n) => [`wecare-title-${nonce}-${n}`, i.name]));
  const feed = entries(ctx, s, (n) => `wecare-title-${nonce}-${n}`);
  const fill = (xml: string, pattern: RegExp, encode: (name: string) => string) => {
    const out = xml.replace(pattern, (whole: string, token: string) => {
      const name = names.get(token);
      return name === undefined ? whole : encode(name);
    });
    if (out.includes(nonce)) throw new Error('history feed: an entry title was not filled in');
    return out;
  };
  return {
    atom1: () => fill(feed.atom1(), /<title type="html"><!\[CDATA\[(wecare-title-[\w-]+)\]\]><\/title>/g, (n) => `<title type="text">${xmlText(n)}</title>`),
    rss2: () => fill(feed.rss2(), /<title><!\[CDATA\[(wecare-title-[\w-]+)\]\]><\/title>/g, (n) => `<title>${hexRefs(n)}</title>`),
  };
}

function entries(ctx: PageContext, s: Snapshot, titleOf: (n: number) => string): Feed {
  const base = `${ctx.publicUrl.replace(/\/$/, '')}/status/${ctx.brand.id}`;
  const updated = s.incidents[0] ? new Date(s.incidents[0].updatedAt) : new Date(0);
  const feed = new Feed({
    id: base,
    title: `${ctx.brand.name} status`,
    link: base,
    language: ctx.lang,
    updated,
    generator: 'wecare',
    copyright: ctx.brand.name,
    feedLinks: { atom: `${base}/history.atom`, rss: `${base}/history.rss` },
  });
  for (const [n, i] of s.incidents.entries()) {
    const text = (m: Record<string, string>) => m[ctx.lang] ?? m.en ?? '';
    feed.addItem({
      id: `${base}#incident-${i.id}`,
      link: `${base}/incidents/${encodeURIComponent(i.id)}`,
      title: titleOf(n),
      date: new Date(i.updatedAt),
      published: new Date(i.createdAt),
      // Summary (Atom) and description (RSS) are HTML: the message and name are text in it.
      description: esc(i.updates[0] ? `${label(ctx.lang, i.updates[0].status)} - ${text(i.updates[0].message)}` : i.name),
      content: i.updates
        .map((u) => `<p><small>${u.at}</small><br><strong>${esc(label(ctx.lang, u.status))}</strong> - ${esc(text(u.message))}</p>`)
        .join(''),
    });
  }
  return feed;
}

export const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** Text content of an XML element. */
const xmlText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** Plain text in RSS: "&", "<" and ">" as &#x26; &#x3C; &#x3E;, the form most aggregators read as text. */
const hexRefs = (s: string) => s.replace(/&/g, '&#x26;').replace(/</g, '&#x3C;').replace(/>/g, '&#x3E;');
