import type { Context, Hono } from 'hono';
import { recordAudit } from '../../../shared/audit/record.ts';
import { canSeeBrand, hasRight } from '../../../shared/auth/principal.ts';
import type { Brand } from '../../../shared/config/brand.ts';
import { previewUpdate } from '../../../shared/console/incident-preview.ts';
import { incidentPage, incidentsPage, type IncidentForm } from '../../../shared/console/incidents-page.tsx';
import { CONSOLE_TEXT } from '../../../shared/console/i18n.ts';
import { INCIDENT_WORDS } from '../../../shared/console/incident-words.ts';
import { zonedInstant } from '../../../shared/console/maintenance-form.tsx';
import { describeIssues, WecareError } from '../../../shared/errors.ts';
import { type Incident, type IncidentUpdate, NewIncident, NewUpdate, updateKind } from '../../../shared/incidents/model.ts';
import { checkWindow, openIncident, postUpdate } from '../../../shared/incidents/timeline.ts';
import { incidentVolume, volumeWindow } from '../../../shared/metrics/incident-volume.ts';
import { MAX_ITEMS } from '../../../shared/metrics/query.ts';
import { mentionsBetween } from '../../../shared/store/brand-mentions.ts';
import { getIncident, listActiveIncidents, listUpdates } from '../../../shared/store/incidents.ts';
import { deliveryRoutes, readDeliveries } from './console-incident-deliveries.ts';
import type { ApiContext } from '../context.ts';
import type { ConsoleEnv } from './console.ts';

type Page = (c: Context<ConsoleEnv>, status: 200 | 400 | 404, body: string) => Promise<Response>;
type Form = Record<string, string>;

const brandInfo = (b: Brand) => ({ id: b.id, name: b.name, timeZone: b.timezone, components: b.components.map((x) => ({ id: x.id, name: x.name })) });
const componentsOf = (f: Form) => Object.fromEntries(Object.entries(f).filter(([k, v]) => k.startsWith('component.') && v).map(([k, v]) => [k.slice('component.'.length), v]));

/** What the API's schema says is wrong, or the input. */
function valid<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> } } }, raw: unknown): T {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new WecareError('bad_request', describeIssues(parsed.error.issues));
  return parsed.data;
}

/**
 * `/console/incidents`: open, preview, publish, update and resolve incidents with the verbs of
 * `/api/incidents` (incidents:write), the preview rendered by the broadcast's own channel code.
 */
