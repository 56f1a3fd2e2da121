import { raw } from 'hono/html';
import { hasRight } from '../auth/principal.ts';
import { type Case, CASE_STATES, isBreached, OPEN_STATES, runningDue } from '../case.ts';
import { StatePill } from '../ui/pill.tsx';
import { dateTime, number, relative } from './format.ts';
import { CONSOLE_TEXT, type ConsoleLang, type ConsoleWords } from './i18n.ts';
import { consoleDocument, type Viewer } from './layout.tsx';

/** The inbox's filters, as the GET form sends them (functions/api/routes/console-inbox.ts parses them). */
export interface InboxFilter {
  brand?: string;
  mine?: boolean;
  unassigned?: boolean;
  breached?: boolean;
  team?: string;
  platform?: string;
  state?: string;
  intent?: string;
  sentiment?: string;
  lang?: string;
  q?: string;
  /** Going on from a search that stopped on its read budget (console-inbox.ts). */
  after?: string;
}

/** One row: the case, its brand's zone, and the customer's whole last message when it could be read. */
export interface InboxRow {
  c: Case;
  timeZone: string;
  lastText?: string;
}

export interface InboxInput {
  viewer: Viewer;
  filter: InboxFilter;
  rows: InboxRow[];
  brands: Array<{ id: string; name: string }>;
  teams: string[];
  platforms: Array<{ id: string; label: string }>;
  now: Date;
  languages: string[];
  /** The filters' read stopped before the end of the queue: how many cases it read, and the link to go on. */
  partial?: { scanned: number; href: string };
  /** The rows fragment the page polls (same filters). */
  pollUrl: string;
  flash?: string;
}

const INTENTS = ['question', 'complaint', 'compliment', 'other'] as const;
const SENTIMENTS = ['negative', 'neutral', 'positive'] as const;

const INITIAL: Record<string, string> = { x: 'X', facebook: 'f', messenger: 'M', instagram: 'IG', whatsapp: 'W', google: 'G', trustpilot: 'T' };

export function Channel({ platform, label }: { platform: string; label: string }) {
  return (
    <span class={`ch ch-${platform}`}>
      <i aria-hidden="true">{INITIAL[platform] ?? platform.slice(0, 1).toUpperCase()}</i>
      {label}
    </span>
  );
}

export function Countdown({ c, lang, timeZone, now, t }: { c: Case; lang: ConsoleLang; timeZone: string; now: Date; t: ConsoleWords }) {
  const due = runningDue(c);
  if (!due) return <span class="due paused">{c.state === 'pending' || c.pausedAt ? t.paused : t.noDeadline}</span>;
  const late = isBreached(c, now);
  return (
    <span class={late ? 'due late' : 'due'}>
      <time datetime={due} title={dateTime(lang, timeZone, due)} data-rel="">{relative(lang, due, now)}</time>
      {late && <span class="sr-only"> ({t.overdue})</span>}
    </span>
  );
}

function Row({ row, lang, now, labels, first }: { row: InboxRow; lang: ConsoleLang; now: Date; labels: Map<string, string>; first: boolean }) {
  const t = CONSOLE_TEXT[lang];
  const { c } = row;
  const who = c.customer.name ?? c.customer.handle ?? c.customer.id;
  const href = `/console/cases/${encodeURIComponent(c.id)}`;
  return (
    <tr data-id={c.id} data-href={href} tabindex={first ? 0 : -1}>
      <td><input type="checkbox" name="ids" value={c.id} form="bulk" aria-label={`${t.select}: ${who}`} /></td>
      <td><Countdown c={c} lang={lang} timeZone={row.timeZone} now={now} t={t} /></td>
      <td>{c.platforms.map((p) => <Channel platform={p} label={labels.get(p) ?? p} />)}</td>
      <td>
        <a href={href}>{who}</a>
        {c.customer.handle && c.customer.name && <div class="muted">@{c.customer.handle}</div>}
        <div class="muted">{t.states[c.state]}</div>
      </td>
      <td><p class="msg" lang={c.lang}>{row.lastText ?? c.preview}</p></td>
      <td>
        <span class="pill">{t.intents[c.intent]}</span> <StatePill state={c.sentiment.label} pill>{t.sentiments[c.sentiment.label]}</StatePill>
      </td>
      <td>
        {c.team}
        <div class="muted">{c.assignee ?? t.nobody}</div>
      </td>
    </tr>
  );
}

/** The rows alone: the page's tbody and the fragment the client polls. */
export function inboxRows(lang: ConsoleLang, rows: InboxRow[], now: Date, labels: Map<string, string>): string {
  return rows.map((row, i) => (<Row row={row} lang={lang} now={now} labels={labels} first={i === 0} />).toString()).join('');
}

const Check = ({ name, label, on }: { name: string; label: string; on?: boolean }) => (
  <label class="check"><input type="checkbox" name={name} value="1" checked={on} /> {label}</label>
);

function Select({ name, label, value, options, any }: { name: string; label: string; value?: string; options: Array<{ id: string; label: string }>; any: string }) {
  return (
    <label>
      {label}
      <select name={name}>
        <option value="">{any}</option>
        {options.map((o) => <option value={o.id} selected={o.id === value}>{o.label}</option>)}
      </select>
    </label>
  );
}

