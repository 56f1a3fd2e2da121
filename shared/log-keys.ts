/**
 * Which log attribute keys hold personal data or secrets. Keys are matched by pattern on their
 * words, not by exact name: `accessToken`, `access_token`, `X-Access-Token` and `ACCESS_TOKEN`
 * all read as "accesstoken", so a new field or header is caught without being listed here.
 * When in doubt a key is redacted: a missing log value costs a little debugging, a leaked one
 * cannot be taken back.
 */

/** A key's words without case or separators (bounded: keys of a payload are untrusted text). */
const words = (key: string) => key.slice(0, 100).toLowerCase().replace(/[^a-z0-9]/g, '');

/** Secrets and credentials, wherever the word sits in the key (crc_token, x-hub-signature-256, set-cookie). */
const SECRET = /token|secret|passw|passphrase|pwd|cookie|authorization|signature|credential|bearer|connectionstring|webhookurl|(?:api|access|private|signing|hash|encryption|hmac|client|master|auth|webhook|session)key$/;
/** A count or a kind of one is not the secret itself: tokenCount, maxTokens, tokenType, signatureLength. */
const ABOUT_A_SECRET = /(?:count|counts|length|size|total|used|limit|type|ttl|expiresat|expiresin|expiry)$|^(?:max|min|num)tokens$/;

/** Personal data: what a person wrote and how they are reached or identified. */
const PERSONAL_EXACT = new Set(['text', 'messagetext', 'body', 'rawbody', 'caption', 'author', 'recipient', 'from', 'to', 'cc', 'bcc', 'replyto', 'waid', 'msisdn', 'ip', 'sourceip', 'clientip', 'remoteip', 'xrealip', 'xforwardedfor', 'forwardedfor']);
// originalText, requestBody, screenHandle; not context or handler.
const PERSONAL_WORD = /email|phone|address|msisdn|postcode|zipcode|birth|handles?$|body$|(?<!con)text$/;
/** `*name` keys that name a system thing, not a person: tableName stays, displayName and screen_name go. */
const SYSTEM_NAME = /^(?:service|table|function|queue|topic|event|file|host|bucket|secret|metric|template|component|index|attribute|platform|flow|error|class|stream|log|group|region|domain|brand|channel|key|field|job|route|app|type)name$/;

export function sensitiveKey(key: string): boolean {
  const w = words(key);
  if (SECRET.test(w)) return !ABOUT_A_SECRET.test(w);
  if (PERSONAL_EXACT.has(w) || PERSONAL_WORD.test(w)) return true;
  return w.endsWith('name') && !SYSTEM_NAME.test(w);
}
