import type { Brand } from '../config/brand.ts';
import { addBusinessMinutes } from '../config/calendar.ts';
import { slaMinutes } from '../cases/sla.ts';

/** A mention's first-response due time: the brand's target for its channel, counted in business time. */
export function slaDueAt(brand: Brand, platform: string, from: Date): Date {
  return addBusinessMinutes(brand, from, slaMinutes(brand, platform));
}
