import { neverSent } from '../net.ts';

/**
 * The outbound HTTP every platform call, status post and subscriber webhook shares. It lives with
 * the platforms so flows, enrich and broadcast all depend on it, never the other way round.
 */

/** Why a target was refused by the outbound filter (broadcast/public-target.ts); never retried. */
export class TargetRefused extends Error {
  readonly code = 'ETARGETREFUSED';
  constructor(message: string) {
    super(message);
    this.name = 'TargetRefused';
  }
}

/** A refused target surfaces as fetch's TypeError with the refusal as its cause. */
export const refusal = (e: unknown): TargetRefused | undefined => {
  const err = e as { cause?: unknown };
  if (e instanceof TargetRefused) return e;
  if (err?.cause instanceof TargetRefused) return err.cause;
  const code = (err?.cause as { code?: string } | undefined)?.code;
  return code === 'ETARGETREFUSED' ? new TargetRefused((err.cause as Error).message) : undefined;
};

/** What a channel call did, in the terms the delivery record needs. */
export type Outcome =
  | { kind: 'sent'; status: number; remoteId?: string }
  /** Worth another attempt: 429, 408, 5xx, nothing listening. `retryAfterSeconds` from the platform when it said. */
  | { kind: 'retry'; status?: number; retryAfterSeconds?: number; error: string }
  /** The platform refused this payload (4xx), or the target is not allowed: retrying will not help. */
  | { kind: 'reject'; status?: number; error: string }
  /** Timed out or cut off after sending: the post may be up. */
  | { kind: 'uncertain'; error: string };

export interface OutboundRequest {
  url: string;
  method?: 'POST';
  headers: Record<string, string>;
  body: string;
}

export type Fetch = typeof fetch;

/**
 * One attempt, bounded in time so one slow channel cannot hold the batch past its visibility.
 * Redirects are never followed (a POST has nowhere else to go), and the answer's body is read only
 * up to 16 KiB for a remote id or retry hint: it never goes into the outcome, which is stored and
 * shown in the deliveries API (a target could otherwise make wecare fetch and show anything).
 */
export async function send(fetchFn: Fetch, req: OutboundRequest, timeoutMs = 10_000): Promise<Outcome> {
  let res: Response;
  try {
    res = await fetchFn(req.url, { method: 'POST', headers: req.headers, body: req.body, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
  } catch (e) {
    const refused = refusal(e);
    if (refused) return { kind: 'reject', error: `refused: ${refused.message}` };
    const error = `network: ${(e as Error).message}`;
    return neverSent(e) ? { kind: 'retry', error } : { kind: 'uncertain', error };
  }
  const text = await readCapped(res, 16_384);
  if (res.ok) return { kind: 'sent', status: res.status, remoteId: remoteId(text) };
  const error = res.status >= 300 && res.status < 400 ? `HTTP ${res.status} (redirects are not followed)` : `HTTP ${res.status}`;
  if (res.status === 429 || res.status === 408 || res.status >= 500) {
    return { kind: 'retry', status: res.status, retryAfterSeconds: retryAfter(res.headers, text), error };
  }
  return { kind: 'reject', status: res.status, error };
}

/** At most `max` bytes of the body as text; the rest is not read (a hostile target may stream forever). */
export async function readCapped(res: Response, max: number): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < max) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    return '';
  } finally {
    reader.cancel().catch(() => {});
  }
  return Buffer.concat(chunks).subarray(0, max).toString('utf8');
}

/** Retry-After as seconds or an HTTP date; Discord also puts `retry_after` (seconds) in the body. */
export function retryAfter(headers: Headers, body = '', now = Date.now()): number | undefined {
  const header = headers.get('retry-after');
  if (header) {
    const seconds = Number(header);
    if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
    const date = Date.parse(header);
    if (!Number.isNaN(date)) return Math.max(0, Math.ceil((date - now) / 1000));
  }
  const reset = headers.get('x-rate-limit-reset'); // X: epoch seconds when the window reopens
  if (reset && Number.isFinite(Number(reset))) return Math.max(0, Math.ceil(Number(reset) - now / 1000));
  try {
    const json = JSON.parse(body) as { retry_after?: unknown };
    if (typeof json.retry_after === 'number') return Math.ceil(json.retry_after);
  } catch {
    /* not JSON */
  }
  return undefined;
}

function remoteId(text: string): string | undefined {
  try {
    const json = JSON.parse(text) as { id?: unknown; data?: { id?: unknown } };
    const id = json.data?.id ?? json.id;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

export const json = (body: unknown, headers: Record<string, string> = {}) => ({
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});
