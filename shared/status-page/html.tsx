import { label } from '../broadcast/text.ts';
import type { Brand } from '../config/brand.ts';
import { type ChannelResponseTime, officeHours } from '../incidents/response-time.ts';
import { isClosed } from '../incidents/model.ts';
import { calendarDay, time as clock, weekday } from '../ui/format.ts';
import { componentNames } from './component-names.ts';
import { Components } from './components-view.tsx';
import { PAGE_TEXT, type PageLang, type PageWords } from './i18n.ts';
import { messageIn, PageLangSwitch, pageTime, statusDocument } from './shell.tsx';
import type { IncidentView, Snapshot } from './snapshot.ts';
import { status } from './statuspage-json.ts';
import { brandUptime } from './uptime.ts';

export { CSP, STYLE, STYLE_HASH } from './style.ts';

export interface HtmlInput {
  brand: Brand;
  snapshot: Snapshot;
  lang: PageLang;
  responseTimes: ChannelResponseTime[];
  stale: boolean;
  now: Date;
}

/**
 * GET /status/:brand: the overall banner, open incidents, the components with their 90 days,
 * scheduled maintenance, expected response times, the history and the subscribe form. hono/jsx
 * escapes every name and message; no script at all.
 */
export function renderStatusPage(p: HtmlInput): string {
  const t = PAGE_TEXT[p.lang];
  const s = p.snapshot;
  const open = s.incidents.filter((i) => i.kind === 'incident' && !isClosed(i.status));
  const upcoming = s.incidents.filter((i) => i.kind === 'maintenance' && !isClosed(i.status));
  const past = s.incidents.filter((i) => isClosed(i.status));
  const indicator = status(s).indicator;
  const banner = indicator === 'none' ? t.operational : t[indicator];
  const uptime = brandUptime(p.brand, s.incidents, p.now);
  const base = baseOf(p);
  return statusDocument({
    lang: p.lang,
    title: `${p.brand.name} ${t.title}`,
    head: (
      <>
        <link rel="alternate" type="application/atom+xml" href={`${base}/history.atom`} />
        <link rel="alternate" type="application/rss+xml" href={`${base}/history.rss`} />
      </>
    ),
    children: (
      <>
        <header>
          <h1>{p.brand.name} {t.title}</h1>
          <nav aria-label={p.lang === 'nl' ? 'taal' : 'language'}>
            <PageLangSwitch languages={p.brand.languages} current={p.lang} href={base} />
          </nav>
        </header>
        <main>
          {p.stale && <p class="muted" role="status">{t.stale}</p>}
          <p class={`banner ${indicator}`} id="overall">{banner}</p>
          <Section id="active" title={t.active} incidents={open} p={p} />
          <section id="components" aria-labelledby="components-h">
            <h2 id="components-h">{t.components}</h2>
            <Components brand={p.brand} snapshot={s} uptime={uptime} lang={p.lang} t={t} />
          </section>
          <Section id="upcoming" title={t.upcoming} incidents={upcoming} p={p} />
          <section id="response-time" aria-labelledby="response-time-h">
            <h2 id="response-time-h">{t.responseTime}</h2>
            <ResponseTimes p={p} t={t} />
          </section>
          <section id="history" aria-labelledby="history-h">
            <h2 id="history-h">{t.history}</h2>
            {past.length ? past.map((i) => <IncidentBlock i={i} p={p} brief />) : <p class="muted">{t.noHistory}</p>}
          </section>
          <section id="subscribe" aria-labelledby="subscribe-h">
            <h2 id="subscribe-h">{t.subscribe}</h2>
            <form method="post" action={`${base}/subscribe`}>
              <label>{t.email} <input type="email" name="email" autocomplete="email" required /></label> <button type="submit">{t.submit}</button>
            </form>
            <p class="muted">
              {t.feeds}: <a href={`${base}/history.atom`}>Atom</a> · <a href={`${base}/history.rss`}>RSS</a> · <a href={`${base}/api/v2/summary.json`}>JSON</a> · <a href={`${base}/embed.json`}>embed.json</a>
            </p>
          </section>
        </main>
      </>
    ),
  });
}

const baseOf = (p: HtmlInput) => `/status/${encodeURIComponent(p.brand.id)}`;

/** A section of incidents, left out when there are none. */
function Section({ id, title, incidents, p }: { id: string; title: string; incidents: IncidentView[]; p: HtmlInput }) {
  if (!incidents.length) return null;
  return (
    <section id={id} aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{title}</h2>
      {incidents.map((i) => <IncidentBlock i={i} p={p} />)}
    </section>
  );
}

/** An incident with its updates (newest first); in the history only the last one, and the link to its page. */
function IncidentBlock({ i, p, brief = false }: { i: IncidentView; p: HtmlInput; brief?: boolean }) {
  const t = PAGE_TEXT[p.lang];
  const names = componentNames(p.brand, p.lang);
  const touched = Object.keys(i.components).map((id) => names.get(id) ?? id).join(', ');
  const when = (iso: string) => pageTime(p.lang, p.brand.timezone, iso);
  const href = `${baseOf(p)}/incidents/${encodeURIComponent(i.id)}?lang=${p.lang}`;
  return (
    <article id={`incident-${i.id}`} data-impact={i.impact}>
      <h3><a href={href}>{i.name}</a></h3>
      {touched && <p class="muted">{touched}</p>}
      {i.kind === 'maintenance' && i.scheduledFor && (
        <p class="muted">{t.scheduledFor}: {when(i.scheduledFor)}{i.scheduledUntil && ` – ${when(i.scheduledUntil)}`}</p>
      )}
      {(brief ? i.updates.slice(0, 1) : i.updates).map((u) => (
        <div class="u"><strong>{label(p.lang, u.status)}</strong> – {messageIn(u.message, p.lang)}<br /><small>{when(u.at)}</small></div>
      ))}
      {brief && i.updates.length > 1 && (
        <p class="small"><a href={href}>{t.readMore}<span class="sr">: {i.name}</span></a></p>
      )}
    </article>
  );
}

/** Per channel the expected first answer; outside the brand's business hours, when it opens again. */
function ResponseTimes({ p, t }: { p: HtmlInput; t: PageWords }) {
  const hours = officeHours(p.brand, p.now);
  return (
    <>
      {hours.reopensAt && <p id="office-hours">{t.closed} {reopening(hours.reopensAt, p)}.</p>}
      {p.responseTimes.length ? (
        <table>
          {p.responseTimes.map((r) => (
            <tr><td>{r.platform}</td><td>~{r.expectedMinutes} {t.minutes}</td><td class="muted">{r.open} {t.waiting}</td></tr>
          ))}
        </table>
      ) : (
        <p class="muted">–</p>
      )}
    </>
  );
}

/** "09:00" when it reopens today, else "maandag 09:00" / "Monday 09:00", in the brand's time zone. */
function reopening(iso: string, p: HtmlInput): string {
  const tz = p.brand.timezone;
  const at = clock(p.lang, tz, iso);
  return calendarDay(tz, new Date(iso)) === calendarDay(tz, p.now) ? at : `${weekday(p.lang, tz, iso)} ${at}`;
}
