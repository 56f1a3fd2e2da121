import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { statusOf, WecareError } from '../../shared/errors.ts';
import { createLogger } from '../../shared/log.ts';

const logger = createLogger('wecare-http');

/**
 * The one place errors become HTTP answers: `{"error":{"code","message"}}`. A WecareError keeps its
 * status; hono's own exceptions (e.g. the body limit) keep theirs; anything else is our bug → 500,
 * logged, without leaking internals.
 */
export function onError(err: Error, c: Context) {
  // A 413 is answered before the body is read: the unread rest would be taken for the next request
  // on a keep-alive connection, so this answer closes it and the sender's next delivery starts clean.
  if (statusOfError(err) === 413) c.header('Connection', 'close');
  if (err instanceof WecareError) {
    return c.json({ error: { code: err.code, message: err.message } }, statusOf[err.code]);
  }
  if (err instanceof HTTPException) {
    const status = err.status;
    const code = status === 413 ? 'payload_too_large' : status === 401 ? 'unauthorized' : 'bad_request';
    const message = status === 413 ? 'body: larger than 1 MiB' : err.message || 'bad request';
    return c.json({ error: { code, message } }, status);
  }
  logger.error('unhandled', { error: err, path: c.req.path });
  return c.json({ error: { code: 'internal', message: 'internal error' } }, 500);
}

const statusOfError = (err: Error) =>
  err instanceof WecareError ? statusOf[err.code] : err instanceof HTTPException ? err.status : 500;

export const notFound = (c: Context) =>
  c.json({ error: { code: 'not_found', message: `no route for ${c.req.method} ${c.req.path}` } }, 404);

/** 1 MiB: Meta's largest batches stay well under it; anything bigger is not a platform webhook. */
export const MAX_BODY_BYTES = 1024 * 1024;

export const tooLarge = (): never => {
  throw new WecareError('payload_too_large', 'body: larger than 1 MiB');
};
