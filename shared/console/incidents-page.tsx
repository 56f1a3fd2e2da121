import type { Incident, IncidentUpdate } from '../incidents/model.ts';
import type { IncidentVolume } from '../metrics/incident-volume.ts';
import { dateTime } from './format.ts';
import { CONSOLE_TEXT, type ConsoleWords } from './i18n.ts';
import { IncidentChart } from './incident-chart.tsx';
import { type DeliveriesRead, DeliveriesSection } from './incident-deliveries.tsx';
import type { UpdatePreview } from './incident-preview.ts';
import { Preview } from './incident-preview-view.tsx';
import { INCIDENT_WORDS } from './incident-words.ts';
import { consoleDocument, type Viewer } from './layout.tsx';
import { MaintenanceForm, MaintenanceList } from './maintenance-form.tsx';

/**
 * Incidents in the console (incident managers and admins): open one, update it, resolve it, with a
 * preview of what every channel receives before publishing; plan maintenance windows; watch the
 * deliveries of each update arrive (and retry a failed one) and the complaints around the broadcast.
 */
export const INCIDENT_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export const MAINTENANCE_STATUSES = ['scheduled', 'in_progress', 'verifying', 'completed'] as const;
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

function Fields({ v, t, brand, form, first, maintenance }: { v: Viewer; t: ConsoleWords; brand?: BrandInfo; form?: IncidentForm; first: boolean; maintenance?: boolean }) {
  const val = (k: string, d = '') => form?.values[k] ?? d;
  const w = INCIDENT_WORDS[v.lang];
  const statuses: readonly string[] = maintenance ? MAINTENANCE_STATUSES : INCIDENT_STATUSES;
  const componentStates: readonly string[] = maintenance ? [...COMPONENT_STATUSES, 'under_maintenance'] : COMPONENT_STATUSES;
  return (
    <>
      <input type="hidden" name="csrf" value={v.csrf} />
      {first && <p><label for="inc-name">{t.incidentName}</label><input id="inc-name" name="name" value={val('name')} required maxlength={200} /></p>}
      <p class="row">
        <label>{t.state}<select name="status">{statuses.map((s) => <option value={s} selected={val('status', statuses[0]) === s}>{t.incidentStates[s] ?? w.maintenanceStates[s]}</option>)}</select></label>{' '}
        {maintenance ? <input type="hidden" name="impact" value="maintenance" /> : <label>{t.impact}<select name="impact">{IMPACTS.map((s) => <option value={s} selected={val('impact', 'minor') === s}>{t.impacts[s]}</option>)}</select></label>}
      </p>
      {brand?.components.length ? (
        <fieldset>
          <legend>{t.components}</legend>
          {brand.components.map((c) => (
            <label>{c.name}<select name={`component.${c.id}`}><option value="">—</option>{componentStates.map((s) => <option value={s} selected={val(`component.${c.id}`) === s}>{t.componentStates[s] ?? w.underMaintenance}</option>)}</select></label>
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

export function incidentsPage(p: { viewer: Viewer; brands: BrandInfo[]; brand: BrandInfo; open: Incident[]; maintenance: Incident[]; form?: IncidentForm }): string {
  const t = CONSOLE_TEXT[p.viewer.lang];
  const w = INCIDENT_WORDS[p.viewer.lang];
  const forMaintenance = p.form?.values.kind === 'maintenance';
  const zoneOf = (id: string) => p.brands.find((b) => b.id === id)?.timeZone ?? p.brand.timeZone;
  const main = (
    <>
      <h2>{t.incidents}</h2>
      <div class="two">
        <section class="card" aria-labelledby="open-title">
          <h3 id="open-title">{t.openIncidents}</h3>
          {p.open.length ? (
            <ul id="open-incidents">{p.open.map((i) => <li><a href={`/console/incidents/${encodeURIComponent(i.id)}`}>{i.name}</a> · {i.brand} · {t.incidentStates[i.status] ?? i.status} · {t.impacts[i.impact] ?? i.impact}</li>)}</ul>
          ) : <p class="muted">{t.none}</p>}
        </section>
        <section class="card" aria-labelledby="maint-title">
          <h3 id="maint-title">{w.scheduledMaintenance}</h3>
          <MaintenanceList v={p.viewer} t={t} w={w} items={p.maintenance} zoneOf={zoneOf} />
        </section>
      </div>
      {p.brands.length > 1 && (
        <form method="get" action="/console/incidents" class="inline">
          <label>{t.brand}<select name="brand">{p.brands.map((b) => <option value={b.id} selected={b.id === p.brand.id}>{b.name}</option>)}</select></label>
          <button type="submit">OK</button>
        </form>
      )}
      <section class="card" aria-labelledby="new-title">
        <h3 id="new-title">{t.newIncident}</h3>
        <form method="post" action="/console/incidents" class="incident-form">
          <input type="hidden" name="brand" value={p.brand.id} />
          <Fields v={p.viewer} t={t} brand={p.brand} form={forMaintenance ? undefined : p.form} first />
        </form>
      </section>
      {p.form?.preview && !forMaintenance && <Preview p={p.form.preview} t={t} w={w} />}
      <section class="card" aria-labelledby="plan-title">
        <h3 id="plan-title">{w.planMaintenance}</h3>
        <MaintenanceForm v={p.viewer} w={w} brand={p.brand} form={forMaintenance ? p.form : undefined} />
      </section>
      {p.form?.preview && forMaintenance && <Preview p={p.form.preview} t={t} w={w} />}
    </>
  );
  return consoleDocument(p.viewer, `${t.incidents} · ${t.title}`, main);
}

export interface IncidentView {
  viewer: Viewer;
  brand: BrandInfo & { channels: string[] };
  incident: Incident;
  updates: IncidentUpdate[];
  deliveries: DeliveriesRead;
  volume?: IncidentVolume;
  form?: IncidentForm;
  flash?: string;
}

export function incidentPage(p: IncidentView): string {
  const t = CONSOLE_TEXT[p.viewer.lang];
  const w = INCIDENT_WORDS[p.viewer.lang];
  const i = p.incident;
  const maintenance = i.kind === 'maintenance';
  const when = (iso: string) => dateTime(p.viewer.lang, p.brand.timeZone, iso);
  const main = (
    <>
      <p><a href="/console/incidents">← {t.incidents}</a></p>
      <h2>{i.name} <span class="pill" id="incident-status" data-status={i.status}>{t.incidentStates[i.status] ?? w.maintenanceStates[i.status] ?? i.status}</span>{maintenance && <> <span class="pill">{w.maintenance}</span></>}</h2>
      {maintenance && i.scheduledFor && <p id="window">{w.scheduledFor}: {when(i.scheduledFor)}{i.scheduledUntil && <> · {w.scheduledUntil}: {when(i.scheduledUntil)}</>}</p>}
      {p.flash && <p class="flash" role="status">{p.flash}</p>}
      <div class="two">
        <section class="card" aria-labelledby="updates-title">
          <h3 id="updates-title">{t.updates}</h3>
          <ol class="events">{p.updates.map((u) => <li><time datetime={u.at}>{when(u.at)}</time> · {t.incidentStates[u.status] ?? w.maintenanceStates[u.status] ?? u.status} · {u.message[p.viewer.lang]}</li>)}</ol>
        </section>
        {p.volume ? <IncidentChart v={p.volume} lang={p.viewer.lang} timeZone={p.brand.timeZone} /> : null}
      </div>
      <DeliveriesSection v={{ lang: p.viewer.lang, timeZone: p.brand.timeZone, csrf: p.viewer.csrf, incidentId: i.id, updates: p.updates, ...p.deliveries, channels: p.brand.channels }} />
      <section class="card" aria-labelledby="update-title">
        <h3 id="update-title">{t.postUpdate}</h3>
        <form method="post" action={`/console/incidents/${encodeURIComponent(i.id)}/updates`} class="incident-form">
          <Fields v={p.viewer} t={t} brand={p.brand} form={p.form ?? { values: { status: i.status, impact: i.impact } }} first={false} maintenance={maintenance} />
        </form>
      </section>
      {p.form?.preview && <Preview p={p.form.preview} t={t} w={w} />}
    </>
  );
  return consoleDocument(p.viewer, `${i.name} · ${t.incidents}`, main);
}
