import { App, CustomResource, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as cr from 'aws-cdk-lib/custom-resources';
import { CostEstimator } from '../../../src/cost';
import { round4 } from '../hand-sum';
import { LIST_PRICES } from '../list-prices';

// xray.tracesRecorded.perMillion 5.00, xray.freeTier.tracesRecorded 100,000 a month
// (data/prices/aws-us-east-1.json, from aws.amazon.com/xray/pricing).
const COLLECTOR = 'public.ecr.aws/aws-observability/aws-otel-collector:v0.43.1';

/**
 * A stack with `services` Fargate services (web0, web1, ...), each with an ADOT sidecar when
 * `traced`, its app container's environment `environment(i)`.
 */
function tracedStack(
  services: number,
  traced: (i: number) => boolean,
  environment: (i: number) => { [name: string]: string } = () => ({}),
) {
  const stack = new Stack(new App(), 'Traced');
  const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0, maxAzs: 2 });
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
  for (let i = 0; i < services; i++) {
    const task = new ecs.FargateTaskDefinition(stack, `Task${i}`, { cpu: 512, memoryLimitMiB: 1024 });
    task.addContainer('app', {
      image: ecs.ContainerImage.fromRegistry('ghcr.io/acme/app:1.0.0'),
      environment: environment(i),
    });
    if (traced(i)) {
      task.addContainer('otel', { image: ecs.ContainerImage.fromRegistry(COLLECTOR), essential: false });
    }
    new ecs.FargateService(stack, `Web${i}`, { cluster, taskDefinition: task });
  }
  return stack;
}

const estimate = (stack: Stack, props = {}) =>
  new CostEstimator({ ...LIST_PRICES, ...props }).estimateTemplate(
    Template.fromStack(stack).toJSON(),
    'Traced',
  );

