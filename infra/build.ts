import { type App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { settingsFrom } from './settings.ts';
import { StatefulStack } from './stateful-stack.ts';
import { StatelessStack } from './stateless-stack.ts';

/**
 * Builds the whole wecare app into `app`. Env-agnostic stacks (no account/region, no lookups), so
 * synth works offline; deploy picks the account and region from the CLI profile.
 */
export function buildApp(app: App): { stateful: StatefulStack; stateless: StatelessStack } {
  const settings = settingsFrom(app.node);
  const stateful = new StatefulStack(app, 'WecareStateful', {
    description: 'wecare: table, topics, queues, secrets (retained)',
    settings,
  });
  const stateless = new StatelessStack(app, 'WecareStateless', {
    description: 'wecare: functions, HTTP API, schedules, alarms',
    settings,
    resources: stateful.resources,
  });
  Tags.of(app).add('app', 'wecare');
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { stateful, stateless };
}
