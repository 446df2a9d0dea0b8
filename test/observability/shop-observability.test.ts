import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { catalogFixtures } from './catalog-fixtures';
import { ShopAlarmKind, ShopObservability } from '../../src';
import { MonitoredResource } from '../../src/observability/monitored-resource';
import { guardFindings } from '../helpers/guard';
import { expectNagClean } from '../helpers/nag';

// the resources ShopObservability monitors: fixtures of the test's stack instead of discovery's
let mockResources: MonitoredResource[] = [];
jest.mock('../../src/observability/resource-source', () => ({
  monitoredResourcesOf: () => mockResources,
}));

function observed(props: ConstructorParameters<typeof ShopObservability>[2] = {}) {
  const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
  const stack = new Stack(app, 'Shop', { env: { region: 'us-east-1', account: '111122223333' } });
  mockResources = catalogFixtures(stack);
  const observability = new ShopObservability(stack, 'Observability', {
    dashboard: { enabled: false },
    ...props,
  });
  return { stack, observability, template: Template.fromStack(stack) };
}

describe('ShopObservability', () => {
  test('a new TLS-only topic with the e-mail subscribed; every alarm notifies it on ALARM and OK', () => {
    const { observability, template } = observed({ alarmEmail: 'ops@example.com' });
    template.resourceCountIs('AWS::SNS::Topic', 1);
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    const alarms = template.findResources('AWS::CloudWatch::Alarm');
    expect(Object.keys(alarms)).toHaveLength(observability.alarms.length);
    const topicRef = { Ref: Match.stringLikeRegexp('ObservabilityAlarmTopic') };
    for (const alarm of Object.values<any>(alarms)) {
      expect(alarm.Properties.AlarmActions).toEqual([
        expect.objectContaining({ Ref: expect.stringMatching(/AlarmTopic/) }),
      ]);
      expect(alarm.Properties.OKActions).toEqual(alarm.Properties.AlarmActions);
    }
    template.hasResourceProperties('AWS::CloudWatch::CompositeAlarm', {
      AlarmActions: [topicRef],
      OKActions: [topicRef],
    });
  });

  test('an existing topic is used as it is', () => {
    const app = new App();
    const other = new Stack(app, 'Topics', { env: { region: 'us-east-1', account: '111122223333' } });
    const topic = sns.Topic.fromTopicArn(other, 'Ops', 'arn:aws:sns:us-east-1:111122223333:ops');
    const { observability, template } = observed({ alarmTopic: topic });
    expect(observability.topic).toBe(topic);
    template.resourceCountIs('AWS::SNS::Topic', 0);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmActions: ['arn:aws:sns:us-east-1:111122223333:ops'],
    });
  });

  test('composites per tier and "shop is down" over the 5XX rates', () => {
    const { observability, stack } = observed();
    expect(observability.edgeAlarm).toBeDefined();
    expect(observability.appAlarm).toBeDefined();
    expect(observability.dataAlarm).toBeDefined();
    const rule = stack.resolve((observability.shopDownAlarm!.node.defaultChild as any).alarmRule);
    const text = JSON.stringify(rule);
    for (const kind of ['alb-5xx-rate', 'cloudfront-5xx-rate', 'rest-api-5xx', 'http-api-5xx']) {
      expect(text).toContain(kind.replace(/-/g, ''));
    }
    expect(text).not.toMatch(/rdscpu/);
  });

  test('alarmsOf gives the alarms of one kind', () => {
    const { observability } = observed();
    expect(observability.alarmsOf(ShopAlarmKind.TARGET_5XX_RATE)).toHaveLength(2);
    expect(observability.alarmsOf(ShopAlarmKind.RDS_REPLICA_LAG)).toHaveLength(1);
    expect(observability.alarmsOf(ShopAlarmKind.CACHE_ENGINE_CPU)).toEqual([]);
  });
});

describe('ShopObservability passes cdk-nag and cfn-guard', () => {
  /** The logical ids of the CloudFormation resources ShopObservability defined. */
  const ownIds = (stack: Stack, scope: ShopObservability) =>
    new Set(
      scope.node
        .findAll()
        .filter((c): c is CfnResource => CfnResource.isCfnResource(c))
        .map((c) => stack.getLogicalId(c)),
    );

  test.each<[string, ConstructorParameters<typeof ShopObservability>[2]]>([
    [
      'its own topic with an e-mail and the dashboard',
      { alarmEmail: 'ops@example.com', dashboard: { enabled: true } },
    ],
    ['the defaults', {}],
  ])('AwsSolutions, NIST 800-53 R5 and the Control Tower rules with %s', (_name, props) => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-shop-observability-'));
    try {
      const app = new App({ outdir, context: { 'aws:cdk:disable-creation-stack-traces': true } });
      const stack = new Stack(app, 'Shop', { env: { region: 'us-east-1', account: '111122223333' } });
      mockResources = catalogFixtures(stack);
      const observability = new ShopObservability(stack, 'Observability', props);
      expectNagClean(observability);
      const own = ownIds(stack, observability);
      const findings = guardFindings(app, 'Shop')
        .map((f) => ({ rule: f.rule, resources: f.resources.filter((id) => own.has(id)) }))
        .filter((f) => f.resources.length > 0);
      expect(findings).toEqual([]);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
