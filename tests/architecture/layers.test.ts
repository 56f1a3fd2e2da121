import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The architecture as built (ARCHITECTURE.md), enforced: only the store talks to DynamoDB, the
 * folders of shared/ depend on each other in one direction, and env is read in one place per
 * function. Imports are read from the source text, so a new file is checked the day it is added.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const DYNAMO_SDK = /^@aws-sdk\/(client-dynamodb|util-dynamodb|client-dynamodb-streams|lib-dynamodb)$/;
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return [...text.matchAll(IMPORT)].map((m) => (m[1] ?? m[2])!);
}

/** `shared/store/mentions.ts` → `store`; the files directly in shared/ are one node, `(root)`, which must stay a leaf. */
const folderOf = (file: string) => {
  const parts = relative('shared', file).split('/');
  return parts.length > 1 ? parts[0]! : '(root)';
};

function folderGraph(): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>();
  for (const file of sources('shared')) {
    const from = folderOf(file);
    for (const spec of importsOf(file).filter((s) => s.startsWith('.'))) {
      const target = relative(ROOT, resolve(ROOT, dirname(file), spec));
      if (!target.startsWith('shared/')) continue;
      const to = folderOf(target);
      if (to === from) continue;
      if (!graph.has(from)) graph.set(from, new Map());
      if (!graph.get(from)!.has(to)) graph.get(from)!.set(to, `${file} → ${spec}`);
    }
  }
  return graph;
}

/** Every cycle's first witness: a depth-first search that reports the back edge it meets. */
function cycles(graph: Map<string, Map<string, string>>): string[] {
  const found: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const visit = (node: string, path: string[]) => {
    state.set(node, 'open');
    for (const [next, witness] of graph.get(node) ?? []) {
      if (state.get(next) === 'open') found.push(`${[...path.slice(path.indexOf(next)), node, next].join(' → ')} (e.g. ${witness})`);
      else if (!state.has(next)) visit(next, [...path, node]);
    }
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node, []);
  return found;
}

describe('architecture', () => {
  it('only shared/store imports the DynamoDB SDK (in shared/ and functions/)', () => {
    const offenders = [...sources('shared'), ...sources('functions')]
      .filter((f) => !f.startsWith('shared/store/'))
      .filter((f) => importsOf(f).some((s) => DYNAMO_SDK.test(s)));
    expect(offenders).toEqual([]);
  });

  it('the folders of shared/ import each other without cycles', () => {
    expect(cycles(folderGraph())).toEqual([]);
  });

  it('finds a cycle when there is one (the check itself can fail)', () => {
    const graph = new Map([
      ['a', new Map([['b', 'a.ts → ../b']])],
      ['b', new Map([['a', 'b.ts → ../a']])],
    ]);
    expect(cycles(graph)).toHaveLength(1);
  });

  it('env is read at cold start only: process.env appears in no module but the env readers and the handlers', () => {
    const readers = new Set(['shared/env.ts', 'shared/secrets.ts']);
    const lazy = [...sources('shared'), ...sources('functions').filter((f) => !f.endsWith('/handler.ts'))].filter((f) => !readers.has(f) && /process\.env/.test(readFileSync(join(ROOT, f), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '')));
    expect(lazy).toEqual([]);
  });

  it('handlers only adapt: every functions/*/handler.ts stays within ~60 lines', () => {
    const long = sources('functions')
      .filter((f) => f.endsWith('/handler.ts'))
      .map((f) => [f, readFileSync(join(ROOT, f), 'utf8').split('\n').length] as const)
      .filter(([, lines]) => lines > 65);
    expect(long).toEqual([]);
  });
});
