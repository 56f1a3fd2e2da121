import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { asArray, functionsByName, resourcesOf, statementsOfRole, synthWecare } from './synth.ts';

/** E-mail to status subscribers in AWS: SES identity, configuration set, bounce/complaint feedback, grants. */
let stateful: Template;
let stateless: Template;
let fns: ReturnType<typeof functionsByName>;

beforeAll(() => {
  const synth = synthWecare({ 'wecare:mailFrom': 'status@status.acme.example' });
  stateful = synth.statefulTemplate;
  stateless = synth.statelessTemplate;
  fns = functionsByName(stateless);
});

describe('SES for status mail', () => {
  it('verifies the sender domain with Easy DKIM (the address with wecare:mailIdentity=address)', () => {
    stateful.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'status.acme.example' });
    const byAddress = synthWecare({ 'wecare:mailFrom': 'care@acme.example', 'wecare:mailIdentity': 'address' }).statefulTemplate;
    byAddress.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'care@acme.example' });
    expect(() => synthWecare({ 'wecare:mailFrom': 'Acme <care@acme.example>' })).toThrow(/wecare:mailFrom: expected an address/);
  });

  it('has a configuration set that suppresses bounces and complaints and publishes them to an encrypted topic', () => {
    stateful.hasResourceProperties('AWS::SES::ConfigurationSet', { SuppressionOptions: { SuppressedReasons: Match.arrayWith(['BOUNCE', 'COMPLAINT']) } });
    const dest = Object.values(resourcesOf(stateful, 'AWS::SES::ConfigurationSetEventDestination'))[0]!.Properties!.EventDestination;
    expect(dest.MatchingEventTypes.sort()).toEqual(['bounce', 'complaint']);
    expect(dest.SnsDestination.TopicARN).toBeDefined();
    stateful.hasResourceProperties('AWS::SNS::Topic', { TopicName: Match.stringLikeRegexp('mail-feedback$'), KmsMasterKeyId: Match.anyValue() });
    stateful.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'sqs', TopicArn: Match.anyValue(), Endpoint: Match.anyValue() });
    stateful.hasResourceProperties('AWS::SQS::Queue', { QueueName: Match.stringLikeRegexp('mail-events$'), RedrivePolicy: { maxReceiveCount: 5 } });
  });

  it('feeds the feedback queue to the mail-events function with partial batch responses', () => {
    const mailEvents = fns.get('mail-events')!;
    const mappings = Object.values(resourcesOf(stateless, 'AWS::Lambda::EventSourceMapping')).filter((m) => m.Properties!.FunctionName.Ref === mailEvents.id);
    expect(mappings).toHaveLength(1);
    expect(mappings[0]!.Properties!.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
  });

  it('lets the api (opt-in) and the broadcast (updates) send as the identity through the configuration set, and tells them both', () => {
    for (const name of ['api', 'broadcast']) {
      const fn = fns.get(name)!;
      expect(fn.props.Environment.Variables.MAIL_FROM, name).toBe('status@status.acme.example');
      expect(fn.props.Environment.Variables.SES_CONFIGURATION_SET, name).toBeDefined();
      const send = statementsOfRole(stateless, fn.props.Role["Fn::GetAtt"][0]).filter((s) => asArray(s.Action).includes('ses:SendEmail'));
      expect(send, name).toHaveLength(1);
      expect(JSON.stringify(send[0]!.Resource), name).toMatch(/identity\/status\.acme\.example|:identity\//);
      expect(JSON.stringify(send[0]!.Resource), name).toMatch(/configuration-set/);
    }
    for (const name of ['webhooks', 'triage', 'thank-you', 'mail-events']) {
      expect(JSON.stringify(statementsOfRole(stateless, fns.get(name)!.props.Role["Fn::GetAtt"][0])), name).not.toMatch(/ses:/);
    }
  });
});
