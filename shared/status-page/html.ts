import { createHash } from 'node:crypto';
import { label } from '../broadcast/text.ts';
import type { Brand } from '../config/brand.ts';
import { type ChannelResponseTime, officeHours } from '../incidents/response-time.ts';
import { isClosed } from '../incidents/model.ts';
import { componentNames, renderComponents } from './components-view.ts';
import { esc } from './feeds.ts';
import { PAGE_TEXT, type PageLang, type PageWords } from './i18n.ts';
import type { IncidentView, Snapshot } from './snapshot.ts';
import { status } from './statuspage-json.ts';
import { brandUptime } from './uptime.ts';

/**
 * No script at all; the one inline style is allowed by its hash, so the CSP needs no 'unsafe-inline'.
 * Every text colour keeps at least 4.5:1 on its background (axe-core, tests/browser), the same
 * shades as the badge; the uptime bars are non-text and only need to be told apart.
 */
export const STYLE = `body{font:16px/1.5 system-ui,sans-serif;max-width:52rem;margin:0 auto;padding:1rem;color:#1d2433;background:#fff}
header{display:flex;justify-content:space-between;align-items:center}nav a{margin-left:.5rem}a{color:#1864ab}
.banner{padding:1rem;border-radius:.5rem;color:#fff;font-weight:600}.none{background:#2b7a3b}.minor{background:#8a5a00}
.major{background:#c2410c}.critical{background:#b91c1c}.maintenance{background:#1864ab}
ul{list-style:none;padding:0}li.c{border-bottom:1px solid #e9ecef;padding:.5rem 0}li.g>ul{padding-left:1rem}
.row{display:flex;justify-content:space-between;gap:.5rem;margin:0}h3.row{font-size:1.05rem;margin:.75rem 0 0}
.s-operational{color:#2b7a3b}.s-degraded_performance{color:#8a5a00}.s-partial_outage{color:#c2410c}.s-major_outage{color:#b91c1c}
.s-under_maintenance{color:#1864ab}.bars{display:flex;gap:1px;height:2rem;margin:.35rem 0 .1rem}.b{flex:1;border-radius:1px}
.d-operational{background:#3fa34d}.d-degraded_performance{background:#e0a800}.d-partial_outage{background:#e8590c}
.d-major_outage{background:#c92a2a}.d-under_maintenance{background:#1971c2}.small{font-size:.85rem}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
article{border-left:4px solid #ced4da;padding-left:1rem;margin:1rem 0}
.u{margin:.5rem 0}.u small,.muted{color:#5c636a}table{border-collapse:collapse}td,th{padding:.25rem .75rem;text-align:left}`;
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
  const uptime = brandUptime(p.brand, s.incidents, p.now);
  return `<!doctype html><html lang="${p.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(p.brand.name)} ${t.title}</title><link rel="icon" href="data:,"><style>${STYLE}</style>
<link rel="alternate" type="application/atom+xml" href="${base(p)}/history.atom"><link rel="alternate" type="application/rss+xml" href="${base(p)}/history.rss"></head>
<body><header><h1>${esc(p.brand.name)} ${t.title}</h1><nav aria-label="${p.lang === 'nl' ? 'taal' : 'language'}">${langSwitch(p)}</nav></header><main>
${p.stale ? `<p class="muted" role="status">${t.stale}</p>` : ''}
<p class="banner ${indicator}" id="overall">${esc(banner)}</p>
${section('active', t.active, open.map((i) => incidentBlock(i, p, t)).join(''))}
<section id="components" aria-labelledby="components-h"><h2 id="components-h">${t.components}</h2>${renderComponents(p.brand, s, uptime, p.lang, t)}</section>
${section('upcoming', t.upcoming, upcoming.map((i) => incidentBlock(i, p, t)).join(''))}
<section id="response-time" aria-labelledby="response-time-h"><h2 id="response-time-h">${t.responseTime}</h2>${responseTable(p, t)}</section>
<section id="history" aria-labelledby="history-h"><h2 id="history-h">${t.history}</h2>${past.length ? past.map((i) => incidentBlock(i, p, t, true)).join('') : `<p class="muted">${t.noHistory}</p>`}</section>
<section id="subscribe" aria-labelledby="subscribe-h"><h2 id="subscribe-h">${t.subscribe}</h2><form method="post" action="${base(p)}/subscribe"><label>${t.email} <input type="email" name="email" autocomplete="email" required></label> <button type="submit">${t.submit}</button></form>
<p class="muted">${t.feeds}: <a href="${base(p)}/history.atom">Atom</a> · <a href="${base(p)}/history.rss">RSS</a> · <a href="${base(p)}/api/v2/summary.json">JSON</a> · <a href="${base(p)}/embed.json">embed.json</a></p></section>
</main></body></html>`;
}

