/**
 * The one error type of wecare. Routes and handlers throw it; the HTTP layer maps
 * `code` to a status once (the apps' onError), so a bad input can never
 * surface as a 500.
 */
export type ErrorCode =
  | 'unauthorized' // 401: bad or missing signature / token
  | 'forbidden' // 403: verification token mismatch
  | 'bad_request' // 400: malformed body, wrong field, unknown event
  | 'not_found' // 404
  | 'conflict' // 409
  | 'payload_too_large' // 413: over 1 MiB
  | 'rate_limited' // 429
  | 'unavailable'; // 503: storage or bus down, the caller should retry

export const statusOf: Record<ErrorCode, 400 | 401 | 403 | 404 | 409 | 413 | 429 | 503> = {
  unauthorized: 401,
  forbidden: 403,
  bad_request: 400,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  unavailable: 503,
};

export class WecareError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'WecareError';
  }
}

export const badRequest = (message: string, details?: unknown) => new WecareError('bad_request', message, details);
export const unauthorized = (message: string) => new WecareError('unauthorized', message);

/** Turns a zod error into one readable line that names the field, e.g. `entry.0.changes.1.value.message: expected string`. */
export function describeIssues(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): string {
  return issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.map(String).join('.') : '(body)'}: ${i.message}`)
    .join('; ');
}
