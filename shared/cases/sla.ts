import type { Brand } from '../config/brand.ts';
import { addBusinessMinutes, businessMinutesBetween } from '../config/calendar.ts';
import type { Case, CaseSla } from '../case.ts';

/**
 * The case's SLA clocks, in the brand's business hours and holidays (shared/config/calendar.ts):
 * first response from the first customer message, next response from each customer message the
 * brand has not answered yet, resolution from the first message. Urgent cases get less time.
 */
/** The brand's first-response target for a channel, in business minutes (config `sla`). */
export function slaMinutes(brand: Brand, platform: string): number {
  return brand.sla[platform] ?? brand.sla.default ?? 60;
}

const pick = (targets: Record<string, number>, platform: string, fallback: number) => targets[platform] ?? targets.default ?? fallback;

export function targetsOf(brand: Brand, platform: string, priority: number) {
  const factor = priority >= brand.cases.urgentPriority ? brand.cases.urgentFactor : 1;
  return {
    firstResponse: slaMinutes(brand, platform) * factor,
    nextResponse: pick(brand.cases.nextResponseMinutes, platform, 60) * factor,
    resolution: pick(brand.cases.resolutionMinutes, platform, 2880) * factor,
  };
}

/** The clocks of a case opened by a customer message at `at`. */
export function openingSla(brand: Brand, platform: string, priority: number, at: Date): CaseSla {
  const t = targetsOf(brand, platform, priority);
  return {
    firstResponseDueAt: addBusinessMinutes(brand, at, t.firstResponse).toISOString(),
    resolutionDueAt: addBusinessMinutes(brand, at, t.resolution).toISOString(),
    breached: false,
  };
}

/** A customer wrote again after the brand answered: the next response is due. */
export function nextResponseDue(brand: Brand, platform: string, priority: number, at: Date): string {
  return addBusinessMinutes(brand, at, targetsOf(brand, platform, priority).nextResponse).toISOString();
}

/**
 * The clocks start again after a pause (pending, or an incident the case is tagged with): every
 * deadline still ahead moves by the business time the pause lasted.
 */
export function resumeSla(brand: Brand, c: Pick<Case, 'sla' | 'pausedAt'>, now: Date): CaseSla {
  if (!c.pausedAt) return c.sla;
  const paused = businessMinutesBetween(brand, new Date(c.pausedAt), now);
  const move = (due?: string) => (due && due > c.pausedAt! ? addBusinessMinutes(brand, new Date(due), paused).toISOString() : due);
  return { ...c.sla, firstResponseDueAt: move(c.sla.firstResponseDueAt), nextResponseDueAt: move(c.sla.nextResponseDueAt), resolutionDueAt: move(c.sla.resolutionDueAt) };
}
