import { CostEstimator } from '../../../src/cost';
import { round4 } from '../hand-sum';
import { LIST_PRICES } from '../list-prices';

// lambda.requests.perMillion 0.20, lambda.arm.gbSecond 0.0000133334 (data/prices/aws-us-east-1.json).
describe('serverless family', () => {
  test('an arm64 function at the list prices', () => {
    const e = new CostEstimator({
      ...LIST_PRICES,
      functionInvocationsPerMonth: 3_000_000,
      functionDurationMs: 250,
    }).estimateTemplate(
      {
        Resources: {
          Fn: { Type: 'AWS::Lambda::Function', Properties: { MemorySize: 2048, Architectures: ['arm64'] } },
        },
      },
      'Functions',
    );
    // 3 million requests × 0.20 = 0.60; 3,000,000 × 0.25 s × 2 GB = 1,500,000 GB-s × 0.0000133334 = 20.0001
    expect(e.lines.map((l) => [l.priceKey, l.quantity, l.monthlyUsd])).toEqual([
      ['lambda.requests.perMillion', 3, 0.6],
      ['lambda.arm.gbSecond', 1_500_000, round4(1_500_000 * 0.0000133334)],
    ]);
    expect(e.notPriced).toEqual([]);
  });

  // xray.tracesRecorded.perMillion 5.00; Lambda samples the first request a second and 5 % of the rest
  test.each<[string, number, number]>([
    // under one a second (2,628,000 seconds in 730 hours): every invocation is recorded
    ['under one invocation a second', 1_000_000, 1_000_000],
    // 26,280,000 = 10 a second: 2,628,000 × (1 + 0.05 × 9) = 3,810,600
    ['ten a second', 26_280_000, 3_810_600],
  ])('active tracing records traces: %s', (_what, invocations, traces) => {
    const e = new CostEstimator({
      ...LIST_PRICES,
      functionInvocationsPerMonth: invocations,
    }).estimateTemplate(
      {
        Resources: {
          Traced: { Type: 'AWS::Lambda::Function', Properties: { TracingConfig: { Mode: 'Active' } } },
          PassThrough: {
            Type: 'AWS::Lambda::Function',
            Properties: { TracingConfig: { Mode: 'PassThrough' } },
          },
        },
      },
      'Traced',
    );
    // the two functions split the invocations; only the Active one records traces
    const xray = e.lines.filter((l) => l.priceKey === 'xray.tracesRecorded.perMillion');
    const half = invocations / 2;
    const expected = half / 2_628_000 <= 1 ? half : 2_628_000 * (1 + 0.05 * (half / 2_628_000 - 1));
    expect(xray.map((l) => [l.logicalId, l.quantity, l.monthlyUsd])).toEqual([
      ['Traced', round4(expected / 1e6), round4((expected / 1e6) * 5)],
    ]);
    expect(xray[0].assumption).toMatch(
      /^TracingConfig Active: the first of its .* invocations each second and 5 % of the others/,
    );
    // the same rule for the whole count on one function
    const one = new CostEstimator({
      ...LIST_PRICES,
      functionInvocationsPerMonth: invocations,
    }).estimateTemplate(
      {
        Resources: {
          Traced: { Type: 'AWS::Lambda::Function', Properties: { TracingConfig: { Mode: 'Active' } } },
        },
      },
      'One',
    );
    expect(one.lines.find((l) => l.priceKey === 'xray.tracesRecorded.perMillion')!.quantity).toBe(
      round4(traces / 1e6),
    );
  });

  // stepfunctions.standard.perThousandTransitions 0.025 (aws.amazon.com/step-functions/pricing)
  test('Standard state machines share stateTransitionsPerMonth; an Express one is not priced', () => {
    const e = new CostEstimator({ ...LIST_PRICES, stateTransitionsPerMonth: 50_000 }).estimateTemplate(
      {
        Resources: {
          Redeploy: {
            Type: 'AWS::StepFunctions::StateMachine',
            Properties: { StateMachineType: 'STANDARD' },
          },
          Default: { Type: 'AWS::StepFunctions::StateMachine', Properties: {} },
          Fast: { Type: 'AWS::StepFunctions::StateMachine', Properties: { StateMachineType: 'EXPRESS' } },
        },
      },
      'Workflows',
    );
    // 50,000 transitions over the 2 Standard machines = 25 thousand each × 0.025 = 0.625
    expect(e.lines.map((l) => [l.logicalId, l.priceKey, l.quantity, l.monthlyUsd])).toEqual([
      ['Redeploy', 'stepfunctions.standard.perThousandTransitions', 25, 0.625],
      ['Default', 'stepfunctions.standard.perThousandTransitions', 25, 0.625],
    ]);
    expect(e.notPriced.map((n) => [n.logicalId, n.reason])).toEqual([
      ['Fast', expect.stringMatching(/Express workflow/)],
    ]);
  });

  test('the always-free 4,000 transitions a month cover the default 1,000', () => {
    const e = new CostEstimator({ alwaysFreeAllowances: true }).estimateTemplate(
      { Resources: { Redeploy: { Type: 'AWS::StepFunctions::StateMachine', Properties: {} } } },
      'Workflows',
    );
    expect(e.lines.map((l) => [l.priceKey, l.quantity])).toEqual([
      ['stepfunctions.standard.perThousandTransitions', 1],
      ['stepfunctions.standard.perThousandTransitions (allowance stepfunctions.freeTier.transitions)', -1],
    ]);
    expect(e.totalMonthlyUsd).toBe(0);
  });
});
