import { DateTime } from 'luxon';
import type { Incident } from '../incidents/model.ts';
import { dateTime } from './format.ts';
import type { ConsoleWords } from './i18n.ts';
import type { IncidentWords } from './incident-words.ts';
import type { Viewer } from './layout.tsx';

/**
 * Planning a maintenance window in the console: the fields of `POST /api/incidents` with
 * `"kind":"maintenance"`, the window as datetime-local inputs read in the brand's time zone, and
 * the API's own errors beside the field they name (the form keeps what was typed).
 */
export interface FieldForm {
  values: Record<string, string>;
  error?: string;
}

/** "scheduledUntil: … ; message.en: …" (describeIssues, checkWindow) as one message per field. */
export function errorsByField(message: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (message ?? '').split('; ')) {
    const m = /^([\w.]+): /.exec(part);
    if (m) out[m[1]!] = out[m[1]!] ? `${out[m[1]!]}; ${part}` : part;
  }
  return out;
}

/** A datetime-local value ("2026-12-01T22:00") in the brand's zone as an ISO instant; anything else as typed, for the schema to refuse. */
export function zonedInstant(local: string | undefined, zone: string): string | undefined {
  if (!local) return undefined;
  const t = DateTime.fromISO(local, { zone });
  return t.isValid && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(local) ? t.toUTC().toISO()! : local;
}

function Err({ id, text }: { id: string; text?: string }) {
  return text ? <span class="error field-error" id={id}>{text}</span> : null;
}

export function MaintenanceForm({ v, w, brand, form }: { v: Viewer; w: IncidentWords; brand: { id: string; timeZone: string; components: Array<{ id: string; name: string }> }; form?: FieldForm }) {
  const val = (k: string, d = '') => form?.values[k] ?? d;
  const errors = errorsByField(form?.error);
  const on = (k: string) => (form ? form.values[k] === 'on' : true);
  const invalid = (k: string) => (errors[k] ? { 'aria-invalid': 'true', 'aria-describedby': `mt-err-${k.replace('.', '-')}` } : {});
  return (
    <form method="post" action="/console/incidents" class="incident-form" id="maintenance-form">
      <input type="hidden" name="csrf" value={v.csrf} />
      <input type="hidden" name="brand" value={brand.id} />
      <input type="hidden" name="kind" value="maintenance" />
      {form?.error && <p class="error" role="alert">{form.error}</p>}
      <p><label for="mt-name">{w.maintenanceName}</label><input id="mt-name" name="name" value={val('name')} required maxlength={200} {...invalid('name')} /><Err id="mt-err-name" text={errors.name} /></p>
      <p class="window">
        <span class="field">
          <label for="mt-for">{w.scheduledFor} <span class="muted">({w.inZone(brand.timeZone)})</span></label>
          <input type="datetime-local" id="mt-for" name="scheduledFor" value={val('scheduledFor')} {...invalid('scheduledFor')} />
          <Err id="mt-err-scheduledFor" text={errors.scheduledFor} />
        </span>
        <span class="field">
          <label for="mt-until">{w.scheduledUntil} <span class="muted">({w.inZone(brand.timeZone)})</span></label>
          <input type="datetime-local" id="mt-until" name="scheduledUntil" value={val('scheduledUntil')} {...invalid('scheduledUntil')} />
          <Err id="mt-err-scheduledUntil" text={errors.scheduledUntil} />
        </span>
      </p>
      {brand.components.length ? (
        <fieldset>
          <legend>{w.affected}</legend>
          {brand.components.map((c) => (
            <label class="check"><input type="checkbox" name={`component.${c.id}`} value="operational" checked={val(`component.${c.id}`) === 'operational'} /> {c.name}</label>
          ))}
        </fieldset>
      ) : null}
      <p><label for="mt-nl">{w.maintenanceMessage('Nederlands')}</label><textarea id="mt-nl" name="nl" lang="nl" rows={2} {...invalid('message.nl')}>{val('nl')}</textarea><Err id="mt-err-message-nl" text={errors['message.nl']} /></p>
      <p><label for="mt-en">{w.maintenanceMessage('English')}</label><textarea id="mt-en" name="en" lang="en" rows={2} {...invalid('message.en')}>{val('en')}</textarea><Err id="mt-err-message-en" text={errors['message.en']} /></p>
      <fieldset class="switches">
        <legend>{w.maintenance}</legend>
        <label class="check"><input type="checkbox" name="remind" checked={on('remind')} /> {w.remindPrior}</label>
        <label class="check"><input type="checkbox" name="autoStart" checked={on('autoStart')} /> {w.autoStart}</label>
        <label class="check"><input type="checkbox" name="autoComplete" checked={on('autoComplete')} /> {w.autoComplete}</label>
      </fieldset>
      <p class="actions">
        <button type="submit" name="action" value="preview">{w.previewMaintenance}</button>
        <button type="submit" name="action" value="publish" class="primary">{w.schedule}</button>
      </p>
    </form>
  );
}

/** Scheduled and in-progress maintenance, with its window in the brand's zone. */
export function MaintenanceList({ v, t, w, items, zoneOf }: { v: Viewer; t: ConsoleWords; w: IncidentWords; items: Incident[]; zoneOf: (brand: string) => string }) {
  if (!items.length) return <p class="muted">{t.none}</p>;
  const when = (i: Incident, iso?: string) => (iso ? dateTime(v.lang, zoneOf(i.brand), iso) : '');
  return (
    <ul id="maintenance-list">
      {items.map((i) => (
        <li data-status={i.status}>
          <a href={`/console/incidents/${encodeURIComponent(i.id)}`}>{i.name}</a> · {i.brand} · {w.maintenanceStates[i.status] ?? i.status} · {when(i, i.scheduledFor)}{i.scheduledUntil ? ` – ${when(i, i.scheduledUntil)}` : ''}
        </li>
      ))}
    </ul>
  );
}
