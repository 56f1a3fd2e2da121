import type { Principal } from '../auth/principal.ts';
import type { Actor, Case, CaseEvent, CaseState } from '../case.ts';
import { canMove, canReply, isOpen } from '../case.ts';
import type { CaseView } from '../cases/work.ts';
import type { Mention } from '../mention.ts';
import { dateTime } from './format.ts';
import { CONSOLE_TEXT, type ConsoleWords } from './i18n.ts';
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

const actorName = (a: Actor, t: ConsoleWords) => (a.type === 'user' ? a.id : `${t.actor[a.type]} (${a.id})`);

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

const Field = ({ id, error }: { id: string; error?: string }) => (error ? <p class="error" id={`${id}-error`}>{error}</p> : null);

function Composer({ p, t, failed }: { p: CasePageInput; t: ConsoleWords; failed?: FormState }) {
  const c = p.view;
  const id = encodeURIComponent(c.id);
  const errors = failed?.form === 'reply' ? failed.errors : {};
  const text = failed?.form === 'reply' ? (failed.values.text ?? '') : '';
  const lock = c.lock && c.lock.by !== p.viewer.principal.actor.id && c.lock.until > p.now.toISOString() ? c.lock : undefined;
  const w = p.channel.window;
  const tz = p.brand.timeZone;
  return (
    <section class="card composer" aria-labelledby="composer-title">
      <h3 id="composer-title">{t.composer} <Channel platform={p.channel.platform} label={p.channel.label} /></h3>
      {w?.state === 'open' && <p class="muted">{t.windowOpen(dateTime(p.viewer.lang, tz, w.until))}</p>}
      {w?.state === 'tag' && <p class="warning">{t.windowTag(dateTime(p.viewer.lang, tz, w.until))}</p>}
      {w?.state === 'template' && <p class="warning">{t.windowTemplate}</p>}
      {w?.state === 'shut' && <p class="warning">{t.windowShut}</p>}
      <p id="lock-warning" class="warning" role="alert" hidden={!lock}>{lock ? t.lockedBy(lock.by, dateTime(p.viewer.lang, tz, lock.until)) : ''}</p>
      <h4 class="sr-only">{t.savedReplies}</h4>
      {p.saved.length ? (
        <ul class="saved" aria-label={t.savedReplies}>
          {p.saved.map((s) => <li><button type="button" data-insert={s.text} aria-label={`${t.insert}: ${s.title}`}>{s.title}</button></li>)}
        </ul>
      ) : <p class="muted">{t.noSaved}</p>}
      <form method="post" action={`/console/cases/${id}/reply`}>
        <input type="hidden" name="csrf" value={p.viewer.csrf} />
        <label for="reply">{t.reply}</label>
        <textarea id="reply" name="text" data-max={p.channel.maxLength} data-lock={`/api/cases/${id}/lock`} aria-describedby="count reply-error" aria-invalid={errors.text ? 'true' : undefined}>{text}</textarea>
        <Field id="reply" error={errors.text ?? errors.form} />
        {w?.state === 'template' && (
          <p>
            <label>{t.template} <input name="template" value={failed?.values.template ?? ''} pattern="[a-z0-9_]{1,512}" /></label>{' '}
            <label>{t.templateLang} <input name="templateLang" value={failed?.values.templateLang ?? c.lang ?? 'nl'} size={6} /></label>
          </p>
        )}
        {lock && <label class="check"><input type="checkbox" name="force" value="1" /> {t.lockedAnyway}</label>}
        <div class="row">
          <span id="count" class="count" aria-live="off">{p.channel.maxLength ? `${[...text].length} / ${p.channel.maxLength}` : [...text].length} <span class="sr-only">{t.chars}</span></span>
          <span class="actions">
            <button type="submit" name="action" value="send" class="primary">{t.send}</button>
            <button type="submit" name="action" value="resolve">{t.replyResolve}</button>
          </span>
        </div>
      </form>
    </section>
  );
}

