import type { PlatformEvent } from '../mention.ts';
import { boundText } from '../platforms/text.ts';

/** Mentions and edits with their text bounded and marked; every other event as it was. */
export function boundEvent(event: PlatformEvent): PlatformEvent {
  if (event.type === 'mention') {
    const { text, truncated } = boundText(event.draft.text);
    return truncated ? { ...event, draft: { ...event.draft, text, textTruncated: true } } : event;
  }
  if (event.type === 'edit') {
    const { text, truncated } = boundText(event.text);
    return truncated ? { ...event, text, truncated: true } : event;
  }
  return event;
}
