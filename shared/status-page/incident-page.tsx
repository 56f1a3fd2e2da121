import { label } from '../broadcast/text.ts';
import type { Brand } from '../config/brand.ts';
import { StatePill } from '../ui/pill.tsx';
import { componentNames } from './component-names.ts';
import { PAGE_TEXT, type PageLang } from './i18n.ts';
import { messageIn, PageLangSwitch, pageTime, statusDocument } from './shell.tsx';
import type { IncidentView } from './snapshot.ts';

/**
 * One incident's own page (GET /status/:brand/incidents/:id), the permalink every broadcast and
 * auto-reply carries: its name, impact, current status, the components it touches, and every
 * update oldest first in the page's language with its time in the brand's timezone. Same CSP as
 * the status page: no script, the status page's style by its hash; hono/jsx escapes every name
 * and message.
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
  const components = Object.entries(i.components);
  const updates = [...i.updates].sort((a, b) => a.at.localeCompare(b.at));
  const Time = ({ iso }: { iso: string }) => <time datetime={iso}>{pageTime(p.lang, p.brand.timezone, iso)}</time>;
  return statusDocument({
    lang: p.lang,
    title: `${i.name} · ${p.brand.name} ${t.title}`,
    head: <link rel="canonical" href={self} />,
    children: (
      <>
        <header>
          <p><a href={`${statusPage}?lang=${p.lang}`}>{w.back}: {p.brand.name} {t.title}</a></p>
          <nav aria-label="language"><PageLangSwitch languages={p.brand.languages} current={p.lang} href={self} /></nav>
        </header>
        <main>
          <article id={`incident-${i.id}`} data-impact={impact} data-status={i.status}>
            <h1>{i.name}</h1>
            {p.stale && <p class="muted" role="status">{t.stale}</p>}
            <dl>
              <div><dt>{w.impact}</dt><dd id="impact">{w.impacts[impact]}</dd></div>
              <div><dt>{w.status}</dt><dd id="status">{label(p.lang, i.status)}</dd></div>
              {i.kind === 'maintenance' && i.scheduledFor && (
                <div><dt>{w.scheduled}</dt><dd><Time iso={i.scheduledFor} />{i.scheduledUntil && <> – <Time iso={i.scheduledUntil} /></>}</dd></div>
              )}
            </dl>
            <section id="components" aria-labelledby="components-h">
              <h2 id="components-h">{w.components}</h2>
              {components.length ? (
                <ul>
                  {components.map(([id, st]) => (
                    <li class="c row" data-component={id}><span>{names.get(id) ?? id}</span><StatePill state={st}>{label(p.lang, st)}</StatePill></li>
                  ))}
                </ul>
              ) : (
                <p class="muted">{w.noComponents}</p>
              )}
            </section>
            <section id="updates" aria-labelledby="updates-h">
              <h2 id="updates-h">{w.updates}</h2>
              <ol>
                {updates.map((u) => (
                  <li class="u" id={`update-${u.id}`}><h3>{label(p.lang, u.status)}</h3><p>{messageIn(u.message, p.lang)}</p><p><small><Time iso={u.at} /></small></p></li>
                ))}
              </ol>
            </section>
          </article>
        </main>
      </>
    ),
  });
}
