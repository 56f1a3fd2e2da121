import type { Intent, Sentiment } from './mention.ts';

/** Who did it: a person, an API token, or wecare itself (a rule, a flow, the platform's own app); a Principal's actor. */
export interface Actor {
  type: 'user' | 'token' | 'system';
  id: string;
}

/**
 * The case: the unit of webcare work. One customer, one or more conversations (linked identities,
 * the same text on several channels), one lifecycle, one SLA, one assignee:
 *
 *   new → open → pending (waiting on the customer) → resolved,  plus dismissed and spam.
 *
 * `new` is untouched by a person; a customer message moves a pending case back to open and
 * reopens a resolved or dismissed one within the brand's reopen window (after it: a new case).
 * Plain data and pure rules, a root leaf like mention.ts; the store keeps it (shared/store/cases.ts),
 * shared/cases/ changes it.
 */
export const CASE_STATES = ['new', 'open', 'pending', 'resolved', 'dismissed', 'spam'] as const;
export type CaseState = (typeof CASE_STATES)[number];

/** The states that still need the brand: the inbox, the SLA clocks, the backlog. */
export const OPEN_STATES: readonly CaseState[] = ['new', 'open', 'pending'];
export const isOpen = (s: CaseState) => OPEN_STATES.includes(s);

export interface CaseCustomer {
  platform: string;
  id: string;
  handle?: string;
  name?: string;
}

export interface CaseSla {
  firstResponseDueAt?: string;
  nextResponseDueAt?: string;
  resolutionDueAt?: string;
  breached: boolean;
}

/** A score the customer gave after the follow-up (normalised 0..1), or their answer's sentiment. */
export interface Csat {
  score: number;
  source: 'explicit' | 'quick-reply' | 'sentiment';
  raw?: string;
  mentionId: string;
  at: string;
}

export interface Case {
  id: string;
  brand: string;
  state: CaseState;
  /** Optimistic concurrency: every write names the version it read. */
  version: number;
  assignee?: string;
  team: string;
  priority: number;
  intent: Intent;
  sentiment: Sentiment;
  lang?: string;
  platforms: string[];
  customer: CaseCustomer;
  conversations: string[];
  sla: CaseSla;
  firstMentionId: string;
  /** The customer's latest message: where a reply goes by default. */
  lastMentionId: string;
  lastCustomerAt: string;
  /** `<createdAt>#<mentionId>` of the last customer message applied: a redelivery applies nothing. */
  lastSeq: string;
  /** The customer's last words, cut for the list (the case view reads the mentions). */
  preview: string;
  firstResponseAt?: string;
  lastResponseAt?: string;
  /** The platform id of wecare's last reply: its echo from the platform is not a second answer. */
  lastReplyId?: string;
  resolvedAt?: string;
  /** Set while the clocks stand still (pending, or an open incident the case is tagged with). */
  pausedAt?: string;
  incidentId?: string;
  tags: string[];
  /** Who is answering right now (collision detection): a soft lock that expires by itself. */
  lock?: { by: string; until: string };
  reopened: number;
  csat?: Csat;
  createdAt: string;
  updatedAt: string;
}

export interface CaseEvent {
  id: string;
  type: string;
  at: string;
  actor: Actor;
  [detail: string]: unknown;
}

export interface CaseNote {
  id: string;
  text: string;
  at: string;
  actor: Actor;
}

/** Who may move a case where. Anything else is a 409 naming both states. */
const TRANSITIONS: Record<CaseState, readonly CaseState[]> = {
  new: ['open', 'pending', 'resolved', 'dismissed', 'spam'],
  open: ['pending', 'resolved', 'dismissed', 'spam'],
  pending: ['open', 'resolved', 'dismissed', 'spam'],
  resolved: ['open'],
  dismissed: ['open', 'spam'],
  spam: ['open'],
};

export const canMove = (from: CaseState, to: CaseState) => TRANSITIONS[from].includes(to);

/** A reply goes out on a case a person may still talk in: never on spam or a dismissed case. */
export const canReply = (s: CaseState) => s !== 'spam' && s !== 'dismissed';

/** The deadline running now: none while paused or closed. */
export function runningDue(c: Pick<Case, 'state' | 'pausedAt' | 'firstResponseAt' | 'sla'>): string | undefined {
  if (!isOpen(c.state) || c.state === 'pending' || c.pausedAt) return undefined;
  const { firstResponseDueAt, nextResponseDueAt, resolutionDueAt } = c.sla;
  const response = c.firstResponseAt ? nextResponseDueAt : firstResponseDueAt;
  return [response, resolutionDueAt].filter((t): t is string => !!t).sort()[0];
}

/** Breached: a running deadline passed, or a response or resolution that came after its deadline. */
export function isBreached(c: Case, now: Date): boolean {
  const due = runningDue(c);
  if (due && due < now.toISOString()) return true;
  if (c.firstResponseAt && c.sla.firstResponseDueAt && c.firstResponseAt > c.sla.firstResponseDueAt) return true;
  return !!(c.resolvedAt && c.sla.resolutionDueAt && c.resolvedAt > c.sla.resolutionDueAt);
}

export const PREVIEW_CHARS = 140;
export const preview = (text: string) => (text.length <= PREVIEW_CHARS ? text : `${text.slice(0, PREVIEW_CHARS - 1)}…`);
