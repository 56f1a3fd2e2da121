/**
 * In AWS, secrets live in Secrets Manager (infra: one JSON secret per audience, keyed by the plain
 * env names). At cold start a function reads the ones it may (`SECRETS_ARNS`) through the Parameters
 * and Secrets extension on localhost, so no Secrets Manager client is bundled, and copies them into
 * the environment without overriding what is set. Locally SECRETS_ARNS is unset: nothing happens.
 */
export async function loadSecrets(env: NodeJS.ProcessEnv = process.env, fetchFn: typeof fetch = fetch): Promise<void> {
  const arns = (env.SECRETS_ARNS ?? '').split(',').map((a) => a.trim()).filter(Boolean);
  if (!arns.length) return;
  const port = env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT ?? '2773';
  for (const arn of arns) {
    const res = await fetchFn(`http://localhost:${port}/secretsmanager/get?secretId=${encodeURIComponent(arn)}`, {
      headers: { 'X-Aws-Parameters-Secrets-Token': env.AWS_SESSION_TOKEN ?? '' },
    });
    if (!res.ok) throw new Error(`SECRETS_ARNS: reading ${arn.split(':').pop()} answered ${res.status}`);
    const { SecretString } = (await res.json()) as { SecretString?: string };
    let values: Record<string, unknown>;
    try {
      values = JSON.parse(SecretString ?? '{}');
    } catch {
      throw new Error(`SECRETS_ARNS: ${arn.split(':').pop()} is not a JSON object of env names`);
    }
    for (const [name, value] of Object.entries(values)) if (env[name] === undefined && typeof value === 'string') env[name] = value;
  }
}
