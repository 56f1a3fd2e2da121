import type { Incident, IncidentUpdate } from '../incidents/model.ts';
import type { Delivery } from '../store/deliveries.ts';
import { dateTime } from './format.ts';
import { CONSOLE_TEXT, type ConsoleWords } from './i18n.ts';
import type { UpdatePreview } from './incident-preview.ts';
import { consoleDocument, type Viewer } from './layout.tsx';

/**
 * Incidents in the console (incident managers and admins): open one, update it, resolve it, with a
 * preview of what every channel receives before publishing, and the deliveries of each update.
 * Maintenance windows stay with the API for now.
 */
export const INCIDENT_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export const IMPACTS = ['minor', 'major', 'critical'] as const;
const COMPONENT_STATUSES = ['operational', 'degraded_performance', 'partial_outage', 'major_outage'] as const;

export interface IncidentForm {
  values: Record<string, string>;
  error?: string;
  preview?: UpdatePreview;
}

interface BrandInfo {
  id: string;
  name: string;
  timeZone: string;
  components: Array<{ id: string; name: string }>;
}

function Preview({ p, t }: { p: UpdatePreview; t: ConsoleWords }) {
  return (
    <section class="card" id="preview" aria-labelledby="preview-title">
      <h3 id="preview-title">{t.preview}</h3>
      <h4>{t.statusPage}</h4>
      <ul>{p.statusPage.map((s) => <li lang={s.lang} data-lang={s.lang}><strong>{s.headline}</strong>: {s.message}</li>)}</ul>
      {p.channels.map((c) => (
        <div class="channel-preview" data-channel={c.channel}>
          <h4>{c.channel} ({c.type}){!c.receives && ` · ${t.skipped}`}</h4>
          {c.body ? <pre tabindex={0}>{c.body}</pre> : <p class="muted">{c.note}</p>}
        </div>
      ))}
    </section>
  );
}

function Fields({ v, t, brand, form, first }: { v: Viewer; t: ConsoleWords; brand?: BrandInfo; form?: IncidentForm; first: boolean }) {
  const val = (k: string, d = '') => form?.values[k] ?? d;
  return (
    <>
      <input type="hidden" name="csrf" value={v.csrf} />
      {first && <p><label for="inc-name">{t.incidentName}</label><input id="inc-name" name="name" value={val('name')} required maxlength={200} /></p>}
      <p class="row">
        <label>{t.state}<select name="status">{INCIDENT_STATUSES.map((s) => <option value={s} selected={val('status', 'investigating') === s}>{t.incidentStates[s]}</option>)}</select></label>{' '}
        <label>{t.impact}<select name="impact">{IMPACTS.map((s) => <option value={s} selected={val('impact', 'minor') === s}>{t.impacts[s]}</option>)}</select></label>
      </p>
      {brand?.components.length ? (
        <fieldset>
          <legend>{t.components}</legend>
          {brand.components.map((c) => (
            <label>{c.name}<select name={`component.${c.id}`}><option value="">—</option>{COMPONENT_STATUSES.map((s) => <option value={s} selected={val(`component.${c.id}`) === s}>{t.componentStates[s]}</option>)}</select></label>
          ))}
        </fieldset>
      ) : null}
      <p><label for="msg-nl">{t.messageIn('Nederlands')}</label><textarea id="msg-nl" name="nl" lang="nl" rows={3}>{val('nl')}</textarea></p>
      <p><label for="msg-en">{t.messageIn('English')}</label><textarea id="msg-en" name="en" lang="en" rows={3}>{val('en')}</textarea></p>
      {form?.error && <p class="error" role="alert">{form.error}</p>}
      <p class="actions">
        <button type="submit" name="action" value="preview">{t.preview}</button>
        <button type="submit" name="action" value="publish" class="primary">{t.publish}</button>
      </p>
    </>
  );
}

