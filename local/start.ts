import { assertPortFree } from './ports.ts';
import { startRuntime } from './runtime.ts';

/** `npm start`: the whole pipeline on one machine, zero config. Ctrl-C stops it and its Java process. */
async function main() {
  const port = Number(process.env.PORT ?? 3000);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`PORT: "${process.env.PORT}" is not a port number`);
  // Fail in one line before anything starts, rather than after the emulators are up.
  await assertPortFree(port, 'PORT');
  const oidcPort = optionalPort('OIDC_PORT');
  if (oidcPort) await assertPortFree(oidcPort, 'OIDC_PORT');
  // Before the runtime copies the secrets into the environment: where the demo password came from.
  const passwordSource = process.env.DEMO_PASSWORD ? 'from DEMO_PASSWORD' : `kept in ${process.env.WECARE_DATA ?? '.wecare'}/secrets.json; set DEMO_PASSWORD to choose`;
  const dataDir = process.env.WECARE_DATA ?? '.wecare';
  const runtime = await startRuntime({
    port,
    dataDir,
    dynamoPort: optionalPort('DYNAMODB_PORT'),
    fauxqsPort: optionalPort('FAUXQS_PORT'),
    oidcPort,
    sesPort: optionalPort('SES_PORT'),
    log: (line) => console.error(`[wecare] ${line}`),
  });
  const u = runtime.url;
  console.log(
    [
      `wecare is running on ${u}`,
      `  status page     ${u}/status/demo`,
      `  console         ${u}/console`,
      ...(runtime.oidc.local
        ? [
            `  demo users      agent@demo.test (agent, brand demo), lead@demo.test (lead, brand demo), admin@demo.test (admin, every brand)`,
            `  demo password   ${runtime.secrets.DEMO_PASSWORD}   (${passwordSource})`,
          ]
        : []),
      `  OIDC issuer     ${runtime.oidc.issuer}`,
      `  API             ${u}/api/mentions?brand=demo   (Authorization: Bearer ${runtime.secrets.ADMIN_TOKEN})`,
      `  webhooks        ${u}/webhooks/{x,meta,google,trustpilot,generic}`,
      `  sent replies    ${u}/dev/sink`,
      ...(runtime.ses ? [`  sent e-mail     ${u}/dev/mail   (SES v2 emulator ${runtime.ses.endpoint}, its mailbox ${runtime.ses.mailboxUrl})`] : []),
      `  admin token     ${runtime.secrets.ADMIN_TOKEN}`,
      `  secrets         ${dataDir}/secrets.json (sign test webhooks with these)`,
      `  DynamoDB Local  ${runtime.resources.env.DYNAMODB_ENDPOINT}   SNS/SQS (fauxqs) ${runtime.resources.env.SNS_ENDPOINT}`,
      'Ctrl-C to stop.',
    ].join('\n'),
  );
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    console.log('wecare: stopping…');
    await runtime.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

function optionalPort(name: string): number | undefined {
  const raw = process.env[name];
  if (!raw) return undefined;
  const port = Number(raw);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`${name}: "${raw}" is not a port number`);
  return port;
}

main().catch((e: Error) => {
  console.error(`wecare: ${e.message}`);
  process.exit(1);
});