export function incidentRoutes(app: Hono<ConsoleEnv>, ctx: ApiContext, page: Page) {
  const deps = { store: ctx.store, sns: ctx.sns, statusUpdatesTopic: ctx.topics.statusUpdates, brands: ctx.brands, now: ctx.now };
  const env = { platforms: ctx.reply.env, publicUrl: ctx.publicUrl };
  const allowed = (c: Context<ConsoleEnv>) => {
    const p = c.get('viewer').principal;
    if (!hasRight(p, 'incidents:write')) throw new WecareError('forbidden', 'forbidden: incidents need the right "incidents:write"');
    return ctx.brands.all.filter((b) => canSeeBrand(p, b.id));
  };
  const brandOf = (brands: Brand[], id: string | undefined) => {
    const b = id ? brands.find((x) => x.id === id) : brands[0];
    if (!b) throw new WecareError('not_found', `brand: no brand "${(id ?? '').slice(0, 40)}"`);
    return b;
  };
  const draft = (base: Pick<Incident, 'id' | 'brand' | 'name' | 'kind' | 'components'>, u: { status: IncidentUpdate['status']; impact: IncidentUpdate['impact']; message: IncidentUpdate['message']; components: IncidentUpdate['components'] }): IncidentUpdate => ({
    id: 'preview',
    incidentId: base.id,
    brand: base.brand,
    name: base.name,
    kind: updateKind(base, u.status),
    status: u.status,
    impact: u.impact,
    message: u.message,
    components: { ...base.components, ...u.components },
    previous: base.components,
    at: ctx.now().toISOString(),
  });

  const list = async (c: Context<ConsoleEnv>, status: 200 | 400, brand: Brand, form?: IncidentForm) => {
    const brands = allowed(c);
    const active = (await Promise.all(brands.map((b) => listActiveIncidents(ctx.store, b.id)))).flat();
    const open = active.filter((i) => i.kind === 'incident');
    const maintenance = active.filter((i) => i.kind === 'maintenance').sort((a, b) => (a.scheduledFor ?? '').localeCompare(b.scheduledFor ?? ''));
    return page(c, status, incidentsPage({ viewer: c.get('viewer'), brands: brands.map(brandInfo), brand: brandInfo(brand), open, maintenance, form }));
  };
  /** The maintenance form as `POST /api/incidents` takes it: the window read in the brand's zone, the switches as booleans. */
  const maintenanceInput = (f: Form, brand: Brand): NewIncident => {
    const input = valid(NewIncident, {
      brand: brand.id,
      name: f.name ?? '',
      kind: 'maintenance',
      status: 'scheduled',
      impact: 'maintenance',
      components: componentsOf(f),
      message: { nl: f.nl ?? '', en: f.en ?? '' },
      scheduledFor: zonedInstant(f.scheduledFor, brand.timezone),
      scheduledUntil: zonedInstant(f.scheduledUntil, brand.timezone),
      scheduledRemindPrior: f.remind === 'on',
      autoTransitionToMaintenanceState: f.autoStart === 'on',
      autoTransitionToOperationalState: f.autoComplete === 'on',
    });
    checkWindow(input);
    return input;
  };

  app.get('/console/incidents', async (c) => list(c, 200, brandOf(allowed(c), c.req.query('brand'))));

  app.post('/console/incidents', async (c) => {
    const f = c.get('form');
    const brand = brandOf(allowed(c), f.brand);
    try {
      const input = f.kind === 'maintenance' ? maintenanceInput(f, brand) : valid(NewIncident, { brand: brand.id, name: f.name ?? '', kind: 'incident', status: f.status, impact: f.impact, components: componentsOf(f), message: { nl: f.nl ?? '', en: f.en ?? '' } });
      if (f.action === 'preview') {
        const preview = previewUpdate(brand, draft({ id: 'preview', brand: brand.id, name: input.name, kind: input.kind, components: {} }, { ...input, components: input.components }), env, input);
        return list(c, 200, brand, { values: f, preview });
      }
      const incident = await openIncident(deps, input);
      await recordAudit(ctx.store, { brand: brand.id, actor: c.get('viewer').principal.actor, action: 'incident.create', target: { type: 'incident', id: incident.id }, at: incident.createdAt, id: incident.id, details: { kind: incident.kind, status: incident.status, impact: incident.impact } });
      return c.redirect(`/console/incidents/${encodeURIComponent(incident.id)}?done=published`, 303);
    } catch (e) {
      if (!(e instanceof WecareError) || e.code !== 'bad_request') throw e;
      return list(c, 400, brand, { values: f, error: e.message });
    }
  });

  const one = async (c: Context<ConsoleEnv>) => {
    const brands = allowed(c);
    const id = c.req.param('id') ?? '';
    const incident = await getIncident(ctx.store, id);
    const brand = incident && brands.find((b) => b.id === incident.brand);
    if (!incident || !brand) throw new WecareError('not_found', `incident ${id.slice(0, 80)} not found`);
    return { incident, brand };
  };
  /** The customer mentions around the first broadcast (an incident's, not a maintenance's). */
  const volumeOf = async (incident: Incident) => {
    if (incident.kind !== 'incident') return undefined;
    const w = volumeWindow(incident);
    const { items } = await mentionsBetween(ctx.store, incident.brand, w.from, w.to, MAX_ITEMS);
    return incidentVolume(incident, items, ctx.now());
  };
  const flashOf = (c: Context<ConsoleEnv>) => {
    const lang = c.get('viewer').lang;
    const done = c.req.query('done');
    if (done === 'published') return CONSOLE_TEXT[lang].published;
    return done?.startsWith('retry-') ? INCIDENT_WORDS[lang].retried[done.slice('retry-'.length)] : undefined;
  };
  const show = async (c: Context<ConsoleEnv>, status: 200 | 400, form?: IncidentForm) => {
    const { incident, brand } = await one(c);
    const updates = await listUpdates(ctx.store, incident.id);
    const [sent, volume] = await Promise.all([readDeliveries(ctx.store, incident, brand, updates, ctx.now()), volumeOf(incident)]);
    const info = { ...brandInfo(brand), channels: brand.channels.map((x) => x.id) };
    return page(c, status, incidentPage({ viewer: c.get('viewer'), brand: info, incident, updates, deliveries: sent, volume, form, flash: flashOf(c) }));
  };

  app.get('/console/incidents/:id', (c) => show(c, 200));

  app.post('/console/incidents/:id/updates', async (c) => {
    const f = c.get('form');
    const { incident, brand } = await one(c);
    try {
      const components = componentsOf(f);
      const input = valid(NewUpdate, { status: f.status, impact: f.impact, message: { nl: f.nl ?? '', en: f.en ?? '' }, ...(Object.keys(components).length ? { components } : {}) });
      if (f.action === 'preview') {
        const preview = previewUpdate(brand, draft(incident, { status: input.status, impact: input.impact ?? incident.impact, message: input.message, components: input.components ?? {} }), env, incident);
        return show(c, 200, { values: f, preview });
      }
      const update = await postUpdate(deps, incident.id, input);
      await recordAudit(ctx.store, { brand: brand.id, actor: c.get('viewer').principal.actor, action: 'incident.update', target: { type: 'incident', id: incident.id }, at: update.at, id: update.id, details: { update: update.id, status: update.status, impact: update.impact } });
      return c.redirect(`/console/incidents/${encodeURIComponent(incident.id)}?done=published`, 303);
    } catch (e) {
      if (!(e instanceof WecareError) || e.code !== 'bad_request') throw e;
      return show(c, 400, { values: f, error: e.message });
    }
  });

  deliveryRoutes(app, ctx, one);
}
