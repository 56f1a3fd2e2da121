import { createServer, type IncomingMessage, type Server } from 'node:http';

/** One request wecare sent to a platform or channel, as the sink received it. */
export interface Recorded {
  at: string;
  method: string;
  /** Path and query, e.g. `/x/2/tweets` or `/slack`. */
  path: string;
  headers: Record<string, string>;
  body: string;
  /** The body parsed as JSON (or form fields) when it is. */
  json?: unknown;
  status: number;
}

/** A scripted answer for requests whose path starts with `prefix`, used `times` times (default forever). */
export interface Script {
  prefix: string;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  times?: number;
  /** Epoch ms after which the script no longer applies (an outage window). */
  until?: number;
  /** Answer this late: the request arrived (it is recorded), the caller may time out first. */
  delayMs?: number;
}

export interface RecordingSink {
  url: string;
  port: number;
  requests(prefix?: string): Recorded[];
  script(s: Script): void;
  clear(): void;
  close(): Promise<void>;
}

/**
 * The recording sink: answers like a platform (200 with an id, or a scripted 429/5xx) and keeps
 * every request, so a newcomer (GET /dev/sink on `npm start`) and the tests see exactly what
 * wecare would have sent. Local and test only, never deployed.
 */
export async function startSink(port = 0): Promise<RecordingSink> {
  const recorded: Recorded[] = [];
  let scripts: Script[] = [];
  let seq = 0;
  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    const path = req.url ?? '/';
    if (req.method === 'GET' && (path === '/' || path.startsWith('/?'))) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ items: recorded }));
      return;
    }
    const now = Date.now();
    const script = scripts.find((s) => path.startsWith(s.prefix) && (s.times === undefined || s.times > 0) && (s.until === undefined || now < s.until));
    if (script?.times !== undefined) script.times--;
    const status = script?.status ?? 200;
    recorded.push({ at: new Date().toISOString(), method: req.method ?? 'GET', path, headers: flat(req.headers), body, json: parse(body, req), status });
    // A webhook subscriber's challenge is echoed, as a working receiver does (unless a script says otherwise).
    const challenge = (parse(body, req) as { type?: unknown; challenge?: unknown } | undefined)?.type === 'subscription.verify' ? (parse(body, req) as { challenge: unknown }).challenge : undefined;
    const answer = script?.body ?? (challenge !== undefined ? { challenge } : { id: `sink-${++seq}`, data: { id: `sink-${seq}` }, messages: [{ id: `wamid.sink-${seq}` }], name: `sink/replies/${seq}` });
    if (script?.delayMs) await new Promise((r) => setTimeout(r, script.delayMs));
    if (res.destroyed) return;
    res.writeHead(status, { 'content-type': 'application/json', ...(script?.headers ?? {}) }).end(JSON.stringify(answer));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const actual = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    requests: (prefix) => (prefix ? recorded.filter((r) => r.path.startsWith(prefix)) : [...recorded]),
    script: (s) => scripts.push({ ...s }),
    clear: () => {
      recorded.length = 0;
      scripts = [];
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

function parse(body: string, req: IncomingMessage): unknown {
  if (!body) return undefined;
  try {
    return JSON.parse(body);
  } catch {
    if (String(req.headers['content-type']).includes('form')) return Object.fromEntries(new URLSearchParams(body));
    return undefined;
  }
}

const flat = (h: IncomingMessage['headers']) =>
  Object.fromEntries(Object.entries(h).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v ?? '')]));
