import { App, type PolicyValidationPluginReport, Stack } from 'aws-cdk-lib';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { synthWecare } from './synth.ts';

let report: PolicyValidationPluginReport;
let acknowledged: Array<{ path: string; id: string; reason: string }>;

beforeAll(() => {
  const { app } = synthWecare();
  report = new AwsSolutionsChecks(app, { verbose: true }).validateScope(app);
  acknowledged = [];
  const walk = (c: typeof app.node.root) => {
    for (const m of c.node.metadata) {
      if (m.type !== 'aws:cdk:acknowledged-rules') continue;
      for (const [id, reason] of Object.entries(m.data as Record<string, unknown>)) {
        acknowledged.push({ path: c.node.path, id, reason: typeof reason === 'string' ? reason : JSON.stringify(reason) });
      }
    }
    for (const child of c.node.children) walk(child);
  };
  walk(app);
});

describe('cdk-nag AwsSolutions', () => {
  it('reports findings at all (canary: a bare queue breaks SQS3/SQS4)', () => {
    const app = new App();
    new Queue(new Stack(app, 'Canary'), 'Bare');
    const ids = new AwsSolutionsChecks(app).validateScope(app).violations.map((v) => v.ruleName);
    expect(ids).toEqual(expect.arrayContaining(['AwsSolutions-SQS3', 'AwsSolutions-SQS4']));
  });

  it('finds no unacknowledged error or warning in either stack', () => {
    const findings = report.violations.map((v) => `${v.severity} ${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);
    expect(findings).toEqual([]);
  });

  it('acknowledges only with a reason, and only the rules we know we accept', () => {
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const a of acknowledged) expect(a.reason.length, `${a.path} ${a.id}`).toBeGreaterThan(40);
    const rules = new Set(acknowledged.map((a) => a.id.replace(/^annotation::/i, '')));
    expect([...rules].sort()).toEqual(
      ['AwsSolutions-APIG4', 'AwsSolutions-CFR1', 'AwsSolutions-COG2', 'AwsSolutions-CFR3', 'AwsSolutions-CFR4', 'AwsSolutions-IAM5[Resource::*]', 'AwsSolutions-L1', 'AwsSolutions-SMG4', 'AwsSolutions-SQS3'].sort(),
    );
  });
});