export function inboxPage(p: InboxInput): string {
  const { lang } = p.viewer;
  const t = CONSOLE_TEXT[lang];
  const f = p.filter;
  const labels = new Map(p.platforms.map((x) => [x.id, x.label]));
  const main = (
    <>
      <h2 id="inbox-title">{t.inbox}</h2>
      <form class="filters" method="get" action="/console" role="search" aria-label={t.filters}>
        {p.brands.length > 1 && <Select name="brand" label={t.brand} value={f.brand} any={t.anyBrand} options={p.brands.map((b) => ({ id: b.id, label: b.name }))} />}
        <label>{t.search}<input type="search" id="search" name="q" value={f.q ?? ''} /></label>
        <Select name="team" label={t.team} value={f.team} any={t.any} options={p.teams.map((x) => ({ id: x, label: x }))} />
        <Select name="platform" label={t.channel} value={f.platform} any={t.any} options={p.platforms} />
        <Select name="state" label={t.state} value={f.state} any={t.any} options={OPEN_STATES.map((s) => ({ id: s, label: t.states[s] }))} />
        <Select name="intent" label={t.intent} value={f.intent} any={t.any} options={INTENTS.map((x) => ({ id: x, label: t.intents[x] }))} />
        <Select name="sentiment" label={t.sentiment} value={f.sentiment} any={t.any} options={SENTIMENTS.map((x) => ({ id: x, label: t.sentiments[x] }))} />
        <Select name="lang" label={t.language} value={f.lang} any={t.any} options={p.languages.map((x) => ({ id: x, label: x.toUpperCase() }))} />
        <Check name="mine" label={t.mine} on={f.mine} />
        <Check name="unassigned" label={t.unassigned} on={f.unassigned} />
        <Check name="breached" label={t.breached} on={f.breached} />
        <button type="submit">{t.apply}</button>
        <a href="/console">{t.reset}</a>
      </form>
      <div class="views" id="views" hidden data-remove={t.removeView}>
        <label>{t.viewName}<input id="view-name" maxlength={60} /></label>
        <button type="button" id="save-view">{t.saveView}</button>
        <nav aria-label={t.savedViews}><ul id="view-list"></ul></nav>
      </div>
      {p.flash && <p class="flash" role="status">{p.flash}</p>}
      <form id="bulk" class="bulk" method="post" action="/console/bulk" aria-label={t.bulk}>
        <input type="hidden" name="csrf" value={p.viewer.csrf} />
        <span class="muted">{t.bulk}:</span> <button type="submit" name="action" value="take">{t.take}</button> <button type="submit" name="action" value="dismiss">{t.dismiss}</button>
        {hasRight(p.viewer.principal, 'cases:assign') && (
          <span class="bulk-assign">
            <label>{t.team}<select name="team"><option value="">—</option>{p.teams.map((x) => <option value={x}>{x}</option>)}</select></label>
            <label>{t.assignee}<input name="assignee" type="email" maxlength={200} autocomplete="off" /></label>
            <button type="submit" name="action" value="assign">{t.bulkAssign}</button>
          </span>
        )}
      </form>
      <p id="live" class="sr-only" role="status" aria-live="polite" data-one={t.newCases(1)} data-many={t.newCases(2).replace('2', '{n}')}></p>
      <table class="inbox" aria-labelledby="inbox-title">
        <caption class="sr-only">{t.openCases}</caption>
        <colgroup>
          <col class="c-sel" /><col class="c-sla" /><col class="c-ch" /><col class="c-who" /><col /><col class="c-tri" /><col class="c-team" />
        </colgroup>
        <thead>
          <tr>
            <th scope="col"><span class="sr-only">{t.select}</span></th>
            <th scope="col">{t.sla}</th>
            <th scope="col">{t.channel}</th>
            <th scope="col">{t.customer}</th>
            <th scope="col">{t.message}</th>
            <th scope="col">{t.triage}</th>
            <th scope="col">{t.team} / {t.assignee}</th>
          </tr>
        </thead>
        <tbody id="rows" data-poll={p.pollUrl}>
          {rawRows(inboxRows(lang, p.rows, p.now, labels))}
        </tbody>
      </table>
      {!p.rows.length && <p id="no-cases" class="muted">{t.noCases}</p>}
      {p.partial && <p id="partial" class="muted">{t.searchedSome(number(lang, p.partial.scanned))} <a href={p.partial.href}>{t.searchFurther}</a></p>}
    </>
  );
  return consoleDocument(p.viewer, `${t.inbox} · ${t.title}`, main);
}

// The rows are already escaped JSX output; the page embeds them as they are.
const rawRows = (html: string) => raw(html);

/** States the inbox's state filter accepts (only open ones; closed cases are not the inbox). */
export const inboxStates = (state: string | undefined) => (state && (OPEN_STATES as readonly string[]).includes(state) ? [state as (typeof CASE_STATES)[number]] : [...OPEN_STATES]);
