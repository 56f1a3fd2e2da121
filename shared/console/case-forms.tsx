import type { Principal } from '../auth/principal.ts';
import { type Actor, type CaseState, canMove, isOpen } from '../case.ts';
import { dateTime } from './format.ts';
import type { ConsoleWords } from './i18n.ts';
import { Channel } from './inbox.tsx';
import type { CasePageInput, FormState } from './case-page.tsx';

/** The case page's forms: the composer, the state and assignment buttons, triage correction, notes. Each posts with the page's CSRF field. */

export const actorName = (a: Actor, t: ConsoleWords) => (a.type === 'user' ? a.id : `${t.actor[a.type]} (${a.id})`);

const Field = ({ id, error }: { id: string; error?: string }) => (error ? <p class="error" id={`${id}-error`}>{error}</p> : null);

export function Composer({ p, t, failed }: { p: CasePageInput; t: ConsoleWords; failed?: FormState }) {
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

export function Actions({ p, t }: { p: CasePageInput; t: ConsoleWords }) {
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

export function Notes({ p, t }: { p: CasePageInput; t: ConsoleWords }) {
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
