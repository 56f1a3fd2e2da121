import { createHash, timingSafeEqual } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { isIP } from 'node:net';
import { WecareError } from '../../shared/errors.ts';

/**
 * Where a request really comes from, for rate limits: never X-Forwarded-For (the client writes it).
 * - Lambda behind API Gateway: `requestContext.http.sourceIp` (hono's handle puts the event's
 *   requestContext in c.env);
 * - locally: the socket's address (@hono/node-server's bindings in c.env);
 * - behind CloudFront (CLOUDFRONT_ORIGIN_SECRET set): the `CloudFront-Viewer-Address` header that
 *   the origin request policy forwards, trusted only because `originVerify` let the request in.
 */
export function sourceAddress(c: Context): string {
  const env = (c.env ?? {}) as { requestContext?: { http?: { sourceIp?: string }; identity?: { sourceIp?: string } }; incoming?: unknown; server?: unknown };
  const lambda = env.requestContext?.http?.sourceIp ?? env.requestContext?.identity?.sourceIp;
  if (lambda) return lambda;
  if (env.incoming || env.server) return getConnInfo(c).remote.address ?? 'unknown';
  return 'unknown';
}

/** `CloudFront-Viewer-Address: ip:port`; an IPv6 address has colons of its own, the port follows the last. */
export function viewerAddress(c: Context): string {
  const header = c.req.header('cloudfront-viewer-address') ?? '';
  const ip = header.slice(0, header.lastIndexOf(':'));
  return isIP(ip) ? ip : sourceAddress(c);
}

export type ClientAddress = (c: Context) => string;

export const clientAddressFor = (originSecret?: string): ClientAddress => (originSecret ? viewerAddress : sourceAddress);

/**
 * With CloudFront in front, the status routes accept only requests carrying CloudFront's secret
 * origin header (`x-origin-verify`), so nobody can reach the origin directly with a forged
 * CloudFront-Viewer-Address. Both sides hashed first: a constant-time compare whatever the length.
 */
export function originVerify(secret: string): MiddlewareHandler {
  const expected = createHash('sha256').update(secret).digest();
  return async (c, next) => {
    const given = createHash('sha256').update(c.req.header('x-origin-verify') ?? '').digest();
    if (!timingSafeEqual(given, expected)) throw new WecareError('forbidden', 'x-origin-verify: requests must come through CloudFront');
    await next();
  };
}
