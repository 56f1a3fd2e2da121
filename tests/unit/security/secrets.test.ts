import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { loadSecrets } from '../../../shared/secrets.ts';

/** A stand-in for the Parameters and Secrets extension's localhost endpoint, over real HTTP. */
async function extension(secrets: Record<string, string>) {
  const seen: Array<{ url: string; token?: string }> = [];
  const server = createServer((req, res) => {
    seen.push({ url: req.url!, token: req.headers['x-aws-parameters-secrets-token'] as string });
    const id = new URL(req.url!, 'http://x').searchParams.get('secretId')!;
    if (!(id in secrets)) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ SecretString: secrets[id] }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: String((server.address() as { port: number }).port), seen, close: () => server.close() };
}

describe('loadSecrets', () => {
  it('copies each allowed secret into the env without overriding what is set', async () => {
    const ext = await extension({ 'arn:inbound': JSON.stringify({ META_APP_SECRET: 'from-sm', ADMIN_TOKEN: 'from-sm' }) });
    const env: NodeJS.ProcessEnv = { SECRETS_ARNS: 'arn:inbound', PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: ext.port, AWS_SESSION_TOKEN: 'session', ADMIN_TOKEN: 'already' };
    await loadSecrets(env);
    ext.close();
    expect(env.META_APP_SECRET).toBe('from-sm');
    expect(env.ADMIN_TOKEN).toBe('already');
    expect(ext.seen[0]!.token).toBe('session');
  });

  it('fails the cold start with a line naming the secret it could not read', async () => {
    const ext = await extension({});
    const env: NodeJS.ProcessEnv = { SECRETS_ARNS: 'arn:aws:secretsmanager:eu-west-1:1:secret:wecare-outbound', PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: ext.port };
    await expect(loadSecrets(env)).rejects.toThrow(/wecare-outbound.*404/);
    ext.close();
  });

  it('does nothing locally, where SECRETS_ARNS is unset', async () => {
    const env: NodeJS.ProcessEnv = { ADMIN_TOKEN: 'x' };
    await loadSecrets(env, () => Promise.reject(new Error('must not be called')));
    expect(env).toEqual({ ADMIN_TOKEN: 'x' });
  });
});
