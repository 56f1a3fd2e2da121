import { parsePhoneNumberFromString } from 'libphonenumber-js/min';
import type { Brand } from '../config/brand.ts';
import { WecareError } from '../errors.ts';
import type { Store } from '../store/client.ts';
import { limitRate } from '../store/rate-limit.ts';

/**
 * Every SMS costs money and strangers choose the number (SMS pumping: premium numbers subscribed
 * in bulk): an opt-in text goes only to the brand's countries, and at most `sms.maxPerDay` a day.
 */
export function checkSmsCountry(brand: Brand, phone: string): void {
  const number = parsePhoneNumberFromString(phone);
  if (!number?.isValid()) throw new WecareError('bad_request', 'phone: not a valid phone number');
  const allowed = brand.sms.countries.map((c) => c.toUpperCase());
  if (!number.country || !allowed.includes(number.country)) {
    throw new WecareError('bad_request', `phone: numbers from ${number.country ?? 'this country'} are not accepted for ${brand.id} (accepted: ${allowed.join(', ') || 'none'})`);
  }
}

/** Takes one text from the brand's daily budget, or refuses with 429. */
export async function takeSmsBudget(store: Store, brand: Brand, now: Date): Promise<void> {
  try {
    await limitRate(store, 'sms-brand', brand.id, brand.sms.maxPerDay, 86_400, now);
  } catch (e) {
    if (e instanceof WecareError && e.code === 'rate_limited') {
      throw new WecareError('rate_limited', `phone: ${brand.id} has sent its ${brand.sms.maxPerDay} texts for today (sms.maxPerDay), try again tomorrow`);
    }
    throw e;
  }
}

/**
 * Whether a subscriber wants this update: one of its components (all without a choice) and one of
 * its impacts (all without a choice; phones get DEFAULT_PHONE_IMPACTS when they subscribe).
 */
export function wantsUpdate(s: { components?: string[]; impacts?: string[] }, update: { impact: string; components: Record<string, unknown> }): boolean {
  if (s.impacts?.length && !s.impacts.includes(update.impact)) return false;
  return !s.components?.length || s.components.some((c) => c in update.components);
}
