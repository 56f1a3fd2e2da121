import type { Server } from 'node:http';
import * as emulator from 'aws-ses-v2-local';
import { assertPortFree, freePort } from './ports.ts';

/** One e-mail as GET /dev/mail lists it (contract: DESIGN.md "E-mail and SMS"). */
export interface SentMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface LocalSes {
  /** SES_ENDPOINT: the SES v2 API the code sends to. */
  endpoint: string;
  /** The emulator's own mailbox page (a browser UI). */
  mailboxUrl: string;
  mails(): Promise<SentMail[]>;
  stop(): Promise<void>;
}

type StoredMail = { destination?: { to?: string[] }; subject?: string; body?: { text?: string; html?: string } };
type Start = (config?: { host?: string; port?: number }) => Promise<Server>;

/**
 * aws-ses-v2-local, a real SES v2 HTTP API (SendEmail with Raw content included) that keeps what it
 * was sent in memory and shows it on its own page. It keeps its mailbox per process, so one runs per
 * runtime or test run. It keeps neither headers nor bounces: the MIME and the suppression are unit-tested.
 */
export async function startSes(port?: number): Promise<LocalSes> {
  if (port) await assertPortFree(port, 'SES_PORT');
  const chosen = port ?? (await freePort());
  // A CommonJS module: its `default` arrives as the exports object under ESM, as the function under a bundler.
  const mod = emulator as unknown as { default: Start | { default: Start } };
  const start = typeof mod.default === 'function' ? mod.default : mod.default.default;
  const server = await start({ host: '127.0.0.1', port: chosen });
  const endpoint = `http://127.0.0.1:${chosen}`;
  return {
    endpoint,
    mailboxUrl: `${endpoint}/`,
    mails: async () => {
      const res = await fetch(`${endpoint}/store`);
      if (!res.ok) throw new Error(`SES emulator: GET /store answered ${res.status}`);
      const { emails } = (await res.json()) as { emails: StoredMail[] };
      return emails.map((m) => ({ to: m.destination?.to?.join(', ') ?? '', subject: m.subject ?? '', text: m.body?.text ?? '', html: m.body?.html ?? '' }));
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
