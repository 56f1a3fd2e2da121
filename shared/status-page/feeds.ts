import { Feed } from 'feed';
import { label } from '../broadcast/text.ts';
import type { PageContext } from './statuspage-json.ts';
import type { Snapshot } from './snapshot.ts';

/**
 * history.atom / history.rss: one entry per incident of the last 90 days, its updates as the
 * content (as Statuspage's history feeds do), newest incident first.
 */
export function historyFeed(ctx: PageContext, s: Snapshot): Feed {
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
  for (const i of s.incidents) {
    const text = (m: Record<string, string>) => m[ctx.lang] ?? m.en ?? '';
    feed.addItem({
      id: `${base}#incident-${i.id}`,
      link: `${base}#incident-${i.id}`,
      title: i.name,
      date: new Date(i.updatedAt),
      published: new Date(i.createdAt),
      description: i.updates[0] ? `${label(ctx.lang, i.updates[0].status)} - ${text(i.updates[0].message)}` : i.name,
      content: i.updates
        .map((u) => `<p><small>${u.at}</small><br><strong>${esc(label(ctx.lang, u.status))}</strong> - ${esc(text(u.message))}</p>`)
        .join(''),
    });
  }
  return feed;
}

export const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
