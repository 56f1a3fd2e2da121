import { createHash } from 'node:crypto';
import { label } from '../broadcast/text.ts';
import type { Brand } from '../config/brand.ts';
import type { ChannelResponseTime } from '../incidents/response-time.ts';
import { isClosed } from '../incidents/model.ts';
import { esc } from './feeds.ts';
import { PAGE_TEXT, type PageLang, type PageWords } from './i18n.ts';
import type { IncidentView, Snapshot } from './snapshot.ts';
import { status } from './statuspage-json.ts';

/** No script at all; the one inline style is allowed by its hash, so the CSP needs no 'unsafe-inline'. */
export const STYLE = `body{font:16px/1.5 system-ui,sans-serif;max-width:52rem;margin:0 auto;padding:1rem;color:#1d2433}
header{display:flex;justify-content:space-between;align-items:center}nav a{margin-left:.5rem}
.banner{padding:1rem;border-radius:.5rem;color:#fff;font-weight:600}.none{background:#2f9e44}.minor{background:#e0a800}
.major{background:#e8590c}.critical{background:#c92a2a}.maintenance{background:#1971c2}
ul{list-style:none;padding:0}li.c{display:flex;justify-content:space-between;border-bottom:1px solid #e9ecef;padding:.5rem 0}
.s-operational{color:#2f9e44}.s-degraded_performance{color:#e0a800}.s-partial_outage{color:#e8590c}.s-major_outage{color:#c92a2a}
.s-under_maintenance{color:#1971c2}article{border-left:4px solid #ced4da;padding-left:1rem;margin:1rem 0}
.u{margin:.5rem 0}.u small,.muted{color:#6c757d}table{border-collapse:collapse}td,th{padding:.25rem .75rem;text-align:left}`;
export const STYLE_HASH = `sha256-${createHash('sha256').update(STYLE).digest('base64')}`;

export const CSP = [
  "default-src 'none'",
  `style-src '${STYLE_HASH}'`,
  "img-src 'self' data:",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export interface HtmlInput {
  brand: Brand;
  snapshot: Snapshot;
  lang: PageLang;
  responseTimes: ChannelResponseTime[];
  stale: boolean;
  now: Date;
}

export function renderStatusPage(p: HtmlInput): string {
  const t = PAGE_TEXT[p.lang];
  const s = p.snapshot;
  const open = s.incidents.filter((i) => i.kind === 'incident' && !isClosed(i.status));
  const upcoming = s.incidents.filter((i) => i.kind === 'maintenance' && !isClosed(i.status));
  const past = s.incidents.filter((i) => isClosed(i.status));
  const indicator = status(s).indicator;
  const banner = indicator === 'none' ? t.operational : t[indicator];
  return `<!doctype html><html lang="${p.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(p.brand.name)} ${t.title}</title><link rel="icon" href="data:,"><style>${STYLE}</style>
<link rel="alternate" type="application/atom+xml" href="${base(p)}/history.atom"><link rel="alternate" type="application/rss+xml" href="${base(p)}/history.rss"></head>
<body><header><h1>${esc(p.brand.name)} ${t.title}</h1><nav aria-label="language">${langSwitch(p)}</nav></header>
${p.stale ? `<p class="muted" role="status">${t.stale}</p>` : ''}
<p class="banner ${indicator}" id="overall">${esc(banner)}</p>
${section('active', t.active, open.map((i) => incidentBlock(i, p, t)).join(''))}
<section id="components"><h2>${t.components}</h2><ul>${components(p)}</ul></section>
${section('upcoming', t.upcoming, upcoming.map((i) => incidentBlock(i, p, t)).join(''))}
<section id="response-time"><h2>${t.responseTime}</h2>${responseTable(p.responseTimes, t)}</section>
<section id="history"><h2>${t.history}</h2>${past.length ? past.map((i) => incidentBlock(i, p, t)).join('') : `<p class="muted">${t.noHistory}</p>`}</section>
<section id="subscribe"><h2>${t.subscribe}</h2><form method="post" action="${base(p)}/subscribe"><label>${t.email} <input type="email" name="email" required></label> <button type="submit">${t.submit}</button></form>
<p class="muted">${t.feeds}: <a href="${base(p)}/history.atom">Atom</a> · <a href="${base(p)}/history.rss">RSS</a> · <a href="${base(p)}/api/v2/summary.json">JSON</a></p></section>
</body></html>`;
}

const base = (p: HtmlInput) => `/status/${encodeURIComponent(p.brand.id)}`;
const section = (id: string, title: string, body: string) => (body ? `<section id="${id}"><h2>${title}</h2>${body}</section>` : '');

function langSwitch(p: HtmlInput): string {
  return p.brand.languages
    .filter((l): l is PageLang => l in PAGE_TEXT)
    .map((l) => (l === p.lang ? `<strong>${l.toUpperCase()}</strong>` : `<a href="${base(p)}?lang=${l}" hreflang="${l}" lang="${l}">${l.toUpperCase()}</a>`))
    .join(' ');
}

function components(p: HtmlInput): string {
  return p.brand.components
    .map((c) => {
      const st = p.snapshot.components[c.id] ?? 'operational';
      return `<li class="c" data-component="${esc(c.id)}"><span>${esc(c.name)}</span><span class="s-${st}">${esc(label(p.lang, st))}</span></li>`;
    })
    .join('');
}

function incidentBlock(i: IncidentView, p: HtmlInput, t: PageWords): string {
  const names = new Map(p.brand.components.map((c) => [c.id, c.name]));
  const touched = Object.keys(i.components).map((id) => esc(names.get(id) ?? id)).join(', ');
  const when = i.kind === 'maintenance' && i.scheduledFor ? `<p class="muted">${t.scheduledFor}: ${esc(time(i.scheduledFor, p))}${i.scheduledUntil ? ` – ${esc(time(i.scheduledUntil, p))}` : ''}</p>` : '';
  const updates = i.updates
    .map((u) => {
      const text = (u.message as Record<string, string>)[p.lang] ?? u.message.en;
      return `<div class="u"><strong>${esc(label(p.lang, u.status))}</strong> – ${esc(text)}<br><small>${esc(time(u.at, p))}</small></div>`;
    })
    .join('');
  return `<article id="incident-${esc(i.id)}" data-impact="${i.impact}"><h3><a href="${base(p)}/incidents/${encodeURIComponent(i.id)}?lang=${p.lang}">${esc(i.name)}</a></h3>${touched ? `<p class="muted">${touched}</p>` : ''}${when}${updates}</article>`;
}

function responseTable(rows: ChannelResponseTime[], t: PageWords): string {
  if (!rows.length) return '<p class="muted">–</p>';
  const body = rows.map((r) => `<tr><td>${esc(r.platform)}</td><td>~${r.expectedMinutes} ${t.minutes}</td><td class="muted">${r.open} ${t.waiting}</td></tr>`).join('');
  return `<table>${body}</table>`;
}

function time(iso: string, p: HtmlInput): string {
  try {
    return new Intl.DateTimeFormat(p.lang === 'nl' ? 'nl-NL' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: p.brand.timezone }).format(new Date(iso));
  } catch {
    return iso;
  }
}
