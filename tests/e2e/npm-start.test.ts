import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../local/ports.ts';
import { mentionId } from '../../shared/store/mentions.ts';
import { metaSignature } from '../support/sign.ts';

const root = resolve(import.meta.dirname, '../..');
let child: ChildProcess | undefined;
afterAll(() => child?.kill('SIGKILL'));

function waitFor(proc: ChildProcess, pattern: RegExp, ms: number): Promise<string> {
  return new Promise((done, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`no ${pattern} within ${ms} ms:\n${out}`)), ms);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (pattern.test(out)) {
        clearTimeout(timer);
        done(out);
      }
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', onData);
    proc.once('exit', (code) => fail(new Error(`npm start exited with ${code}:\n${out}`)));
  });
}

const javaChildrenOf = (pid: number) => {
  try {
    return execFileSync('pgrep', ['-f', `DynamoDBLocal.jar`], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .filter((p) => ancestry(Number(p)).includes(pid));
  } catch {
    return [];
  }
};

function isAlive(pid: string): boolean {
  try {
    process.kill(Number(pid), 0);
    return true;
  } catch {
    return false;
  }
}

function ancestry(pid: number): number[] {
  const chain: number[] = [];
  let p = pid;
  while (p > 1) {
    try {
      p = Number(readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
    } catch {
      break;
    }
    chain.push(p);
  }
  return chain;
}

describe('npm start', () => {
  it('boots the whole pipeline, answers a signed webhook, and stops cleanly on Ctrl-C', async () => {
    const port = await freePort();
    const data = mkdtempSync(join(tmpdir(), 'wecare-start-'));
    child = spawn('npm', ['start'], { cwd: root, env: { ...process.env, PORT: String(port), WECARE_DATA: data, CI: '' }, stdio: 'pipe', detached: true });
    const banner = await waitFor(child, /Ctrl-C to stop/, 90_000);
    const secrets = JSON.parse(readFileSync(join(data, 'secrets.json'), 'utf8'));
    expect(banner).toContain(`http://127.0.0.1:${port}/status/demo`);
    expect(banner).toContain(secrets.ADMIN_TOKEN);

    const body = JSON.stringify({
      object: 'page',
      entry: [{ id: '1234567890321', time: 1700000000, changes: [{ field: 'feed', value: { item: 'comment', verb: 'add', comment_id: 'start_1', post_id: '1234567890321_7', from: { id: 'fan-1', name: 'Fan' }, created_time: 1700000000, message: 'Super geholpen door jullie team, dank!' } }] }],
    });
    const res = await fetch(`http://127.0.0.1:${port}/webhooks/meta`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(body, secrets.META_APP_SECRET) },
    });
    expect(res.status).toBe(200);
    const stored = await fetch(`http://127.0.0.1:${port}/api/mentions/${mentionId('demo', 'facebook', 'start_1')}`, {
      headers: { authorization: `Bearer ${secrets.ADMIN_TOKEN}` },
    });
    expect(stored.status).toBe(200);

    // E-mail: the banner says where the mailbox is; a confirmed subscriber gets the incident in its language.
    expect(banner).toMatch(new RegExp(`sent e-mail +http://127\\.0\\.0\\.1:${port}/dev/mail +\\(SES v2 emulator http://127\\.0\\.0\\.1:\\d+`));
    const base = `http://127.0.0.1:${port}`;
    const mailbox = async () => ((await (await fetch(`${base}/dev/mail`)).json()) as { items: Array<{ to: string; subject: string; text: string; html: string }> }).items;
    const subscribed = await fetch(`${base}/status/demo/subscribe`, { method: 'POST', headers: { 'content-type': 'application/json', 'accept-language': 'en' }, body: JSON.stringify({ email: 'start@example.nl' }) });
    expect(subscribed.status).toBe(202);
    const [optIn] = await mailbox();
    expect(optIn).toMatchObject({ to: 'start@example.nl', subject: 'Confirm your status updates from Demo Energie' });
    expect(optIn!.html).toMatch(/^<!doctype html><html lang="en">/);
    const confirmed = await fetch(/https?:\/\/\S+\/subscribe\/confirm\?token=\S+/.exec(optIn!.text)![0], { method: 'POST' });
    expect(confirmed.status).toBe(200);
    const opened = await fetch(`${base}/api/incidents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${secrets.ADMIN_TOKEN}` },
      body: JSON.stringify({ brand: 'demo', name: 'Inloggen mislukt', status: 'investigating', impact: 'minor', components: {}, message: { nl: 'We zoeken het uit.', en: 'We are looking into it.' } }),
    });
    const { id } = (await opened.json()) as { id: string };
    let update: { subject: string; text: string } | undefined;
    for (let waited = 0; !update && waited < 15_000; waited += 200) {
      await new Promise((r) => setTimeout(r, 200));
      update = (await mailbox()).find((m) => m.to === 'start@example.nl' && m.subject.includes('Inloggen mislukt'));
    }
    expect(update?.subject).toBe('Demo Energie: Inloggen mislukt (Investigating)');
    expect(update!.text).toContain(`View this incident: ${base}/status/demo/incidents/${id}`);

    const javaBefore = javaChildrenOf(child.pid!);
    expect(javaBefore.length).toBe(1);
    process.kill(-child.pid!, 'SIGINT');
    await new Promise((r) => child!.once('exit', r));
    // npm exits first; the runtime then stops its pollers and DynamoDB Local. No Java may outlive it.
    for (let waited = 0; javaBefore.some(isAlive) && waited < 15_000; waited += 250) await new Promise((r) => setTimeout(r, 250));
    expect(javaBefore.filter(isAlive)).toEqual([]);
  }, 150_000);
});
