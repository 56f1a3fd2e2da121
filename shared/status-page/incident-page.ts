import { label } from '../broadcast/text.ts';
import type { Brand } from '../config/brand.ts';
import { componentNames } from './components-view.ts';
import { esc } from './feeds.ts';
import { STYLE } from './html.ts';
import { PAGE_TEXT, type PageLang } from './i18n.ts';
import type { IncidentView } from './snapshot.ts';

/**
 * One incident's own page (GET /status/:brand/incidents/:id), the permalink every broadcast and
 * auto-reply carries: its name, impact, current status, the components it touches, and every
 * update oldest first in the page's language with its time in the brand's timezone. Same CSP as
 * the status page: no script, the status page's style by its hash.
 */
const WORDS = {
  en: {
    back: 'Back to the status page',
    impact: 'Impact',
    status: 'Current status',
    components: 'Affected components',
    updates: 'Updates',
    noComponents: 'No components affected.',
    scheduled: 'Scheduled',
    impacts: { none: 'None', minor: 'Minor', major: 'Major', critical: 'Critical', maintenance: 'Maintenance' },
  },
  nl: {
    back: 'Terug naar de statuspagina',
    impact: 'Impact',
    status: 'Huidige status',
    components: 'Getroffen onderdelen',
    updates: 'Updates',
    noComponents: 'Geen onderdelen getroffen.',
    scheduled: 'Gepland',
    impacts: { none: 'Geen', minor: 'Klein', major: 'Groot', critical: 'Kritiek', maintenance: 'Onderhoud' },
  },
} as const;

export interface IncidentPageInput {
  brand: Brand;
  incident: IncidentView;
  lang: PageLang;
  stale: boolean;
}

export function renderIncidentPage(p: IncidentPageInput): string {
  const w = WORDS[p.lang] ?? WORDS.en;
  const t = PAGE_TEXT[p.lang];
  const i = p.incident;
  const statusPage = `/status/${encodeURIComponent(p.brand.id)}`;
  const self = `${statusPage}/incidents/${encodeURIComponent(i.id)}`;
  const impact = i.kind === 'maintenance' ? 'maintenance' : i.impact;
  const names = componentNames(p.brand, p.lang);
  const components = Object.entries(i.components)
    .map(
      ([id, st]) =>
        `<li class="c row" data-component="${esc(id)}"><span>${esc(names.get(id) ?? id)}</span><span class="s-${esc(st)}">${esc(label(p.lang, st))}</span></li>`,
    )
    .join('');
  const updates = [...i.updates]
    .sort((a, b) => a.at.localeCompare(b.at))
    .map((u) => {
      const text = (u.message as Record<string, string>)[p.lang] ?? u.message.en;
      return `<li class="u" id="update-${esc(u.id)}"><h3>${esc(label(p.lang, u.status))}</h3><p>${esc(text)}</p><p><small><time datetime="${esc(u.at)}">${esc(time(u.at, p))}</time></small></p></li>`;
    })
    .join('');
  const when =
    i.kind === 'maintenance' && i.scheduledFor
      ? `<div><dt>${esc(w.scheduled)}</dt><dd><time datetime="${esc(i.scheduledFor)}">${esc(time(i.scheduledFor, p))}</time>${i.scheduledUntil ? ` – <time datetime="${esc(i.scheduledUntil)}">${esc(time(i.scheduledUntil, p))}</time>` : ''}</dd></div>`
      : '';
  const switcher = p.brand.languages
    .filter((l): l is PageLang => l in PAGE_TEXT)
    .map((l) => (l === p.lang ? `<strong>${l.toUpperCase()}</strong>` : `<a href="${self}?lang=${l}" hreflang="${l}" lang="${l}">${l.toUpperCase()}</a>`))
    .join(' ');
  return `<!doctype html><html lang="${p.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(i.name)} · ${esc(p.brand.name)} ${t.title}</title><link rel="icon" href="data:,"><style>${STYLE}</style>
<link rel="canonical" href="${self}"></head>
<body><header><p><a href="${statusPage}?lang=${p.lang}">${esc(w.back)}: ${esc(p.brand.name)} ${t.title}</a></p><nav aria-label="language">${switcher}</nav></header>
<main><article id="incident-${esc(i.id)}" data-impact="${impact}" data-status="${esc(i.status)}"><h1>${esc(i.name)}</h1>
${p.stale ? `<p class="muted" role="status">${t.stale}</p>` : ''}
<dl><div><dt>${esc(w.impact)}</dt><dd id="impact">${esc(w.impacts[impact])}</dd></div><div><dt>${esc(w.status)}</dt><dd id="status">${esc(label(p.lang, i.status))}</dd></div>${when}</dl>
<section id="components" aria-labelledby="components-h"><h2 id="components-h">${esc(w.components)}</h2>${components ? `<ul>${components}</ul>` : `<p class="muted">${esc(w.noComponents)}</p>`}</section>
<section id="updates" aria-labelledby="updates-h"><h2 id="updates-h">${esc(w.updates)}</h2><ol>${updates}</ol></section>
</article></main></body></html>`;
}

function time(iso: string, p: IncidentPageInput): string {
  try {
    return new Intl.DateTimeFormat(p.lang === 'nl' ? 'nl-NL' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: p.brand.timezone }).format(
      new Date(iso),
    );
  } catch {
    return iso;
  }
}
