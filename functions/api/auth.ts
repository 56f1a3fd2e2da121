import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { WecareError } from '../../shared/errors.ts';

/**
 * Bearer check for the admin API. Both sides are hashed first so the compare is constant-time
 * whatever the lengths; the token itself is never logged.
 */
export function bearerAuth(adminToken: string): MiddlewareHandler {
  const expected = createHash('sha256').update(adminToken).digest();
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header);
    if (!match) throw new WecareError('unauthorized', 'authorization: expected "Bearer <ADMIN_TOKEN>"');
    const given = createHash('sha256').update(match[1]!.trim()).digest();
    if (!timingSafeEqual(given, expected)) throw new WecareError('unauthorized', 'authorization: token not accepted');
    await next();
  };
}
