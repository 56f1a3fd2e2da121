import type { PlatformEvent } from '../../mention.ts';
import { toIso } from '../generic/inbound.ts';

/** What a change handler needs from its envelope: where it sits (for error paths) and whom it was sent to. */
export interface ChangeContext {
  /** The platform wecare files it under: facebook, messenger, instagram or whatsapp. */
  platform: string;
  /** entry.id: the page, Instagram account or WhatsApp Business Account the change belongs to. */
  entryId: string;
  entryTime: number | string | null | undefined;
  now: Date;
  /** Path of the change value in the body, e.g. ['entry', 3, 'changes', 0, 'value']. */
  at: PropertyKey[];
}

export const ignored = (ctx: ChangeContext, reason: string): PlatformEvent => ({ type: 'ignored', platform: ctx.platform, reason });

/** The change's own time when it has one, else the entry's, else now. */
export const timeOf = (ctx: ChangeContext, own?: number | string | null): string => toIso(own ?? ctx.entryTime, ctx.now);
