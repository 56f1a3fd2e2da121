import { randomBytes } from 'node:crypto';
import { type Fetch, readCapped, refusal } from '../platforms/http.ts';
import type { Subscriber } from '../store/subscribers.ts';
import { verifyRequest } from './webhook.ts';

/** How long a new webhook subscriber has to echo its challenge. */
export const CHALLENGE_TIMEOUT_MS = 10_000;

/**
 * Proves a stranger's URL belongs to someone who wants our posts: we POST a signed
 * `{"type":"subscription.verify","challenge":"…"}` through the outbound filter, and the endpoint
 * must answer 2xx with the challenge as its body (plain, or JSON `{"challenge":"…"}`) in time.
 * Returns why not, or undefined when it did. The answer is read only to compare, never kept.
 */
export async function challengeWebhook(fetchFn: Fetch, s: Subscriber, now: Date, timeoutMs = CHALLENGE_TIMEOUT_MS): Promise<string | undefined> {
  const challenge = randomBytes(24).toString('base64url');
  const req = verifyRequest({ url: s.address, secret: s.secret!, subscriber: s.id, brand: s.brand, challenge, now });
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const res = await fetchFn(req.url, { method: 'POST', headers: req.headers, body: req.body, redirect: 'manual', signal });
    const text = await readCapped(res, 4096);
    if (signal.aborted) return `did not answer the challenge within ${timeoutMs / 1000} s`;
    if (!res.ok) return `the challenge was answered with HTTP ${res.status}, expected 2xx echoing it`;
    return echoed(text, challenge) ? undefined : 'the answer did not echo the challenge';
  } catch (e) {
    const refused = refusal(e);
    if (refused) return `refused: ${refused.message}`;
    if (signal.aborted) return `did not answer the challenge within ${timeoutMs / 1000} s`;
    return 'could not reach the endpoint';
  }
}

function echoed(text: string, challenge: string): boolean {
  const body = text.trim();
  if (body === challenge) return true;
  try {
    return (JSON.parse(body) as { challenge?: unknown })?.challenge === challenge;
  } catch {
    return false;
  }
}
