import { marshall } from '@aws-sdk/util-dynamodb';
import { type Case, type CaseState, OPEN_STATES } from '../case.ts';
import { WecareError } from '../errors.ts';
import type { Store } from './client.ts';
import { caseFromItem, caseKeys } from './cases.ts';
import { countAll } from './query.ts';
import { scatterPage } from './scatter.ts';

export interface CaseFilter {
  brand: string;
  states: CaseState[];
  assignee?: string;
  team?: string;
  platform?: string;
  limit: number;
  cursor?: string;
}

type Group = 'active' | 'closed';

/**
 * A brand's cases from the sharded queue (gsi4, cases.ts): the active ones (new, open, pending)
 * most urgent first, then the closed ones latest first. State and the other filters are applied
 * by DynamoDB per page; the cursor names the group and the last sort key shown.
 */
export async function listCases(store: Store, f: CaseFilter): Promise<{ items: Case[]; cursor?: string }> {
  const start = decodeCursor(f.cursor);
  const groups: Group[] = (['active', 'closed'] as const).filter((g) => f.states.some((s) => OPEN_STATES.includes(s) === (g === 'active')));
  const items: Case[] = [];
  for (const group of groups) {
    if (start && group === 'active' && start.group === 'closed') continue;
    const after = start?.group === group ? start.sk : undefined;
    const page = await scatterPage(
      store,
      {
        index: 'gsi4',
        partitions: caseKeys.queues(f.brand, group),
        descending: group === 'closed',
        ...(group === 'closed' ? { below: after } : { above: after }),
        filter: filterOf(f, group),
      },
      f.limit - items.length + 1,
    );
    const taken = page.items.slice(0, f.limit - items.length);
    items.push(...taken.map(caseFromItem));
    if (items.length >= f.limit) {
      const more = page.items.length > taken.length || page.more || (group === 'active' && groups.includes('closed'));
      const last = taken.at(-1)?.gsi4sk?.S;
      return { items, cursor: more && last ? encodeCursor(group, last) : undefined };
    }
  }
  return { items };
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
  if (f.platform) {
    names['#platforms'] = 'platforms';
    values[':platform'] = f.platform;
    parts.push('contains(#platforms, :platform)');
  }
  return parts.length ? { expression: parts.join(' AND '), names, values: marshall(values) } : undefined;
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
