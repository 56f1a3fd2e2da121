import type { Brand } from '../config/brand.ts';
import { esc } from './feeds.ts';
import { PAGE_TEXT, type PageLang } from './i18n.ts';
import type { Snapshot } from './snapshot.ts';
import { status } from './statuspage-json.ts';

/**
 * GET /status/:brand/badge.svg: a shields-style badge (label = the brand's name, message = the
 * overall status in the page's language, coloured by it) for READMEs and other sites. No script,
 * no style element, no external reference; every text is escaped. White text on colours that keep
 * a contrast of at least 4.5:1.
 */
export const BADGE_COLORS = { none: '#2b7a3b', minor: '#8a5a00', major: '#c2410c', critical: '#b91c1c', maintenance: '#1864ab' } as const;
const LABEL_COLOR = '#555';

export function renderBadge(brand: Brand, s: Snapshot, lang: PageLang): string {
  const t = PAGE_TEXT[lang];
  const indicator = status(s).indicator;
  const message = indicator === 'none' ? t.operational : t[indicator];
  const labelW = textWidth(brand.name) + 20;
  const messageW = textWidth(message) + 20;
  const w = labelW + messageW;
  const title = `${brand.name}: ${message}`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="20" role="img" aria-label="${esc(title)}" data-status="${indicator}"><title>${esc(title)}</title>
<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>
<clipPath id="r"><rect width="${w}" height="20" rx="3" fill="#fff"/></clipPath>
<g clip-path="url(#r)"><rect width="${labelW}" height="20" fill="${LABEL_COLOR}"/><rect x="${labelW}" width="${messageW}" height="20" fill="${BADGE_COLORS[indicator]}"/><rect width="${w}" height="20" fill="url(#s)"/></g>
<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">
<text x="${labelW / 2}" y="14">${esc(brand.name)}</text><text x="${labelW + messageW / 2}" y="14">${esc(message)}</text></g></svg>`;
}

/** Verdana 11px, roughly: good enough to size the two halves (shields measures the same way). */
export function textWidth(text: string): number {
  let w = 0;
  for (const ch of text) {
    if ("iljtf.,:;!|'I ".includes(ch)) w += 3.8;
    else if ('mwMW@%'.includes(ch)) w += 10.5;
    else if (ch >= 'A' && ch <= 'Z') w += 7.5;
    else w += 6.6;
  }
  return Math.ceil(w);
}
