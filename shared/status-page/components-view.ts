import { label } from '../broadcast/text.ts';
import type { Brand } from '../config/brand.ts';
import { type ComponentStatus, worstStatus } from '../incidents/model.ts';
import { esc } from './feeds.ts';
import type { PageLang, PageWords } from './i18n.ts';
import type { Snapshot } from './snapshot.ts';
import type { ComponentUptime, UptimeDay } from './uptime.ts';

type Component = Brand['components'][number];

/** A component's (or group's) name in the page's language: `names[lang]`, else `name`. */
export const localName = (c: { name: string; names?: Record<string, string> }, lang: string) => c.names?.[lang] ?? c.name;

/** Component names by id in one language: incident blocks, incident pages and the JSON use the same. */
export const componentNames = (brand: Brand, lang: string) => new Map(brand.components.map((c) => [c.id, localName(c, lang)]));

/**
 * The components section: ungrouped components first, then each group (config `componentGroups`,
 * or a component's `group` text as its own heading) with the worst state of its members. Each
 * component shows its state, its 90 daily bars coloured by the day's worst state, and its uptime.
 * The bars are decoration for the eye (aria-hidden, a title per day for the mouse); a screen
 * reader gets the percentage and the list of days that were not operational as text.
 */
export function renderComponents(brand: Brand, s: Snapshot, uptime: ComponentUptime[], lang: PageLang, t: PageWords): string {
  const byId = new Map(uptime.map((u) => [u.component, u]));
  const item = (c: Component) => componentItem(c, s.components[c.id] ?? 'operational', byId.get(c.id), lang, t);
  const loose = brand.components.filter((c) => !c.group).map(item);
  const groups = [...new Set(brand.components.flatMap((c) => (c.group ? [c.group] : [])))].map((g) => {
    const members = brand.components.filter((c) => c.group === g);
    const group = brand.componentGroups.find((x) => x.id === g) ?? { name: g };
    const worst = worstStatus(members.map((c) => s.components[c.id] ?? 'operational'));
    return `<li class="g" data-group="${esc(g)}"><h3 class="row"><span>${esc(localName(group, lang))}</span><span class="s-${worst}">${esc(label(lang, worst))}</span></h3><ul>${members.map(item).join('')}</ul></li>`;
  });
  return `<ul>${[...loose, ...groups].join('')}</ul>`;
}

function componentItem(c: Component, state: ComponentStatus, up: ComponentUptime | undefined, lang: PageLang, t: PageWords): string {
  const head = `<div class="row"><span>${esc(localName(c, lang))}</span><span class="s-${state}">${esc(label(lang, state))}</span></div>`;
  if (!up) return `<li class="c" data-component="${esc(c.id)}">${head}</li>`;
  const percent = `${new Intl.NumberFormat(lang === 'nl' ? 'nl-NL' : 'en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(up.percent)} %`;
  const bars = up.days.map((d) => `<span class="b d-${d.worst}" title="${esc(`${day(d.date, lang)}: ${label(lang, d.worst)}`)}"></span>`).join('');
  const bad = up.days.filter((d) => d.worst !== 'operational');
  const list = bad.length ? `<ul>${bad.map((d) => `<li>${esc(day(d.date, lang))}: ${esc(label(lang, d.worst))}${uptimeOfDay(d, lang)}</li>`).join('')}</ul>` : `<p>${t.noIssueDays}</p>`;
  return `<li class="c" data-component="${esc(c.id)}" data-uptime="${up.percent}">${head}<div class="bars" aria-hidden="true">${bars}</div>
<p class="row muted small"><span aria-hidden="true">${t.daysAgo}</span><span>${percent} ${t.uptime}</span><span aria-hidden="true">${t.today}</span></p><div class="sr">${t.uptimeOf}: ${list}</div></li>`;
}

const uptimeOfDay = (d: UptimeDay, lang: string) => (d.uptime < 1 ? ` (${Math.round(d.uptime * 1000) / 10} % ${lang === 'nl' ? 'beschikbaar' : 'up'})` : '');

function day(date: string, lang: string): string {
  return new Intl.DateTimeFormat(lang === 'nl' ? 'nl-NL' : 'en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${date}T12:00:00Z`));
}