function StateButton({ p, to, label, id }: { p: CasePageInput; to: CaseState; label: string; id?: string }) {
  if (!canMove(p.view.state, to)) return null;
  return (
    <form method="post" action={`/console/cases/${encodeURIComponent(p.view.id)}/state`}>
      <input type="hidden" name="csrf" value={p.viewer.csrf} />
      <input type="hidden" name="state" value={to} />
      <button type="submit" id={id}>{label}</button>
    </form>
  );
}

function Actions({ p, t }: { p: CasePageInput; t: ConsoleWords }) {
  const c = p.view;
  const me = p.viewer.principal;
  const id = encodeURIComponent(c.id);
  const err = (form: FormState['form']) => (p.failed?.form === form ? p.failed.errors.form : undefined);
  return (
    <section class="card" aria-labelledby="actions-title">
      <h3 id="actions-title">{t.actions}</h3>
      <div class="actions">
        <StateButton p={p} to="resolved" label={t.resolve} id="resolve" />
        <StateButton p={p} to="pending" label={t.pending} />
        <StateButton p={p} to="dismissed" label={t.dismiss} />
        <StateButton p={p} to="spam" label={t.spam} />
        {!isOpen(c.state) && <StateButton p={p} to="open" label={t.reopen} />}
        {c.assignee !== me.actor.id && (
          <form method="post" action={`/console/cases/${id}/assign`}>
            <input type="hidden" name="csrf" value={p.viewer.csrf} />
            <input type="hidden" name="assignee" value={me.actor.id} />
            <button type="submit" id="take">{t.take}</button>
          </form>
        )}
      </div>
      <Field id="state" error={err('state') ?? err('assign')} />
      {canAssign(me) && (
        <form class="inline" method="post" action={`/console/cases/${id}/assign`}>
          <input type="hidden" name="csrf" value={p.viewer.csrf} />
          <label>{t.team}<select name="team">{p.brand.teams.map((x) => <option selected={x === c.team}>{x}</option>)}</select></label>
          <button type="submit">{t.assign}</button>
        </form>
      )}
      <form class="inline" method="post" action={`/console/cases/${id}/triage`}>
        <input type="hidden" name="csrf" value={p.viewer.csrf} />
        <label>{t.intent}<select name="intent">{(['question', 'complaint', 'compliment', 'other'] as const).map((x) => <option value={x} selected={x === c.intent}>{t.intents[x]}</option>)}</select></label>
        <label>{t.sentiment}<select name="sentiment">{(['positive', 'neutral', 'negative'] as const).map((x) => <option value={x} selected={x === c.sentiment.label}>{t.sentiments[x]}</option>)}</select></label>
        <button type="submit">{t.correct}</button>
      </form>
      <Field id="triage" error={err('triage')} />
    </section>
  );
}

const canAssign = (p: Principal) => p.role === 'lead' || p.role === 'admin';

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

function Notes({ p, t }: { p: CasePageInput; t: ConsoleWords }) {
  const failed = p.failed?.form === 'note' ? p.failed : undefined;
  return (
    <section class="card" aria-labelledby="notes-title">
      <h3 id="notes-title">{t.notes}</h3>
      {p.view.notes.length ? (
        <ul>{p.view.notes.map((n) => <li>{n.text} <span class="muted">— {actorName(n.actor, t)}, {dateTime(p.viewer.lang, p.brand.timeZone, n.at)}</span></li>)}</ul>
      ) : <p class="muted">{t.noNotes}</p>}
      <form method="post" action={`/console/cases/${encodeURIComponent(p.view.id)}/notes`}>
        <input type="hidden" name="csrf" value={p.viewer.csrf} />
        <label for="note">{t.note}</label>
        <textarea id="note" name="text" rows={2} aria-invalid={failed?.errors.text ? 'true' : undefined}>{failed?.values.text ?? ''}</textarea>
        <Field id="note" error={failed?.errors.text ?? failed?.errors.form} />
        <button type="submit">{t.addNote}</button>
      </form>
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
