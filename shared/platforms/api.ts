import { WecareError } from '../errors.ts';
import { neverSent } from '../net.ts';
import type { ReplyDeps } from './types.ts';

/** The JSON calls replies and text fetches make to a platform's API, and how their failures read. */

/**
 * `uncertain`: the request may have reached the platform (a timeout or a connection dropped after
 * sending), so a post may exist: the outbox checks or gives up per platform instead of resending.
 */
export type PlatformFailure = 'rate_limited' | 'retryable' | 'uncertain' | 'permanent';

/** A platform said no. `failure` decides retry; `retryAfterMs` comes from 429's Retry-After. */
export class PlatformError extends WecareError {
  constructor(
    readonly failure: PlatformFailure,
    message: string,
    readonly status?: number,
    readonly retryAfterMs?: number,
    readonly body?: unknown,
  ) {
    super(failure === 'permanent' ? 'bad_request' : failure === 'rate_limited' ? 'rate_limited' : 'unavailable', message);
    this.name = 'PlatformError';
  }
}

export const isRetryable = (e: unknown) => !(e instanceof PlatformError) || e.failure !== 'permanent';

export function requireToken(token: string | undefined, envName: string, platform: string): string {
  if (!token) throw new PlatformError('permanent', `${envName} is not set: cannot reply on ${platform}`);
  return token;
}

/** Retry-After is seconds or an HTTP date; both become milliseconds from now. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * One JSON call to a platform. 2xx → parsed body; 429 → rate_limited with Retry-After;
 * 5xx and network errors → retryable; other 4xx → permanent (the request itself is wrong).
 */
export async function callJson(
  deps: ReplyDeps,
  req: { method: 'POST' | 'PUT' | 'GET'; url: string; token: string; body?: unknown; platform: string },
): Promise<unknown> {
  let res: Response;
  try {
    res = await deps.fetch(req.url, {
      method: req.method,
      headers: { authorization: `Bearer ${req.token}`, 'content-type': 'application/json', accept: 'application/json' },
      body: req.body === undefined ? undefined : JSON.stringify(req.body),
      signal: AbortSignal.timeout(deps.timeoutMs ?? 10_000),
    });
  } catch (e) {
    const failure = req.method === 'GET' || neverSent(e) ? 'retryable' : 'uncertain';
    throw new PlatformError(failure, `${req.platform}: ${(e as Error).name} calling ${new URL(req.url).pathname}`);
  }
  const text = await res.text();
  if (res.ok) return text ? safeJson(text) : {};
  const what = `${req.platform} answered ${res.status}: ${text.slice(0, 200)}`;
  const body = safeJson(text);
  if (res.status === 429) throw new PlatformError('rate_limited', what, 429, retryAfterMs(res.headers.get('retry-after')), body);
  if (res.status >= 500 || res.status === 408) throw new PlatformError('retryable', what, res.status, undefined, body);
  throw new PlatformError('permanent', what, res.status, undefined, body);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}

/** Reads a string at a path of a platform's answer; the answer shapes are the platforms', not ours. */
export function pick(body: unknown, ...path: Array<string | number>): string | undefined {
  let at: unknown = body;
  for (const key of path) at = at && typeof at === 'object' ? (at as Record<string | number, unknown>)[key] : undefined;
  return typeof at === 'string' ? at : undefined;
}

export const joinUrl = (base: string, path: string) => `${base.replace(/\/+$/, '')}${path}`;

/** The base URL and token of one platform API, as the adapter's env declaration named them. */
export function apiOf(deps: ReplyDeps, api: string, tokenEnv: string, platform: string): { url: string; token: string } {
  const url = deps.env.urls[api];
  if (!url) throw new PlatformError('permanent', `no base URL for the ${api} API: cannot call ${platform}`);
  return { url, token: requireToken(deps.env.tokens[api], tokenEnv, platform) };
}
