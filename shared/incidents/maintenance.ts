import type { Brand } from '../config/brand.ts';
import { WecareError } from '../errors.ts';
import type { Message } from '../incident.ts';
import { getIncident, listActiveIncidents } from '../store/incidents.ts';
import type { Incident, NewUpdate } from './model.ts';
import { applyUpdate, type TimelineDeps } from './timeline.ts';

/** What the sweep does to a maintenance now, if anything. */
export type MaintenanceStep = 'remind' | 'start' | 'complete';

/**
 * Statuspage's auto_transition semantics for a scheduled maintenance, decided on its current state:
 * - `complete` at `scheduledUntil` (in progress or verifying, or still scheduled when the start was
 *   missed: then it goes straight to completed rather than announce a start that is already over),
 *   with every component back to operational (autoTransitionToOperationalState);
 * - `start` at `scheduledFor`: in_progress, its components under maintenance (autoTransitionToMaintenanceState);
 * - `remind` from `maintenance.remindMinutesBefore` before the start (scheduledRemindPrior), once, and
 *   only for a maintenance announced before that moment: one announced later needs no reminder.
 * A switch left out counts as on (maintenances from before these fields existed too).
 */
export function dueStep(brand: Pick<Brand, 'maintenance'>, m: Incident, now: Date): MaintenanceStep | undefined {
  if (m.kind !== 'maintenance' || !m.scheduledFor) return undefined;
  const t = now.getTime();
  const start = Date.parse(m.scheduledFor);
  const until = m.scheduledUntil ? Date.parse(m.scheduledUntil) : Infinity;
  const open = m.status === 'scheduled' || m.status === 'in_progress' || m.status === 'verifying';
  if (open && t >= until && m.autoTransitionToOperationalState !== false) return 'complete';
  if (m.status !== 'scheduled') return undefined;
  if (t >= start) return m.autoTransitionToMaintenanceState !== false && t < until ? 'start' : undefined;
  const remindFrom = start - brand.maintenance.remindMinutesBefore * 60_000;
  const worthIt = brand.maintenance.remindMinutesBefore > 0 && Date.parse(m.createdAt) < remindFrom;
  return worthIt && !m.remindedAt && m.scheduledRemindPrior !== false && t >= remindFrom ? 'remind' : undefined;
}

export interface MaintenanceReport {
  remind: number;
  start: number;
  complete: number;
  /** Steps another sweep made first (the conditional write lost): nothing was sent twice. */
  lost: number;
}

/**
 * The minute sweep's maintenance part: every brand's active incidents (a sparse index, a few
 * items), each due step written as an update conditioned on the version just read, then published.
 * Two sweeps at once read the same version; one write wins and broadcasts, the other gets the
 * conflict and sends nothing. The GSI read may lag, so the step is decided again on a consistent read.
 */
export async function sweepMaintenances(deps: TimelineDeps): Promise<MaintenanceReport> {
  const report: MaintenanceReport = { remind: 0, start: 0, complete: 0, lost: 0 };
  const now = deps.now();
  for (const brand of deps.brands.all) {
    for (const listed of await listActiveIncidents(deps.store, brand.id)) {
      if (!dueStep(brand, listed, now)) continue;
      const current = await getIncident(deps.store, listed.id);
      const step = current && dueStep(brand, current, now);
      if (!current || !step) continue;
      try {
        await applyUpdate(deps, current, stepUpdate(brand, current, step), step === 'remind' ? { set: { remindedAt: now.toISOString() } } : {});
        report[step]++;
      } catch (e) {
        if (!(e instanceof WecareError && e.code === 'conflict')) throw e;
        report.lost++;
      }
    }
  }
  return report;
}

function stepUpdate(brand: Brand, m: Incident, step: MaintenanceStep): NewUpdate {
  const ids = Object.keys(m.components);
  const all = (state: 'under_maintenance' | 'operational') => Object.fromEntries(ids.map((id) => [id, state]));
  if (step === 'start') return { status: 'in_progress', message: STARTED, components: all('under_maintenance') };
  if (step === 'complete') return { status: 'completed', message: COMPLETED, components: all('operational') };
  return { status: 'scheduled', message: reminder(brand, m.scheduledFor!) };
}

const STARTED: Message = { nl: 'Het geplande onderhoud is begonnen.', en: 'The scheduled maintenance has started.' };
const COMPLETED: Message = { nl: 'Het onderhoud is afgerond; alles werkt weer normaal.', en: 'The maintenance is complete; everything is operational again.' };

function reminder(brand: Brand, at: string): Message {
  const time = (locale: string) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: brand.timezone }).format(new Date(at));
  return {
    nl: `Herinnering: het geplande onderhoud begint ${time('nl-NL')}.`,
    en: `Reminder: the scheduled maintenance starts ${time('en-GB')}.`,
  };
}
