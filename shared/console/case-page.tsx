import type { Actor, Case, CaseEvent } from '../case.ts';
import { canReply } from '../case.ts';
import type { CaseView } from '../cases/work.ts';
import type { Mention } from '../mention.ts';
import { dateTime } from './format.ts';
import { CONSOLE_TEXT, type ConsoleWords } from './i18n.ts';
import { Actions, actorName, Composer, Notes } from './case-forms.tsx';
import { Channel, Countdown } from './inbox.tsx';
import { consoleDocument, type Viewer } from './layout.tsx';

/** What the composer knows of the channel a reply goes to (the platform adapter's rules). */
export interface ReplyChannel {
  platform: string;
  label: string;
  maxLength?: number;
  /** The messaging window now: open until, closed with a template needed, a tag allowed until, or shut. */
  window?: { state: 'open'; until: string } | { state: 'template' } | { state: 'tag'; until: string } | { state: 'shut' };
}

/** A form's outcome on a re-render: the fields as typed, and what is wrong beside which field. */
export interface FormState {
  form: 'reply' | 'note' | 'state' | 'assign' | 'triage';
  values: Record<string, string>;
  errors: Record<string, string>;
}

/** wecare's own answer on the case (the outbox intent behind a `replied` event): shown in the thread. */
export interface Answer {
  at: string;
  text: string;
  state: string;
  by: Actor;
  platform: string;
  lastError?: string;
}

export interface CasePageInput {
  viewer: Viewer;
  view: CaseView;
  brand: { name: string; timeZone: string; teams: string[] };
  channel: ReplyChannel;
  labels: Map<string, string>;
  saved: Array<{ id: string; title: string; text: string }>;
  answers: Answer[];
  /** The customer's earlier cases with this brand. */
  earlier: Case[];
  followUp?: { state: string; dueAt: string; sentAt?: string; reason?: string };
  now: Date;
  flash?: string;
  failed?: FormState;
}


function Message({ m, tz, v, t }: { m: Mention; tz: string; v: Viewer; t: ConsoleWords }) {
  const brandSide = m.fromBrand || m.status === 'brand';
  const who = brandSide ? t.fromBrand : (m.author.name ?? m.author.handle ?? m.author.id);
  return (
    <li class={brandSide ? 'brand' : 'customer'} lang={m.lang}>
      <span class="meta">{who} · <time datetime={m.createdAt}>{dateTime(v.lang, tz, m.createdAt)}</time> · {m.platform}</span>
      {m.text}
    </li>
  );
}

function AnswerItem({ a, tz, v, t }: { a: Answer; tz: string; v: Viewer; t: ConsoleWords }) {
  return (
    <li class="brand">
      <span class="meta">{t.fromBrand} ({actorName(a.by, t)}) · <time datetime={a.at}>{dateTime(v.lang, tz, a.at)}</time> · {a.platform}{a.state !== 'sent' && ` · ${a.state}${a.lastError ? `: ${a.lastError}` : ''}`}</span>
      {a.text}
    </li>
  );
}

function Why({ p, t }: { p: CasePageInput; t: ConsoleWords }) {
  const c = p.view;
  const rules = p.view.events.filter((e) => e.type === 'rule').map((e) => String(e.rule));
  const conf = c.sentiment.confidence;
  return (
    <section class="card" aria-labelledby="why-title">
      <h3 id="why-title">{t.why}</h3>
      <dl class="facts">
        <dt>{t.sentiment}</dt>
        <dd>{t.sentiments[c.sentiment.label]} ({c.sentiment.score.toFixed(2)}{conf !== undefined ? `, ${t.confidence} ${Math.round(conf * 100)}%` : ''})</dd>
        <dt>{t.intent}</dt><dd>{t.intents[c.intent]}</dd>
        <dt>{t.team}</dt><dd>{c.team}</dd>
        <dt>{t.tags}</dt><dd>{c.tags.length ? c.tags.join(', ') : t.none}</dd>
        <dt>{t.rules}</dt><dd>{rules.length ? [...new Set(rules)].join(', ') : t.none}</dd>
        <dt>{t.incident}</dt><dd>{c.incidentId ?? t.none}</dd>
      </dl>
    </section>
  );
}

