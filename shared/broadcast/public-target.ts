import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { Agent, buildConnector, fetch as undiciFetch } from 'undici';
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

/** A fetch for stranger-supplied URLs; one connection pool per guard. */
export function guardedFetch(opts: GuardOptions = {}): Fetch {
  const allowPrivate = opts.allowPrivate === true;
  const base = buildConnector({ timeout: opts.connectTimeoutMs ?? 10_000, lookup: filteredLookup(allowPrivate, opts.lookup ?? dnsLookup) } as buildConnector.BuildOptions);
  // An IP literal (127.1, 0x7f000001, [::1] all arrive here normalized by the URL parser) skips lookup.
  const connect: buildConnector.connector = (o, cb) => {
    const host = o.hostname.replace(/^\[(.*)\]$/, '$1');
    const refused = isIP(host) ? check(host, allowPrivate) : undefined;
    if (refused) return cb(refused, null);
    base(o, cb);
  };
  const dispatcher = new Agent({ connect });
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.protocol !== 'https:' && !(allowPrivate && url.protocol === 'http:')) throw new TargetRefused('https only');
    return undiciFetch(url, { ...(init as object), redirect: 'manual', dispatcher });
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
