/**
 * Network errors that happen before a request can reach the other side (nothing listening, no
 * such host, no route): sending again cannot double anything. Any other failure after the request
 * went out (a timeout, a dropped connection) leaves its outcome unknown.
 */
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

export function neverSent(e: unknown): boolean {
  const code = ((e as { cause?: { code?: unknown } }).cause?.code ?? (e as { code?: unknown }).code) as string | undefined;
  return code !== undefined && NOT_CONNECTED.has(code);
}
