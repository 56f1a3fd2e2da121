import { describe, expect, it } from 'vitest';
import { indexBrands, parseConfig } from '../../../shared/config/load.ts';
import { renderStatusPage } from '../../../shared/status-page/html.tsx';
import { renderIncidentPage } from '../../../shared/status-page/incident-page.tsx';
import { managePage } from '../../../shared/status-page/manage-page.tsx';
import { componentStates, type IncidentView, type Snapshot } from '../../../shared/status-page/snapshot.ts';
import { actionPage, resultPage } from '../../../shared/status-page/subscription-page.tsx';

/**
 * Issue 15 item 7: the public pages are hono/jsx, so whatever a name or message holds is text.
 * Hostile names from the brand config (brand, components, groups) and from the API (incident
 * name, messages) come out escaped: no tag and no attribute of theirs reaches the markup, and the
 * text reads exactly as given once the HTML entities are decoded.
 */
const HOSTILE = `<script>alert(1)</script> "><img src=x onerror=alert(2)> & 'quoted' Ünïcødé 🚀 ]]> &amp;`;
const brands = indexBrands(
  parseConfig({
    brands: [
      {
        id: 'acme',
        name: `Acme ${HOSTILE}`,
        languages: ['nl', 'en'],
        accounts: { x: ['111'] },
        componentGroups: [{ id: 'online', name: `Group ${HOSTILE}` }],
        components: [
          { id: 'app', name: `App ${HOSTILE}`, names: { nl: `App-nl ${HOSTILE}`, en: `App-en ${HOSTILE}` } },
          { id: 'web', name: `Web ${HOSTILE}`, group: 'online' },
        ],
      },
    ],
  }),
);
const brand = brands.byId('acme')!;
const now = new Date('2026-11-23T12:00:00Z');
const update = (id: string, status: string, at: string) => ({
  id,
  incidentId: 'i1',
  brand: 'acme',
  name: `Incident ${HOSTILE}`,
  kind: 'incident' as const,
  status: status as IncidentView['status'],
  impact: 'major' as const,
  message: { nl: `Bericht ${HOSTILE}`, en: `Message ${HOSTILE}` },
  components: { app: 'major_outage' as const, web: 'partial_outage' as const },
  previous: {},
  at,
});
const open: IncidentView = {
  id: 'i1',
  brand: 'acme',
  name: `Incident ${HOSTILE}`,
  kind: 'incident',
  status: 'identified',
  impact: 'major',
  components: { app: 'major_outage', web: 'partial_outage' },
  createdAt: '2026-11-23T10:00:00.000Z',
  updatedAt: '2026-11-23T11:00:00.000Z',
  version: 2,
  updates: [update('u2', 'identified', '2026-11-23T11:00:00.000Z'), update('u1', 'investigating', '2026-11-23T10:00:00.000Z')],
};
const past: IncidentView = { ...open, id: 'i2', status: 'resolved', updates: [update('u4', 'resolved', '2026-11-20T11:00:00.000Z'), update('u3', 'investigating', '2026-11-20T10:00:00.000Z')] };
const snapshot: Snapshot = { brand: 'acme', at: now.toISOString(), incidents: [open, past], components: componentStates(brand, [open, past], now) };

/** The text a browser shows for the markup: tags dropped, the five escapes hono writes decoded. */
const textOf = (html: string) =>
  html
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

/** No element or attribute the hostile text carries made it into the markup. */
function inert(html: string) {
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/<img/i);
  // Every tag is the page's own: none carries a handler (the hostile `"` and `>` are &quot; and &gt;).
  const tags = html.match(/<[a-z][^>]*>/gi) ?? [];
  expect(tags.filter((t) => /\son\w+=/i.test(t))).toEqual([]);
}

describe('hostile names and messages on the public pages', () => {
  for (const lang of ['nl', 'en'] as const) {
    it(`the status page (${lang}) escapes the brand, component, group and incident names and the messages, and shows them as text`, () => {
      const html = renderStatusPage({ brand, snapshot, lang, responseTimes: [{ platform: `x ${HOSTILE}`, expectedMinutes: 5, open: 1 }] as never, stale: false, now });
      inert(html);
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &quot;&gt;&lt;img src=x onerror=alert(2)&gt; &amp; &#39;quoted&#39; Ünïcødé 🚀 ]]&gt; &amp;amp;');
      const text = textOf(html);
      for (const shown of [`Acme ${HOSTILE} Status`, `Incident ${HOSTILE}`, lang === 'nl' ? `Bericht ${HOSTILE}` : `Message ${HOSTILE}`, `App-${lang} ${HOSTILE}`, `Web ${HOSTILE}`, `Group ${HOSTILE}`, `x ${HOSTILE}`]) {
        expect(text).toContain(shown);
      }
      // In an attribute too (the history's "read more" is a text; the title of a bar is an attribute).
      expect(html).toMatch(/<title>Acme &lt;script&gt;/);
    });

    it(`the incident page (${lang}) escapes them too`, () => {
      const html = renderIncidentPage({ brand, incident: open, lang, stale: false });
      inert(html);
      const text = textOf(html);
      expect(text).toContain(`Incident ${HOSTILE}`);
      expect(text).toContain(`App-${lang} ${HOSTILE}`);
      expect(text).toContain(lang === 'nl' ? `Bericht ${HOSTILE}` : `Message ${HOSTILE}`);
      expect(html).toContain(`<h1>Incident &lt;script&gt;alert(1)&lt;/script&gt;`);
    });
  }

  it('the subscription and manage pages escape the brand name, a component name and the form action', () => {
    const formAction = `/status/acme/unsubscribe?token="><script>alert(3)</script>`;
    const pages = [
      actionPage({ brand, lang: 'en', action: 'unsubscribe', formAction }),
      resultPage({ brand, lang: 'nl', action: 'confirm', statusUrl: '/status/acme' }),
      managePage({ brand, lang: 'en', subscriber: { type: 'email', components: ['app'] } as never, formAction, stopUrl: formAction }),
    ];
    for (const html of pages) {
      inert(html);
      expect(textOf(html)).toContain(`Acme ${HOSTILE}`);
    }
    expect(pages[0]).toContain('action="/status/acme/unsubscribe?token=&quot;&gt;&lt;script&gt;alert(3)&lt;/script&gt;"');
    expect(textOf(pages[2]!)).toContain(`App ${HOSTILE}`);
  });
});
