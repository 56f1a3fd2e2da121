import type { ConsoleWords } from './i18n.ts';
import type { UpdatePreview } from './incident-preview.ts';
import type { IncidentWords } from './incident-words.ts';

const LANG_NAMES: Record<string, string> = { nl: 'Nederlands', en: 'English' };

/**
 * The preview of an update before it is published: the status page, each configured channel's
 * body, and the e-mail (subject and text part) and SMS (with its length against one segment) a
 * subscriber gets in each language, all rendered by the code the broadcast sends with.
 */
export function Preview({ p, t, w }: { p: UpdatePreview; t: ConsoleWords; w: IncidentWords }) {
  return (
    <section class="card" id="preview" aria-labelledby="preview-title">
      <h3 id="preview-title">{t.preview}</h3>
      <h4>{t.statusPage}</h4>
      <ul>{p.statusPage.map((s) => <li lang={s.lang} data-lang={s.lang}><strong>{s.headline}</strong>: {s.message}</li>)}</ul>
      <div class="previews">
        {p.channels.map((c) => (
          <div class="channel-preview" data-channel={c.channel}>
            <h4>{c.channel} ({c.type}){!c.receives && ` · ${t.skipped}`}</h4>
            {c.body ? <pre tabindex={0}>{c.body}</pre> : <p class="muted">{c.note}</p>}
          </div>
        ))}
      </div>
      <div class="previews pair">
        {p.contacts.map((c) => (
          <div class="channel-preview" data-channel="email" data-lang={c.lang}>
            <h4>{w.email} ({LANG_NAMES[c.lang] ?? c.lang})</h4>
            <p class="subject"><span class="muted">{w.subject}:</span> <strong data-part="subject" lang={c.lang}>{c.mail.subject}</strong></p>
            <pre tabindex={0} data-part="text" lang={c.lang}>{c.mail.text}</pre>
          </div>
        ))}
      </div>
      <div class="previews pair">
        {p.contacts.map((c) => (
          <div class="channel-preview" data-channel="sms" data-lang={c.lang}>
            <h4>{w.sms} ({LANG_NAMES[c.lang] ?? c.lang})</h4>
            <pre tabindex={0} data-part="text" lang={c.lang}>{c.sms.text}</pre>
            <p class={c.sms.length > c.sms.limit ? 'error' : 'muted'} data-length={String(c.sms.length)}>
              {c.sms.length > c.sms.limit ? w.segments(c.sms.length, c.sms.limit, c.sms.gsm) : w.segment(c.sms.length, c.sms.limit, c.sms.gsm)}
            </p>
          </div>
        ))}
      </div>
      {p.contacts.length ? <p class="muted">{w.exampleLinks}</p> : null}
    </section>
  );
}
