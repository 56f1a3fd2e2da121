import { page, type RenderedMail } from './update-mail.tsx';
import { type MailLang, mailWords } from './words.ts';

/**
 * The double opt-in mail: one button-like link to the confirm page (a GET there only shows a form,
 * so a mail scanner following it confirms nothing); ignoring it is how to say no. Names are escaped by hono/jsx.
 */
export function renderOptInMail(input: { brandName: string; lang: MailLang; confirmUrl: string }): RenderedMail {
  const w = mailWords(input.lang);
  const subject = w.optInSubject(input.brandName);
  const text = [w.optInIntro(input.brandName), '', `${w.optInButton}: ${input.confirmUrl}`, '', w.optInIgnore, ''].join('\n');
  const html = page(
    input.lang,
    subject,
    <>
      <p style="margin:0 0 16px">{w.optInIntro(input.brandName)}</p>
      <p style="margin:0 0 16px">
        <a href={input.confirmUrl} style="display:inline-block;background:#0b57d0;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none">
          {w.optInButton}
        </a>
      </p>
      <p style="margin:0 0 12px;color:#555">{w.optInIgnore}</p>
    </>,
  );
  return { subject, text, html };
}
