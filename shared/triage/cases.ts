import { createHash } from 'node:crypto';
import type { Brand } from '../config/brand.ts';
import type { Mention } from '../mention.ts';
import { caseIdOf } from '../cases/ids.ts';

/**
 * One person, one case: the same author writing on X and then in a DM, or pasting the same
 * complaint into three channels, is answered once. Pure: the handler fetches the candidates
 * (the author's recent mentions on each linked identity, the brand's last minutes) and this
 * decides.
 */
export interface CaseOptions {
  /** How far back the same person's mentions join the case. */
  identityWindowMinutes: number;
  /** How far back the same text on another channel joins the case. */
  textWindowMinutes: number;
  /** How far back earlier contacts count for priority. */
  repeatWindowDays: number;
}

export const CASE_DEFAULTS: CaseOptions = { identityWindowMinutes: 24 * 60, textWindowMinutes: 30, repeatWindowDays: 7 };

export type CaseCandidate = Pick<Mention, 'id' | 'platform' | 'author' | 'text' | 'createdAt' | 'conversationId' | 'status'> &
  Partial<Pick<Mention, 'caseId' | 'fromBrand'>>;

export interface CaseLink {
  caseId: string;
  repeatContacts: number;
}

/** "platform:authorId" of everyone the brand knows to be this author, this identity first. */
export function identitiesOf(brand: Brand, platform: string, authorId: string): string[] {
  const self = `${platform}:${authorId}`;
  const linked = brand.linkedIdentities.find((group) => group.includes(self)) ?? [];
  return [self, ...linked.filter((id) => id !== self)];
}

/** Lowercased words only: the same complaint pasted with other handles, links or emoji still matches. */
export function normalizeText(text: string): string {
  return text
    .toLowerCase()
    .replace(/https?:\/\/\S+|@[\p{L}\p{N}_]+/gu, ' ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const MIN_TEXT = 15;

/** The key of the same-text rule: a hash of the normalized text, none for texts too short to tell. */
export function textFingerprint(text: string): string | undefined {
  const normalized = normalizeText(text);
  return normalized.length >= MIN_TEXT ? createHash('sha256').update(normalized).digest('base64url').slice(0, 22) : undefined;
}

export function linkCase(m: CaseCandidate, candidates: CaseCandidate[], brand: Brand, opts: CaseOptions = CASE_DEFAULTS): CaseLink {
  const identities = new Set(identitiesOf(brand, m.platform, m.author.id));
  const at = Date.parse(m.createdAt);
  const text = normalizeText(m.text);
  let repeatContacts = 0;
  let first: CaseCandidate | undefined;
  for (const c of candidates) {
    if (c.id === m.id || c.status === 'brand' || c.fromBrand) continue;
    const ago = (at - Date.parse(c.createdAt)) / 60_000;
    if (!(ago >= 0)) continue;
    const samePerson = identities.has(`${c.platform}:${c.author.id}`);
    if (samePerson && ago <= opts.repeatWindowDays * 1440) repeatContacts++;
    const joins =
      (samePerson && (c.conversationId === m.conversationId || ago <= opts.identityWindowMinutes)) ||
      (c.platform !== m.platform && ago <= opts.textWindowMinutes && text.length >= MIN_TEXT && normalizeText(c.text) === text);
    if (joins && (!first || earlier(c, first))) first = c;
  }
  return { caseId: first ? (first.caseId ?? caseIdOf(first.id)) : caseIdOf(m.id), repeatContacts };
}


const earlier = (a: CaseCandidate, b: CaseCandidate) => a.createdAt < b.createdAt || (a.createdAt === b.createdAt && a.id < b.id);