export function incidentsPage(p: { viewer: Viewer; brands: BrandInfo[]; brand: BrandInfo; open: Incident[]; form?: IncidentForm }): string {
  const t = CONSOLE_TEXT[p.viewer.lang];
  const main = (
    <>
      <h2>{t.incidents}</h2>
      <section class="card" aria-labelledby="open-title">
        <h3 id="open-title">{t.openIncidents}</h3>
        {p.open.length ? (
          <ul>{p.open.map((i) => <li><a href={`/console/incidents/${encodeURIComponent(i.id)}`}>{i.name}</a> · {i.brand} · {t.incidentStates[i.status] ?? i.status} · {t.impacts[i.impact] ?? i.impact}</li>)}</ul>
        ) : <p class="muted">{t.none}</p>}
      </section>
      <section class="card" aria-labelledby="new-title">
        <h3 id="new-title">{t.newIncident}</h3>
        <form method="post" action="/console/incidents" class="incident-form">
          {p.brands.length > 1 && <p><label>{t.brand}<select name="brand">{p.brands.map((b) => <option value={b.id} selected={b.id === p.brand.id}>{b.name}</option>)}</select></label></p>}
          {p.brands.length <= 1 && <input type="hidden" name="brand" value={p.brand.id} />}
          <Fields v={p.viewer} t={t} brand={p.brand} form={p.form} first />
        </form>
      </section>
      {p.form?.preview && <Preview p={p.form.preview} t={t} />}
    </>
  );
  return consoleDocument(p.viewer, `${t.incidents} · ${t.title}`, main);
}

export function incidentPage(p: { viewer: Viewer; brand: BrandInfo; incident: Incident; updates: IncidentUpdate[]; deliveries: Delivery[]; form?: IncidentForm; flash?: string }): string {
  const t = CONSOLE_TEXT[p.viewer.lang];
  const i = p.incident;
  const when = (iso: string) => dateTime(p.viewer.lang, p.brand.timeZone, iso);
  const main = (
    <>
      <p><a href="/console/incidents">← {t.incidents}</a></p>
      <h2>{i.name} <span class="pill" id="incident-status" data-status={i.status}>{t.incidentStates[i.status] ?? i.status}</span></h2>
      {p.flash && <p class="flash" role="status">{p.flash}</p>}
      <section class="card" aria-labelledby="updates-title">
        <h3 id="updates-title">{t.updates}</h3>
        <ol class="events">{p.updates.map((u) => <li><time datetime={u.at}>{when(u.at)}</time> · {t.incidentStates[u.status] ?? u.status} · {u.message[p.viewer.lang]}</li>)}</ol>
      </section>
      <section class="card" aria-labelledby="deliveries-title">
        <h3 id="deliveries-title">{t.deliveries}</h3>
        {p.deliveries.length ? (
          <table class="figures" id="deliveries">
            <thead><tr><th scope="col">{t.channel}</th><th scope="col">{t.state}</th><th scope="col">{t.attempts}</th><th scope="col">{t.when}</th><th scope="col">{t.error}</th></tr></thead>
            <tbody>{p.deliveries.map((d) => <tr class={d.state === 'failed' ? 'failed' : undefined}><td>{d.channel}</td><td>{d.state}</td><td>{d.attempts}</td><td>{when(d.at)}</td><td>{d.error ?? ''}</td></tr>)}</tbody>
          </table>
        ) : <p class="muted">{t.noDeliveries}</p>}
      </section>
      <section class="card" aria-labelledby="update-title">
        <h3 id="update-title">{t.postUpdate}</h3>
        <form method="post" action={`/console/incidents/${encodeURIComponent(i.id)}/updates`} class="incident-form">
          <Fields v={p.viewer} t={t} brand={p.brand} form={p.form ?? { values: { status: i.status, impact: i.impact } }} first={false} />
        </form>
      </section>
      {p.form?.preview && <Preview p={p.form.preview} t={t} />}
    </>
  );
  return consoleDocument(p.viewer, `${i.name} · ${t.incidents}`, main);
}
