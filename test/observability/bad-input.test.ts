import { App, CfnParameter, Lazy, Stack, Token } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import { catalogFixtures } from './catalog-fixtures';
import { ShopAlarmKind, ShopAlarmOverride, ShopObservability, ShopObservabilityProps } from '../../src';
import { MonitoredResource } from '../../src/observability/monitored-resource';

// the resources ShopObservability monitors: fixtures of the test's stack instead of discovery's
let mockResources: MonitoredResource[] = [];
jest.mock('../../src/observability/resource-source', () => ({
  monitoredResourcesOf: () => mockResources,
}));

/** ShopObservability at Shop/Observability with `props` (a function of the stack for tokens and topics). */
function make(props: (stack: Stack) => ShopObservabilityProps): () => void {
  return () => {
    const app = new App();
    const stack = new Stack(app, 'Shop', { env: { region: 'us-east-1', account: '111122223333' } });
    mockResources = catalogFixtures(stack);
    new ShopObservability(stack, 'Observability', { dashboard: { enabled: false }, ...props(stack) });
  };
}

const override =
  (...overrides: ShopAlarmOverride[]) =>
  () => ({ alarmOverrides: overrides });
const param = (stack: Stack) =>
  Token.asNumber(new CfnParameter(stack, 'P', { type: 'Number' }).valueAsNumber);

