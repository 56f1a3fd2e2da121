import { spawnSync } from 'node:child_process';
import { mkdtempSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

/** Runs `npm start`'s entry the way npm does, with the env given; returns exit code and stderr. */
function start(env: NodeJS.ProcessEnv) {
  const out = spawnSync(process.execPath, ['--import', 'tsx', 'local/start.ts'], { cwd: root, env: { ...env, WECARE_DATA: mkdtempSync(join(tmpdir(), 'wecare-err-')) }, encoding: 'utf8', timeout: 60_000 });
  const lines = out.stderr.split('\n').filter((l) => l.startsWith('wecare:'));
  return { status: out.status, lines, stderr: out.stderr };
}

describe('npm start fails in one clear line', () => {
  it('when Java is missing, saying what to install', () => {
    // A PATH with node on it and no java.
    const bin = mkdtempSync(join(tmpdir(), 'wecare-nojava-'));
    symlinkSync(process.execPath, join(bin, 'node'));
    const { status, lines, stderr } = start({ PATH: bin, HOME: process.env.HOME, PORT: '39871' });
    expect(status).toBe(1);
    expect(lines).toEqual(['wecare: Java 17+ is required for DynamoDB Local: apt-get install -y openjdk-17-jre-headless']);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('when the port is taken, naming it', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    try {
      const { status, lines } = start({ ...process.env, PORT: String(port) });
      expect(status).toBe(1);
      expect(lines).toEqual([`wecare: PORT: port ${port} is in use; set another or stop what holds it`]);
    } finally {
      server.close();
    }
  });
});
