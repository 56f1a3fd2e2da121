import { marshall } from '@aws-sdk/util-dynamodb';
import { type Case, type CaseState, OPEN_STATES } from '../case.ts';
import { WecareError } from '../errors.ts';
import type { Store } from './client.ts';
import { caseFromItem, caseKeys } from './cases.ts';
import { foldForSearch } from '../words.ts';
import { countAll } from './query.ts';
import { scatterPage } from './scatter.ts';

export interface CaseFilter {
  brand: string;
  states: CaseState[];
  assignee?: string;
  team?: string;
  platform?: string;
  intent?: string;
  sentiment?: string;
  lang?: string;
  /** Only cases past a running deadline or answered late, as of this moment (isBreached). */
  breachedAt?: Date;
  /** Words the case's search text (store/cases.ts searchText) contains, folded alike. */
  text?: string;
  limit: number;
  cursor?: string;
  /** Items DynamoDB may evaluate per shard when filtering (default SEARCH_BUDGET). */
  budget?: number;
}

/**
 * A filtered list reads at most this many cases per shard per call (16 shards: 8,000 per brand),
 * then answers what it found with a cursor to read on: a search costs a bounded read, not the queue.
 */
export const SEARCH_BUDGET = 500;

type Group = 'active' | 'closed';

/**
 * A brand's cases from the sharded queue (gsi4, cases.ts): the active ones (new, open, pending)
 * most urgent first, then the closed ones latest first. State and the other filters are applied
 * by DynamoDB per page; the cursor names the group and the last sort key shown.
 */
export async function listCases(store: Store, f: CaseFilter): Promise<{ items: Case[]; cursor?: string; scanned: number }> {
  const start = decodeCursor(f.cursor);
  const groups: Group[] = (['active', 'closed'] as const).filter((g) => f.states.some((s) => OPEN_STATES.includes(s) === (g === 'active')));
  const items: Case[] = [];
  let scanned = 0;
  for (const group of groups) {
    if (start && group === 'active' && start.group === 'closed') continue;
    const after = start?.group === group ? start.sk : undefined;
    const filter = filterOf(f, group);
    const page = await scatterPage(
      store,
      {
        index: 'gsi4',
        partitions: caseKeys.queues(f.brand, group),
        descending: group === 'closed',
        ...(group === 'closed' ? { below: after } : { above: after }),
        filter,
        ...(filter ? { budget: f.budget ?? SEARCH_BUDGET } : {}),
      },
      f.limit - items.length + 1,
    );
    scanned += page.scanned;
    const taken = page.items.slice(0, f.limit - items.length);
    items.push(...taken.map(caseFromItem));
    if (items.length >= f.limit) {
      const more = page.items.length > taken.length || page.more || (group === 'active' && groups.includes('closed'));
      const last = taken.at(-1)?.gsi4sk?.S;
      return { items, cursor: more && last ? encodeCursor(group, last) : undefined, scanned };
    }
    // The budget ran out before the page filled: resume where every shard has been read.
    if (page.frontier !== undefined) return { items, cursor: encodeCursor(group, page.frontier), scanned };
  }
  return { items, scanned };
}

function filterOf(f: CaseFilter, group: Group) {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const parts: string[] = [];
  const inGroup = f.states.filter((s) => OPEN_STATES.includes(s) === (group === 'active'));
  if (inGroup.length < 3) {
    names['#state'] = 'state';
    parts.push(`#state IN (${inGroup.map((s, i) => ((values[`:s${i}`] = s), `:s${i}`)).join(', ')})`);
  }
  const eq = (field: string, value: string | undefined) => {
    if (value === undefined) return;
    names[`#${field}`] = field;
    values[`:${field}`] = value;
    parts.push(`#${field} = :${field}`);
  };
  // `none`: the unassigned ones (the lead's "who takes these?" view).
  if (f.assignee === 'none') {
    names['#assignee'] = 'assignee';
    parts.push('attribute_not_exists(#assignee)');
  } else eq('assignee', f.assignee);
  eq('team', f.team);
  eq('intent', f.intent);
  eq('lang', f.lang);
  if (f.sentiment) {
    Object.assign(names, { '#sentiment': 'sentiment', '#label': 'label' });
    values[':sentiment'] = f.sentiment;
    parts.push('#sentiment.#label = :sentiment');
  }
  if (f.text) {
    names['#search'] = 'search';
    values[':text'] = foldForSearch(f.text);
    parts.push('contains(#search, :text)');
  }
  if (f.breachedAt) parts.push(breachedFilter(f.breachedAt, group, names, values));
  if (f.platform) {
    names['#platforms'] = 'platforms';
    values[':platform'] = f.platform;
    parts.push('contains(#platforms, :platform)');
  }
  return parts.length ? { expression: parts.join(' AND '), names, values: marshall(values) } : undefined;
}

/**
 * isBreached as a filter: a running deadline before now (active, not pending, not paused; the next
 * response once answered, else the first), or a response or resolution later than its deadline.
 * The queue's sort key holds the running deadline, but a key attribute cannot be filtered on.
 */
function breachedFilter(now: Date, group: Group, names: Record<string, string>, values: Record<string, unknown>): string {
  Object.assign(names, { '#sla': 'sla', '#frd': 'firstResponseDueAt', '#rd': 'resolutionDueAt', '#fra': 'firstResponseAt', '#ra': 'resolvedAt' });
  const late = '#fra > #sla.#frd OR #ra > #sla.#rd';
  if (group === 'closed') return `(${late})`;
  Object.assign(names, { '#nrd': 'nextResponseDueAt', '#st': 'state', '#paused': 'pausedAt' });
  values[':now'] = now.toISOString();
  values[':pending'] = 'pending';
  const running =
    '(#st <> :pending AND attribute_not_exists(#paused) AND ((attribute_not_exists(#fra) AND #sla.#frd < :now) OR (attribute_exists(#fra) AND #sla.#nrd < :now) OR #sla.#rd < :now))';
  return `(${running} OR ${late})`;
}

const encodeCursor = (group: Group, sk: string) => Buffer.from(JSON.stringify({ g: group, sk })).toString('base64url');

function decodeCursor(cursor: string | undefined): { group: Group; sk: string } | undefined {
  if (!cursor) return undefined;
  try {
    const c = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if ((c?.g === 'active' || c?.g === 'closed') && typeof c.sk === 'string' && c.sk.length <= 200) return { group: c.g, sk: c.sk };
  } catch {
    /* fall through */
  }
  throw new WecareError('bad_request', 'cursor: not a cursor this API returned');
}

/**
 * Active cases of a brand whose running deadline has passed: the SlaBreaches metric. Counted per
 * shard with a key condition (`sk < now`; paused cases sort after `~`), never read back.
 */
export async function countBreachedCases(store: Store, brand: string, now: Date): Promise<number> {
  const counts = await Promise.all(
    caseKeys.queues(brand, 'active').map((pk) =>
      countAll(store, { IndexName: 'gsi4', KeyConditionExpression: 'gsi4pk = :pk AND gsi4sk < :now', ExpressionAttributeValues: marshall({ ':pk': pk, ':now': now.toISOString() }) }),
    ),
  );
  return counts.reduce((a, b) => a + b, 0);
}