// [case, props, the message: construct path, prop, problem and fix]
const CASES: [string, (stack: Stack) => ShopObservabilityProps, RegExp][] = [
  [
    'an e-mail without @',
    () => ({ alarmEmail: 'ops.example.com' }),
    /Shop\/Observability: invalid 'alarmEmail': 'ops.example.com' is not one e-mail address\. Give one address/,
  ],
  [
    'an e-mail without a domain dot',
    () => ({ alarmEmail: 'ops@localhost' }),
    /invalid 'alarmEmail': 'ops@localhost' is not one e-mail address/,
  ],
  [
    'two e-mails in one string',
    () => ({ alarmEmail: 'a@example.com, b@example.com' }),
    /invalid 'alarmEmail'.*subscribe them to your own alarmTopic/,
  ],
  ['an empty e-mail', () => ({ alarmEmail: '' }), /invalid 'alarmEmail': '' is not one e-mail address/],
  [
    'an e-mail of 255+ characters',
    () => ({ alarmEmail: `${'a'.repeat(250)}@example.com` }),
    /invalid 'alarmEmail'.*is not one e-mail address/,
  ],
  [
    'alarmEmail and alarmTopic both',
    (stack) => ({
      alarmEmail: 'ops@example.com',
      alarmTopic: new sns.Topic(stack, 'Mine', { enforceSSL: true }),
    }),
    /invalid 'alarmEmail': is given together with alarmTopic\. Subscribe the address to your topic yourself/,
  ],
  [
    'a negative threshold',
    override({ kind: ShopAlarmKind.SQS_MESSAGE_AGE, threshold: -1 }),
    /invalid 'alarmOverrides\[0\]\.threshold': -1 is not 0 or more \(seconds\)/,
  ],
  [
    'a percent over 100',
    override({ kind: ShopAlarmKind.ECS_CPU, threshold: 120 }),
    /invalid 'alarmOverrides\[0\]\.threshold': 120 is not from 0 to 100 \(percent\)/,
  ],
  [
    'a percent of 100 with >: never fires',
    override({ kind: ShopAlarmKind.RDS_CPU, threshold: 100 }),
    /'rds-cpu' alarms above the threshold and nothing is above 100 percent: the alarm could never fire\. Give a threshold below 100, or set enabled: false/,
  ],
  [
    'a ratio over 1 (API Gateway 5XXError average)',
    override({ kind: ShopAlarmKind.REST_API_5XX, threshold: 5 }),
    /'alarmOverrides\[0\]\.threshold': 5 is not from 0 to 1 \(ratio\)/,
  ],
  [
    'a threshold of 0 with <: never fires',
    override({ kind: ShopAlarmKind.ECS_RUNNING_TASKS, threshold: 0 }),
    /'ecs-running-tasks' alarms below the threshold and nothing is below 0: the alarm could never fire/,
  ],
  [
    'a NaN threshold',
    override({ kind: ShopAlarmKind.ECS_MEMORY, threshold: NaN }),
    /'alarmOverrides\[0\]\.threshold': NaN is not from 0 to 100/,
  ],
  [
    'an infinite threshold',
    override({ kind: ShopAlarmKind.LAMBDA_THROTTLES, threshold: Infinity }),
    /'alarmOverrides\[0\]\.threshold': Infinity is not 0 or more/,
  ],
  [
    'datapoints > periods',
    override({ kind: ShopAlarmKind.ALB_5XX_RATE, evaluationPeriods: 3, datapointsToAlarm: 4 }),
    /'alarmOverrides\[0\]\.datapointsToAlarm': 4 breaching periods out of 3 evaluated can never happen\. Give at most 3/,
  ],
  [
    "datapoints > the catalog's periods",
    override({ kind: ShopAlarmKind.ECS_CPU, datapointsToAlarm: 6 }),
    /'alarmOverrides\[0\]\.datapointsToAlarm': 6 breaching periods out of 5 evaluated/,
  ],
  [
    'periods × period > 1 day',
    override({ kind: ShopAlarmKind.RDS_CPU, evaluationPeriods: 1441 }),
    /'alarmOverrides\[0\]\.evaluationPeriods': 1441 periods of 60 s evaluate 86460 s, more than CloudWatch's one day\. Give at most 1440/,
  ],
  [
    '5-minute periods × 289 > 1 day',
    override({ kind: ShopAlarmKind.EC2_CPU, evaluationPeriods: 289 }),
    /'alarmOverrides\[0\]\.evaluationPeriods': 289 periods of 300 s evaluate 86700 s, more than CloudWatch's one day\. Give at most 288/,
  ],
  [
    '0 evaluation periods',
    override({ kind: ShopAlarmKind.ECS_CPU, evaluationPeriods: 0 }),
    /'alarmOverrides\[0\]\.evaluationPeriods': 0 is not a whole number of 1 or more/,
  ],
  [
    'fractional datapoints',
    override({ kind: ShopAlarmKind.ECS_CPU, datapointsToAlarm: 2.5 }),
    /'alarmOverrides\[0\]\.datapointsToAlarm': 2.5 is not a whole number of 1 or more/,
  ],
  [
    'negative evaluation periods',
    override({ kind: ShopAlarmKind.ECS_CPU, evaluationPeriods: -3 }),
    /'alarmOverrides\[0\]\.evaluationPeriods': -3 is not a whole number/,
  ],
  [
    'one kind overridden twice',
    override(
      { kind: ShopAlarmKind.ECS_CPU, threshold: 80 },
      { kind: ShopAlarmKind.ECS_MEMORY },
      { kind: ShopAlarmKind.ECS_CPU, enabled: false },
    ),
    /'alarmOverrides\[2\]\.kind': 'ecs-cpu' is overridden twice \(alarmOverrides\[0\] too\)\. Merge the two overrides into one/,
  ],
  [
    'an unknown kind',
    override({ kind: ShopAlarmKind.of('alb-4xx-rate') }),
    /'alarmOverrides\[0\]\.kind': 'alb-4xx-rate' is not a kind of the alarm catalog\. Use one of ShopAlarmKind's statics \(cloudfront-5xx-rate, /,
  ],
  [
    'a missing kind',
    override({ threshold: 5 } as any),
    /'alarmOverrides\[0\]\.kind': is missing\. Give a kind such as ShopAlarmKind\.ALB_5XX_RATE/,
  ],
  [
    'a token threshold',
    (stack) => ({ alarmOverrides: [{ kind: ShopAlarmKind.ECS_CPU, threshold: param(stack) }] }),
    /'alarmOverrides\[0\]\.threshold': is a token \(a parameter or a deploy-time value\)\. Give a literal: a number \(percent\)/,
  ],
  [
    'a token evaluationPeriods',
    (stack) => ({ alarmOverrides: [{ kind: ShopAlarmKind.ECS_CPU, evaluationPeriods: param(stack) }] }),
    /'alarmOverrides\[0\]\.evaluationPeriods': is a token/,
  ],
  [
    'a token datapointsToAlarm',
    () => ({
      alarmOverrides: [{ kind: ShopAlarmKind.ECS_CPU, datapointsToAlarm: Lazy.number({ produce: () => 2 }) }],
    }),
    /'alarmOverrides\[0\]\.datapointsToAlarm': is a token/,
  ],
  [
    'a token enabled',
    (stack) => ({
      alarmOverrides: [
        { kind: ShopAlarmKind.ECS_CPU, enabled: Token.asAny(new CfnParameter(stack, 'On').value) as any },
      ],
    }),
    /'alarmOverrides\[0\]\.enabled': is a token/,
  ],
];

describe('ShopObservability refuses bad input at synth time', () => {
  test(`${CASES.length} cases`, () => expect(CASES.length).toBeGreaterThanOrEqual(25));

  test.each(CASES)('%s', (_name, props, message) => {
    expect(make(props)).toThrow(message);
  });

  test('an e-mail that is a token (a parameter) is left to deploy time', () => {
    expect(make((stack) => ({ alarmEmail: new CfnParameter(stack, 'Email').valueAsString }))).not.toThrow();
  });
});