const base = (p: HtmlInput) => `/status/${encodeURIComponent(p.brand.id)}`;
const section = (id: string, title: string, body: string) => (body ? `<section id="${id}" aria-labelledby="${id}-h"><h2 id="${id}-h">${title}</h2>${body}</section>` : '');

function langSwitch(p: HtmlInput): string {
  return p.brand.languages
    .filter((l): l is PageLang => l in PAGE_TEXT)
    .map((l) => (l === p.lang ? `<strong>${l.toUpperCase()}</strong>` : `<a href="${base(p)}?lang=${l}" hreflang="${l}" lang="${l}">${l.toUpperCase()}</a>`))
    .join(' ');
}

/** An incident with its updates (newest first); in the history only the last one, and the link to its page. */
function incidentBlock(i: IncidentView, p: HtmlInput, t: PageWords, brief = false): string {
  const names = componentNames(p.brand, p.lang);
  const touched = Object.keys(i.components).map((id) => esc(names.get(id) ?? id)).join(', ');
  const when = i.kind === 'maintenance' && i.scheduledFor ? `<p class="muted">${t.scheduledFor}: ${esc(time(i.scheduledFor, p))}${i.scheduledUntil ? ` – ${esc(time(i.scheduledUntil, p))}` : ''}</p>` : '';
  const href = `${base(p)}/incidents/${encodeURIComponent(i.id)}?lang=${p.lang}`;
  const updates = (brief ? i.updates.slice(0, 1) : i.updates)
    .map((u) => {
      const text = (u.message as Record<string, string>)[p.lang] ?? u.message.en;
      return `<div class="u"><strong>${esc(label(p.lang, u.status))}</strong> – ${esc(text)}<br><small>${esc(time(u.at, p))}</small></div>`;
    })
    .join('');
  const more = brief && i.updates.length > 1 ? `<p class="small"><a href="${href}">${t.readMore}<span class="sr">: ${esc(i.name)}</span></a></p>` : '';
  return `<article id="incident-${esc(i.id)}" data-impact="${i.impact}"><h3><a href="${href}">${esc(i.name)}</a></h3>${touched ? `<p class="muted">${touched}</p>` : ''}${when}${updates}${more}</article>`;
}

/** Per channel the expected first answer; outside the brand's business hours, when it opens again. */
function responseTable(p: HtmlInput, t: PageWords): string {
  const hours = officeHours(p.brand, p.now);
  const closed = hours.reopensAt ? `<p id="office-hours">${t.closed} ${esc(reopening(hours.reopensAt, p))}.</p>` : '';
  if (!p.responseTimes.length) return `${closed}<p class="muted">–</p>`;
  const body = p.responseTimes.map((r) => `<tr><td>${esc(r.platform)}</td><td>~${r.expectedMinutes} ${t.minutes}</td><td class="muted">${r.open} ${t.waiting}</td></tr>`).join('');
  return `${closed}<table>${body}</table>`;
}

/** "09:00" when it reopens today, else "maandag 09:00" / "Monday 09:00", in the brand's time zone. */
function reopening(iso: string, p: HtmlInput): string {
  const locale = p.lang === 'nl' ? 'nl-NL' : 'en-GB';
  const day = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: p.brand.timezone }).format(d);
  const clock = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', timeZone: p.brand.timezone }).format(new Date(iso));
  if (day(new Date(iso)) === day(p.now)) return clock;
  return `${new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: p.brand.timezone }).format(new Date(iso))} ${clock}`;
}

function time(iso: string, p: HtmlInput): string {
  try {
    return new Intl.DateTimeFormat(p.lang === 'nl' ? 'nl-NL' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: p.brand.timezone }).format(new Date(iso));
  } catch {
    return iso;
  }
}
