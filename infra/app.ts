import { App } from 'aws-cdk-lib';
import { buildApp } from './build.ts';

// `npm run synth` (cdk.json): both stacks, offline. Settings come from cdk.json context (infra/settings.ts).
const app = new App();
buildApp(app);
app.synth();
