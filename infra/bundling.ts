import type { BuildOptions } from 'esbuild';

/**
 * The esbuild settings of every wecare function, in one object so the CDK construct
 * (infra/constructs/wecare-function.ts) and the bundle benchmark (bench/bundle.ts) cannot drift.
 *
 * The AWS SDK is bundled, not taken from the runtime: a pinned, tree-shaken SDK is smaller to load
 * than the runtime's full v3 copy and does not change under us when Lambda updates it.
 */
export const BUNDLE = {
  target: 'node22',
  format: 'esm',
  platform: 'node',
  minify: true,
  sourcemap: true,
  mainFields: ['module', 'main'],
  /** Nothing is external: the SDK and every dependency go into the one file. */
  external: [] as string[],
  /**
   * ESM output still meets CommonJS dependencies that call `require` (node built-ins inside the SDK);
   * the shim gives them one, under a name that cannot clash with a bundled `createRequire` import.
   */
  banner: "import { createRequire as __wecareCreateRequire } from 'node:module'; const require = __wecareCreateRequire(import.meta.url);",
} as const;

/** The same settings as esbuild build options (for the benchmark and any script bundling a function). */
export function esbuildOptions(entry: string, outfile: string): BuildOptions {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: BUNDLE.platform,
    format: BUNDLE.format,
    target: BUNDLE.target,
    minify: BUNDLE.minify,
    sourcemap: BUNDLE.sourcemap,
    mainFields: [...BUNDLE.mainFields],
    external: [...BUNDLE.external],
    banner: { js: BUNDLE.banner },
    logLevel: 'warning',
  };
}

export interface Bundle {
  file: string;
  bytes: number;
  metafile: import('esbuild').Metafile;
}

/**
 * Bundles one entry (a file, or inline source resolved from `resolveDir`) exactly as the construct
 * does, with a metafile saying what is inside.
 */
export async function bundle(entry: string | { contents: string; resolveDir: string }, outfile: string): Promise<Bundle> {
  const { build } = await import('esbuild');
  const options = esbuildOptions(typeof entry === 'string' ? entry : '<stdin>', outfile);
  if (typeof entry !== 'string') {
    delete options.entryPoints;
    options.stdin = { contents: entry.contents, resolveDir: entry.resolveDir, loader: 'ts', sourcefile: 'stdin.ts' };
  }
  const result = await build({ ...options, metafile: true, write: true });
  const output = Object.entries(result.metafile.outputs).find(([path]) => path.endsWith('.mjs') || path.endsWith('.js'))!;
  return { file: outfile, bytes: output[1].bytes, metafile: result.metafile };
}
