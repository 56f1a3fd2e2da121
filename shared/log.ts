import { LogFormatter, Logger, LogItem } from '@aws-lambda-powertools/logger';
import type { LogAttributes, UnformattedAttributes } from '@aws-lambda-powertools/logger/types';
// Keys whose values are personal data or secrets: never printed, whatever nests them.
import { sensitiveKey } from './log-keys.ts';

/** Personal data that hides in free text (error messages echo payloads). */
const PATTERNS: Array<[RegExp, string]> = [
  // Starts only where a word starts (the lookbehind): without it every position of a long run
  // re-scanned the run, quadratic (200 KB took ~90 s); now each run is scanned once.
  [/(?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.-]+/g, '[email]'],
  [/\+?\d[\d\s-]{7,}\d/g, '[number]'],
  [/Bearer\s+\S+/gi, 'Bearer [redacted]'],
  [/whsec_\S+/g, '[secret]'],
];

export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return PATTERNS.reduce((s, [re, to]) => s.replace(re, to), value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return { name: value.name, message: redact(value.message, depth + 1) };
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, sensitiveKey(k) ? '[redacted]' : redact(v, depth + 1)]));
}

/** Powertools' JSON log line, with personal data and secrets redacted from everything but the message key. */
class RedactingFormatter extends LogFormatter {
  formatAttributes(attributes: UnformattedAttributes, additional: LogAttributes): LogItem {
    const item = new LogItem({
      attributes: {
        level: attributes.logLevel,
        message: redact(attributes.message) as string,
        timestamp: this.formatTimestamp(attributes.timestamp),
        service: attributes.serviceName,
        cold_start: attributes.lambdaContext?.coldStart,
        function_request_id: attributes.lambdaContext?.awsRequestId,
        xray_trace_id: attributes.xRayTraceId,
      },
    });
    item.addAttributes(redact(additional) as LogAttributes);
    return item;
  }
}

/** One logger per function; the service name comes from POWERTOOLS_SERVICE_NAME in AWS. */
export const createLogger = (serviceName: string) => new Logger({ serviceName, logFormatter: new RedactingFormatter() });
