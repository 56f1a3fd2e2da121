import { label } from '../broadcast/text.ts';
import type { Brand } from '../config/brand.ts';
import { type ComponentStatus, worstStatus } from '../incidents/model.ts';
import { date, fixed } from '../ui/format.ts';
import { StatePill } from '../ui/pill.tsx';
import { localName } from './component-names.ts';
import type { PageLang, PageWords } from './i18n.ts';
import type { Snapshot } from './snapshot.ts';
import type { ComponentUptime, UptimeDay } from './uptime.ts';

type Component = Brand['components'][number];

interface Props {
  brand: Brand;
  snapshot: Snapshot;
  uptime: ComponentUptime[];
  lang: PageLang;
  t: PageWords;
}

/**
 * The components section: ungrouped components first, then each group (config `componentGroups`,
 * or a component's `group` text as its own heading) with the worst state of its members. Each
 * component shows its state, its 90 daily bars coloured by the day's worst state, and its uptime.
 * The bars are decoration for the eye (aria-hidden, a title per day for the mouse); a screen
 * reader gets the percentage and the list of days that were not operational as text.
 */
export function Components({ brand, snapshot: s, uptime, lang, t }: Props) {
  const byId = new Map(uptime.map((u) => [u.component, u]));
  const item = (c: Component) => <ComponentItem c={c} state={s.components[c.id] ?? 'operational'} up={byId.get(c.id)} lang={lang} t={t} />;
  const groups = [...new Set(brand.components.flatMap((c) => (c.group ? [c.group] : [])))];
  return (
    <ul>
      {brand.components.filter((c) => !c.group).map(item)}
      {groups.map((g) => {
        const members = brand.components.filter((c) => c.group === g);
        const group = brand.componentGroups.find((x) => x.id === g) ?? { name: g };
        const worst = worstStatus(members.map((c) => s.components[c.id] ?? 'operational'));
        return (
          <li class="g" data-group={g}>
            <h3 class="row"><span>{localName(group, lang)}</span><StatePill state={worst}>{label(lang, worst)}</StatePill></h3>
            <ul>{members.map(item)}</ul>
          </li>
        );
      })}
    </ul>
  );
}

function ComponentItem({ c, state, up, lang, t }: { c: Component; state: ComponentStatus; up: ComponentUptime | undefined; lang: PageLang; t: PageWords }) {
  const head = <div class="row"><span>{localName(c, lang)}</span><StatePill state={state}>{label(lang, state)}</StatePill></div>;
  if (!up) return <li class="c" data-component={c.id}>{head}</li>;
  const bad = up.days.filter((d) => d.worst !== 'operational');
  return (
    <li class="c" data-component={c.id} data-uptime={up.percent}>
      {head}
      <div class="bars" aria-hidden="true">
        {up.days.map((d) => <span class={`b d-${d.worst}`} title={`${day(d.date, lang)}: ${label(lang, d.worst)}`}></span>)}
      </div>
      <p class="row muted small"><span aria-hidden="true">{t.daysAgo}</span><span>{fixed(lang, up.percent, 2)} % {t.uptime}</span><span aria-hidden="true">{t.today}</span></p>
      <div class="sr">
        {t.uptimeOf}: {bad.length ? <ul>{bad.map((d) => <li>{day(d.date, lang)}: {label(lang, d.worst)}{uptimeOfDay(d, lang)}</li>)}</ul> : <p>{t.noIssueDays}</p>}
      </div>
    </li>
  );
}

const uptimeOfDay = (d: UptimeDay, lang: string) => (d.uptime < 1 ? ` (${Math.round(d.uptime * 1000) / 10} % ${lang === 'nl' ? 'beschikbaar' : 'up'})` : '');

/** A day of the bars, "30 Nov 2026": the date is already the brand's local one, read at noon UTC. */
const day = (d: string, lang: PageLang) => date(lang, 'UTC', `${d}T12:00:00Z`);
