import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import type { Expected, Payload } from './traffic.ts';

/** What the platforms' senders know: the secrets wecare's local runtime generated. */
export interface Signer {
  X_CONSUMER_SECRET: string;
  META_APP_SECRET: string;
  WEBHOOK_SECRET: string;
  GOOGLE_PUSH_TOKEN: string;
  TRUSTPILOT_WEBHOOK_TOKEN: string;
}

export type Intent = 'valid' | 'malformed' | 'unsigned';

/** One webhook delivery as the platform saw it, through all its redeliveries. */
export interface Delivery {
  kind: 'mention' | 'duplicate' | 'change' | 'malformed' | 'unsigned';
  expect: Expected;
  statuses: number[];
  /** The last answer: 2xx accepted, 4xx refused, 0/5xx given up. */
  final: number;
  /** From the 200 body: what ingest did with it. */
  outcome?: { stored?: number; duplicates?: number; parked?: number; changes?: number };
}

export interface DriverOptions {
  url: string;
  secrets: Signer;
  /** Redeliveries of a 503 (or a refused connection) before the driver gives up. */
  maxAttempts?: number;
}

/**
 * Sends webhooks like the platforms do: signed over the raw bytes, and a 5xx or a dropped
 * connection is redelivered with exponential backoff (bounded), the same bytes every time.
 * Every HTTP attempt's latency is kept for p50/p99.
 */
export class Driver {
  readonly deliveries: Delivery[] = [];
  readonly latencies: number[] = [];
  sent = 0;
  private inFlight = new Set<Promise<void>>();

  constructor(private readonly opts: DriverOptions) {}

  /** Fire and track: the caller's schedule is not held up by slow answers. */
  deliver(p: Payload, kind: Delivery['kind'], expect: Expected): void {
    const d: Delivery = { kind, expect, statuses: [], final: 0 };
    this.deliveries.push(d);
    const run = this.run(p, d).finally(() => this.inFlight.delete(run));
    this.inFlight.add(run);
  }

  async drain(): Promise<void> {
    while (this.inFlight.size) await Promise.all([...this.inFlight]);
  }

  private async run(p: Payload, d: Delivery): Promise<void> {
    const max = this.opts.maxAttempts ?? 12;
    for (let attempt = 1; ; attempt++) {
      const status = await this.once(p, d);
      d.statuses.push(status);
      d.final = status;
      if (status !== 0 && status < 500) return;
      if (attempt >= max) return;
      // Platforms back off on 5xx; jitter keeps a burst from coming back in lockstep.
      const wait = Math.min(8_000, 250 * 2 ** (attempt - 1));
      await new Promise((r) => setTimeout(r, wait / 2 + Math.random() * (wait / 2)));
    }
  }

  private async once(p: Payload, d: Delivery): Promise<number> {
    const { path, headers } = this.sign(p, d.kind === 'unsigned');
    this.sent++;
    const t0 = performance.now();
    try {
      const res = await fetch(`${this.opts.url}${path}`, { method: 'POST', body: p.body, headers: { 'content-type': 'application/json', ...headers } });
      const text = await res.text();
      this.latencies.push(performance.now() - t0);
      if (res.ok) d.outcome = safeJson(text);
      return res.status;
    } catch {
      this.latencies.push(performance.now() - t0);
      return 0;
    }
  }

  private sign(p: Payload, wrong: boolean): { path: string; headers: Record<string, string> } {
    const s = this.opts.secrets;
    const key = (secret: string) => (wrong ? `${secret}-wrong` : secret);
    const q = p.query ? `&${p.query}` : '';
    const hmac = (secret: string, enc: 'hex' | 'base64') => createHmac('sha256', key(secret)).update(p.body, 'utf8').digest(enc);
    switch (p.route) {
      case 'x':
        return { path: '/webhooks/x', headers: { 'x-twitter-webhooks-signature': `sha256=${hmac(s.X_CONSUMER_SECRET, 'base64')}` } };
      case 'meta':
        return { path: '/webhooks/meta', headers: { 'x-hub-signature-256': `sha256=${hmac(s.META_APP_SECRET, 'hex')}` } };
      case 'google':
        return { path: `/webhooks/google?token=${encodeURIComponent(key(s.GOOGLE_PUSH_TOKEN))}${q}`, headers: {} };
      case 'trustpilot':
        return { path: `/webhooks/trustpilot?token=${encodeURIComponent(key(s.TRUSTPILOT_WEBHOOK_TOKEN))}${q}`, headers: {} };
      case 'generic': {
        // A redelivery keeps its webhook-id and gets a fresh timestamp and signature.
        const id = `msg_${createHmac('sha256', 'id').update(p.body).digest('hex').slice(0, 24)}`;
        const now = new Date();
        const secret = wrong ? 'whsec_d3Jvbmctc2VjcmV0LXdyb25nLXNlY3JldA==' : s.WEBHOOK_SECRET;
        return { path: '/webhooks/generic', headers: { 'webhook-id': id, 'webhook-timestamp': String(Math.floor(now.getTime() / 1000)), 'webhook-signature': new Webhook(secret).sign(id, now, p.body) } };
      }
    }
  }
}

function safeJson(text: string): Delivery['outcome'] {
  try {
    return JSON.parse(text) as Delivery['outcome'];
  } catch {
    return undefined;
  }
}
