import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { type Fetch, TargetRefused } from '../platforms/http.ts';

export { refusal, TargetRefused } from '../platforms/http.ts';

/**
 * The outbound filter for URLs a stranger supplied (public webhook subscribers): https only, and
 * only public unicast addresses, checked at connect time on the address the socket then uses
 * (so DNS rebinding cannot swap it between check and connect). Redirects are never followed.
 * Configured channel targets and platform base URLs are trusted config and do not come here.
 */
export interface GuardOptions {
  /** Tests only (env WECARE_ALLOW_PRIVATE_WEBHOOKS=true): also allow http and private/loopback targets. */
  allowPrivate?: boolean;
  /** The resolver (node's dns.lookup); a test may put a fake one here. */
  lookup?: typeof dnsLookup;
  connectTimeoutMs?: number;
}

/**
 * ipaddr.js names every special range (loopback, private, linkLocal incl. 169.254.169.254,
 * carrierGradeNat, uniqueLocal, multicast, unspecified, broadcast, reserved, 6to4, teredo,
 * rfc6052 NAT64…); only `unicast` is an ordinary public address. IPv4-mapped IPv6 is judged as IPv4.
 */
export function addressRange(address: string): string {
  if (!ipaddr.isValid(address)) return 'invalid';
  return ipaddr.process(address).range();
}

export const isPublicAddress = (address: string) => addressRange(address) === 'unicast';

function check(address: string, allowPrivate: boolean): TargetRefused | undefined {
  if (allowPrivate) return undefined;
  const range = addressRange(address);
  return range === 'unicast' ? undefined : new TargetRefused(`address not allowed (${range})`);
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A `lookup` for net/tls.connect that resolves every address and refuses the host if any is not public. */
function filteredLookup(allowPrivate: boolean, resolve: typeof dnsLookup) {
  return (hostname: string, options: { all?: boolean; family?: number } | number, callback: LookupCallback) => {
    const opts = typeof options === 'object' ? options : { family: options };
    resolve(hostname, { family: opts.family, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      const list = addresses as LookupAddress[];
      const refused = list.map((a) => check(a.address, allowPrivate)).find(Boolean);
      if (refused || list.length === 0) return callback(Object.assign(refused ?? new TargetRefused('no address'), { code: 'ETARGETREFUSED' }), []);
      if (opts.all) return callback(null, list);
      callback(null, list[0]!.address, list[0]!.family);
    });
  };
}

/** The most of an answer that is ever read: callers look at 16 KiB at most. */
const BODY_CAP = 16_384;
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/** Fails the way fetch does: a TypeError whose cause is the underlying error (refusals included). */
const fetchFailed = (cause: unknown) => new TypeError('fetch failed', { cause });

/**
 * A fetch for stranger-supplied URLs on node:http(s) (no pool: one connection per request).
 * The body of the answer is read up to 16 KiB, the rest is dropped with the connection.
 */
export function guardedFetch(opts: GuardOptions = {}): Fetch {
  const allowPrivate = opts.allowPrivate === true;
  const lookup = filteredLookup(allowPrivate, opts.lookup ?? dnsLookup);
  const connectTimeoutMs = opts.connectTimeoutMs ?? 10_000;
  return (async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const https = url.protocol === 'https:';
    if (!https && !(allowPrivate && url.protocol === 'http:')) throw new TargetRefused('https only');
    // An IP literal (127.1, 0x7f000001, [::1] all arrive here normalized by the URL parser) skips lookup.
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const refused = isIP(host) ? check(host, allowPrivate) : undefined;
    if (refused) throw fetchFailed(refused);
    const signal = init.signal ?? (input instanceof Request ? input.signal : undefined);
    if (signal?.aborted) throw signal.reason;
    const method = (init.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    const headers = new Headers(init.headers ?? (input instanceof Request ? input.headers : undefined));
    let body: Buffer | undefined;
    const rawBody = init.body ?? (input instanceof Request && input.body ? await input.arrayBuffer() : undefined);
    if (rawBody !== undefined && rawBody !== null) {
      const wrapped = new Response(rawBody as ConstructorParameters<typeof Response>[0]);
      body = Buffer.from(await wrapped.arrayBuffer());
      const type = wrapped.headers.get('content-type');
      if (type && !headers.has('content-type')) headers.set('content-type', type);
    }
    if (body) headers.set('content-length', String(body.byteLength));
    else if (method === 'POST' || method === 'PUT') headers.set('content-length', '0');

    return new Promise<Response>((resolve, reject) => {
      let settled = false;
      const finish = (fn: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        fn();
      };
      const req = (https ? httpsRequest : httpRequest)({
        protocol: url.protocol,
        hostname: host,
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        method,
        headers: Object.fromEntries(headers),
        agent: false,
        lookup: lookup as never,
        servername: https && !isIP(host) ? host : undefined,
      });
      const fail = (e: unknown) => {
        req.destroy();
        finish(() => reject(e));
      };
      const onAbort = () => fail(signal!.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      const timer = setTimeout(
        () => fail(fetchFailed(Object.assign(new Error(`connect timeout after ${connectTimeoutMs} ms`), { code: 'UND_ERR_CONNECT_TIMEOUT' }))),
        connectTimeoutMs,
      );
      req.once('socket', (socket) => socket.once(https ? 'secureConnect' : 'connect', () => clearTimeout(timer)));
      req.on('error', (e) => fail(fetchFailed(e)));
      req.on('response', (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const done = () => {
          if (settled) return;
          const responseHeaders = new Headers();
          for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
            try {
              responseHeaders.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
            } catch {
              // a header fetch would reject; drop it
            }
          }
          const status = res.statusCode ?? 0;
          if (status < 200 || status > 599) return fail(fetchFailed(new Error(`unexpected status ${status}`)));
          const payload = NULL_BODY.has(status) || method === 'HEAD' ? null : Buffer.concat(chunks).subarray(0, BODY_CAP);
          finish(() => resolve(new Response(payload, { status, statusText: res.statusMessage ?? '', headers: responseHeaders })));
          // Whatever is left of the answer is never read.
          res.destroy();
          req.destroy();
        };
        res.on('data', (chunk: Buffer) => {
          if (settled) return;
          chunks.push(chunk);
          size += chunk.byteLength;
          if (size >= BODY_CAP) done();
        });
        res.once('end', done);
        res.once('error', (e) => fail(fetchFailed(e)));
        res.once('aborted', () => fail(fetchFailed(new Error('the connection was cut off'))));
      });
      req.end(body);
    });
  }) as unknown as Fetch;
}

/** At subscribe time: a URL that can never pass the filter is refused before anything is stored. */
export function checkPublicUrl(raw: string, allowPrivate = false): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'expected a URL';
  }
  if (url.protocol !== 'https:' && !(allowPrivate && url.protocol === 'http:')) return 'expected an https URL';
  if (url.username || url.password) return 'credentials in the URL are not accepted';
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (isIP(host)) return check(host, allowPrivate)?.message;
  if (!allowPrivate && (host === 'localhost' || host.endsWith('.localhost') || !host.includes('.'))) return 'address not allowed (local name)';
  return undefined;
}
