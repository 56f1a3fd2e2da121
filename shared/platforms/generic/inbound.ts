// Helpers every platform's inbound side shares. They live beside the generic platform because it is
// the platform-agnostic one; nothing here knows a platform's payload.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type * as z from 'zod/mini';
import { badRequest, describeIssues, unauthorized, WecareError } from '../../errors.ts';

// Integers of 16+ digits may exceed 2^53; JSON.parse would round them, so they are quoted first.
const HAS_BIG_INT = /\d{16}/;
const DIGITS = /^\d+$/;
/** Whole string tokens (skipped as they are) or whole number tokens (quoted when a big integer). */
const TOKENS = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;
const INTEGER = /^-?\d+$/;
const quoteBigInt = (token: string) => (token.length >= 16 && INTEGER.test(token) ? `"${token}"` : token);

/** JSON.parse that keeps big integer ids (tweet ids, some Meta ids) exact, as strings. */
export function parseJson(raw: string): unknown {
  try {
    const plain = JSON.parse(raw) as unknown;
    // Only over valid JSON: there every string closes, so TOKENS scans each once (an unclosed
    // `"\"\"\"…` made it quadratic: 200 KB took ~30 s).
    return HAS_BIG_INT.test(raw) ? JSON.parse(raw.replace(TOKENS, quoteBigInt)) : plain;
  } catch {
    throw badRequest('body: not valid JSON');
  }
}

/** Validates and throws bad_request naming the field; `at` prefixes the path (e.g. entry.3.changes.0.value). */
export function validate<S extends z.ZodMiniType>(schema: S, data: unknown, at: ReadonlyArray<PropertyKey> = []): z.output<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({ path: [...at, ...i.path], message: i.message }));
  throw badRequest(describeIssues(issues), issues);
}

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Constant-time string equality; lengths are not secret, so unequal lengths return early. */
export function safeEqual(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

export const hmacSha256 = (secret: string, data: string, encoding: 'hex' | 'base64') =>
  createHmac('sha256', secret).update(data, 'utf8').digest(encoding);

/**
 * Platforms send epoch seconds, epoch milliseconds (as numbers or strings) or date strings.
 * Anything below 1e11 is taken as seconds (year 5138 in seconds, 1973 in milliseconds).
 */
export function toIso(value: number | string | null | undefined, fallback: Date): string {
  if (value === undefined || value === null || value === '') return fallback.toISOString();
  const n = typeof value === 'number' ? value : DIGITS.test(value) ? Number(value) : Number.NaN;
  const ms = Number.isFinite(n) ? (n < 1e11 ? n * 1000 : n) : Date.parse(value as string);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : fallback.toISOString();
}

/**
 * The secret a platform's check needs. The webhook route answers 404 before a platform whose secret
 * is absent ever verifies; this keeps any other caller from checking against nothing.
 */
export function secretOf(secret: string | undefined, platform: string): string {
  if (!secret) throw new WecareError('not_found', `platform: no webhook for "${platform}" (its secret is not configured)`);
  return secret;
}

/** Shared-token check for platforms that authenticate by a `?token=` query parameter. */
export function checkQueryToken(given: string | undefined, expected: string): void {
  if (!given) throw unauthorized('token: missing query parameter');
  if (!safeEqual(given, expected)) throw unauthorized('token: does not match');
}