function Customer({ p, t }: { p: CasePageInput; t: ConsoleWords }) {
  const c = p.view;
  const fmt = (iso: string) => dateTime(p.viewer.lang, p.brand.timeZone, iso);
  const f = p.followUp;
  return (
    <section class="card" aria-labelledby="customer-title">
      <h3 id="customer-title">{t.customer}</h3>
      <dl class="facts">
        <dt>{t.channel}</dt><dd>{c.customer.platform} · {c.customer.handle ? `@${c.customer.handle}` : c.customer.id}</dd>
        <dt>{t.followUp}</dt><dd>{f ? `${t.followUpStates[f.state] ?? f.state} · ${fmt(f.sentAt ?? f.dueAt)}${f.reason ? ` (${f.reason})` : ''}` : t.none}</dd>
        <dt>CSAT</dt><dd>{c.csat ? `${Math.round(c.csat.score * 100)}% (${c.csat.source})` : t.none}</dd>
      </dl>
      <h4>{t.earlier}</h4>
      {p.earlier.length ? (
        <ul>{p.earlier.map((k) => <li><a href={`/console/cases/${encodeURIComponent(k.id)}`}>{fmt(k.createdAt)}</a> · {t.states[k.state]} · {k.preview}</li>)}</ul>
      ) : <p class="muted">{t.none}</p>}
    </section>
  );
}

function Deadlines({ p, t }: { p: CasePageInput; t: ConsoleWords }) {
  const c = p.view;
  const fmt = (iso?: string) => (iso ? dateTime(p.viewer.lang, p.brand.timeZone, iso) : '—');
  return (
    <section class="card" aria-labelledby="sla-title">
      <h3 id="sla-title">{t.deadlines}</h3>
      <p><Countdown c={c} lang={p.viewer.lang} timeZone={p.brand.timeZone} now={p.now} t={t} /></p>
      <dl class="facts">
        <dt>{t.firstResponse}</dt><dd>{fmt(c.sla.firstResponseDueAt)}{c.firstResponseAt && ` (${t.answeredAt} ${fmt(c.firstResponseAt)})`}</dd>
        <dt>{t.nextResponse}</dt><dd>{fmt(c.sla.nextResponseDueAt)}</dd>
        <dt>{t.resolution}</dt><dd>{fmt(c.sla.resolutionDueAt)}</dd>
        <dt>{t.assignee}</dt><dd>{c.assignee ?? t.nobody}</dd>
      </dl>
    </section>
  );
}

function Events({ events, p, t }: { events: CaseEvent[]; p: CasePageInput; t: ConsoleWords }) {
  const detail = (e: CaseEvent) => (e.type === 'state' ? `${e.from ?? ''} → ${e.to ?? ''}` : e.type === 'rule' ? String(e.rule) : e.type === 'assigned' ? `${e.assignee ?? t.nobody} / ${e.team ?? ''}` : '');
  return (
    <section class="card" aria-labelledby="events-title">
      <h3 id="events-title">{t.events}</h3>
      <ol class="events">
        {events.map((e) => (
          <li><time datetime={e.at}>{dateTime(p.viewer.lang, p.brand.timeZone, e.at)}</time> · {t.eventNames[e.type] ?? e.type} {detail(e)} · <span class="muted">{actorName(e.actor, t)}</span></li>
        ))}
      </ol>
    </section>
  );
}

export function casePage(p: CasePageInput): string {
  const t = CONSOLE_TEXT[p.viewer.lang];
  const c = p.view;
  const who = c.customer.name ?? c.customer.handle ?? c.customer.id;
  const main = (
    <>
      <p><a href="/console">← {t.backToInbox}</a></p>
      <h2>{t.caseTitle(who)} <span class="pill" id="case-state" data-state={c.state}>{t.states[c.state]}</span></h2>
      {p.flash && <p class="flash" role="status">{p.flash}</p>}
      <div class="case">
        <div>
          <section class="card" aria-labelledby="conv-title">
            <h3 id="conv-title">{t.conversation} {c.platforms.map((x) => <Channel platform={x} label={p.labels.get(x) ?? x} />)}</h3>
            <ol class="thread">
              {[...c.mentions.map((m) => ({ at: m.createdAt, node: <Message m={m} tz={p.brand.timeZone} v={p.viewer} t={t} /> })), ...p.answers.map((a) => ({ at: a.at, node: <AnswerItem a={a} tz={p.brand.timeZone} v={p.viewer} t={t} /> }))]
                .sort((a, b) => a.at.localeCompare(b.at))
                .map((x) => x.node)}
            </ol>
          </section>
          {canReply(c.state) && <Composer p={p} t={t} failed={p.failed} />}
          <Notes p={p} t={t} />
        </div>
        <div>
          <Actions p={p} t={t} />
          <Deadlines p={p} t={t} />
          <Why p={p} t={t} />
          <Customer p={p} t={t} />
          <Events events={c.events} p={p} t={t} />
        </div>
      </div>
    </>
  );
  return consoleDocument(p.viewer, `${t.caseTitle(who)} · ${p.brand.name}`, main);
}