describe('tracing family: the ADOT collector sidecar sends traces to X-Ray', () => {
  test('tracesPerMonth is split over the traced task definitions an ECS service runs', () => {
    const e = estimate(
      tracedStack(3, (i) => i < 2),
      { tracesPerMonth: 3_000_000 },
    );
    const traces = e.lines.filter((l) => l.priceKey === 'xray.tracesRecorded.perMillion');
    // 3 million traces over the 2 traced task definitions: 1.5 million × $5.00 each
    expect(traces.map((l) => [l.logicalId.replace(/[0-9A-F]{8}$/, ''), l.quantity, l.monthlyUsd])).toEqual([
      ['Task0', 1.5, 7.5],
      ['Task1', 1.5, 7.5],
    ]);
    expect(traces[0].assumption).toMatch(/ADOT collector container otel exports .* Web0Service/);
    // the untraced task definition has no line of its own: its tasks are on its service
    expect(e.free.filter((f) => f.type === 'AWS::ECS::TaskDefinition').map((f) => f.reason)).toEqual([
      'priced on the ECS service that runs it',
    ]);
    expect(e.notPriced).toEqual([]);
  });

  test('by default each traced task definition records its share of requestsPerMonth at its sampling ratio, the first 100,000 always free', () => {
    // a FargateShop's app containers: parentbased_traceidratio at tracing.samplingRatio
    const ratio = (arg: string) => ({
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: arg,
    });
    const e = new CostEstimator({ requestsPerMonth: 6_000_000 }).estimateTemplate(
      Template.fromStack(
        tracedStack(
          3,
          () => true,
          (i) => ratio(['0.05', '0.05', '0.2'][i]),
        ),
      ).toJSON(),
      'T',
    );
    expect(e.assumptions.tracesPerMonth).toBeUndefined();
    const xray = e.lines.filter((l) => l.priceKey.startsWith('xray.'));
    const traces = xray.filter((l) => !/always-free allowance/.test(l.description));
    // 2 million requests each, × 0.05, 0.05 and 0.2
    expect(traces.map((l) => l.quantity)).toEqual([0.1, 0.1, 0.4]);
    expect(traces[0].assumption).toMatch(
      /requestsPerMonth 6000000 split evenly over 3 traced task definition\(s\) = 2000000 each, sampled at 0\.05 \(container app's parentbased_traceidratio, OTEL_TRACES_SAMPLER_ARG 0\.05\) = 100000 traces/,
    );
    // 600,000 traces at $5.00 a million, the first 100,000 free
    expect(xray.filter((l) => /always-free allowance/.test(l.description)).map((l) => l.quantity)).toEqual([
      -0.1,
    ]);
    expect(round4(xray.reduce((sum, l) => sum + l.monthlyUsd, 0))).toBe(round4(0.5 * 5));
  });

  test.each([
    ['no OTEL_ variable: the SDK default parentbased_always_on', {}, 1],
    ['always_off', { OTEL_TRACES_SAMPLER: 'always_off' }, 0],
    [
      'parentbased_always_off',
      { OTEL_TRACES_SAMPLER: 'parentbased_always_off', OTEL_SERVICE_NAME: 'web' },
      0,
    ],
    ['always_on', { OTEL_TRACES_SAMPLER: 'always_on' }, 1],
    ['xray (remote sampling rules)', { OTEL_TRACES_SAMPLER: 'xray' }, 1],
    ['traceidratio 0.25', { OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.25' }, 0.25],
    ['traceidratio without its argument (the SDKs use 1.0)', { OTEL_TRACES_SAMPLER: 'traceidratio' }, 1],
    [
      'a ratio above 1 (not a probability)',
      { OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '5' },
      1,
    ],
    [
      'a ratio that is not a number',
      { OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: 'half' },
      1,
    ],
    ['the default sampler with an argument it ignores', { OTEL_TRACES_SAMPLER_ARG: '0.1' }, 1],
  ])('sampling ratio with %s: %p of the requests', (_what, environment, ratio) => {
    const e = new CostEstimator(LIST_PRICES).estimateTemplate(
      Template.fromStack(
        tracedStack(
          1,
          () => true,
          () => environment,
        ),
      ).toJSON(),
      'T',
    );
    const traces = e.lines.filter((l) => l.priceKey === 'xray.tracesRecorded.perMillion');
    expect(traces.map((l) => l.quantity)).toEqual([ratio]);
  });

  test('a given tracesPerMonth wins over the sampling ratio', () => {
    const e = estimate(
      tracedStack(
        2,
        () => true,
        () => ({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.01' }),
      ),
      { tracesPerMonth: 400_000 },
    );
    expect(e.assumptions.tracesPerMonth).toBe(400_000);
    expect(
      e.lines.filter((l) => l.priceKey === 'xray.tracesRecorded.perMillion').map((l) => l.quantity),
    ).toEqual([0.2, 0.2]);
  });

  test('a task definition no service runs is a one-off task, free with its reason', () => {
    const stack = new Stack(new App(), 'OneOff');
    const task = new ecs.FargateTaskDefinition(stack, 'Migrate', { cpu: 512, memoryLimitMiB: 1024 });
    task.addContainer('migrate', { image: ecs.ContainerImage.fromRegistry('ghcr.io/acme/medusa:1.0.0') });
    task.addContainer('otel', { image: ecs.ContainerImage.fromRegistry(COLLECTOR), essential: false });
    const e = estimate(stack);
    expect(e.lines.filter((l) => l.type === 'AWS::ECS::TaskDefinition')).toEqual([]);
    expect(e.free.filter((f) => f.type === 'AWS::ECS::TaskDefinition').map((f) => f.reason)).toEqual([
      expect.stringMatching(/^no ECS service in this template runs it: a one-off task .*its tracing sidecar/),
    ]);
  });

  test('a bad tracesPerMonth names the prop', () => {
    expect(() => new CostEstimator({ tracesPerMonth: -1 })).toThrow(
      /CostEstimator: invalid 'tracesPerMonth': -1 is not a finite non-negative number\. Pass a literal number >= 0, or omit it for the default \(requestsPerMonth × each traced task definition's sampling ratio\)/,
    );
  });
});

describe('deploy-time functions and state machines', () => {
  test("a provider framework's waiter state machine and its isComplete / onTimeout handlers run only on deploy", () => {
    const stack = new Stack(new App(), 'Waiter');
    const code = lambda.Code.fromInline('exports.handler = async () => ({})');
    const fn = (id: string) =>
      new lambda.Function(stack, id, { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code });
    const provider = new cr.Provider(stack, 'Migrations', {
      onEventHandler: fn('OnEvent'),
      isCompleteHandler: fn('IsComplete'),
      queryInterval: Duration.seconds(30),
      totalTimeout: Duration.minutes(30),
    });
    new CustomResource(stack, 'Migrate', { serviceToken: provider.serviceToken });
    const e = estimate(stack, { stateTransitionsPerMonth: 10_000, functionInvocationsPerMonth: 5_000_000 });
    // nothing of the custom resource takes a share of the run-time usage
    expect(e.lines).toEqual([]);
    const deployOnly = e.free.filter(
      (f) => f.type === 'AWS::Lambda::Function' || f.type === 'AWS::StepFunctions::StateMachine',
    );
    expect(deployOnly.map((f) => f.logicalId.replace(/[0-9A-F]{8}$/, '')).sort()).toEqual([
      'IsComplete',
      'MigrationsframeworkisComplete',
      'MigrationsframeworkonEvent',
      'MigrationsframeworkonTimeout',
      'Migrationswaiterstatemachine',
      'OnEvent',
    ]);
    expect(deployOnly.every((f) => /^runs only when the stack deploys, /.test(f.reason))).toBe(true);
  });

  test('an ECS deployment lifecycle hook runs per deployment; a function that also serves requests is priced', () => {
    const hookRef = { 'Fn::GetAtt': ['Hook', 'Arn'] };
    const e = new CostEstimator(LIST_PRICES).estimateTemplate(
      {
        Resources: {
          Hook: { Type: 'AWS::Lambda::Function', Properties: { MemorySize: 128 } },
          Api: { Type: 'AWS::Lambda::Function', Properties: { MemorySize: 128 } },
          Web: {
            Type: 'AWS::ECS::Service',
            Properties: {
              LaunchType: 'EC2',
              DeploymentConfiguration: {
                Strategy: 'BLUE_GREEN',
                LifecycleHooks: [{ HookTargetArn: hookRef, LifecycleStages: ['POST_TEST_TRAFFIC_SHIFT'] }],
              },
            },
          },
          // a function URL or an event source mapping is a use at run time
          ApiPermission: {
            Type: 'AWS::Lambda::Permission',
            Properties: { FunctionName: { Ref: 'Api' }, Principal: 'elasticloadbalancing.amazonaws.com' },
          },
        },
      },
      'Hooks',
    );
    expect(e.free.find((f) => f.logicalId === 'Hook')?.reason).toBe(
      'runs only when a service deploys, as a deployment lifecycle hook of ECS service(s) Web: well under a cent a month, not estimated',
    );
    // the other function takes all of functionInvocationsPerMonth: 1 million requests × 0.20
    expect(e.lines.filter((l) => l.logicalId === 'Api').map((l) => l.quantity)).toEqual([1, 12_500]);
  });
});
