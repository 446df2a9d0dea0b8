import { CostEstimate, CostLine } from '../../src';
import { notPricedEntries, usd, variations } from '../../src/cost/private/summary';

/* How every summary (annotation, stderr, main job, cdk-shop-cost) writes money and ranges. */
describe('usd', () => {
  test.each([
    [37.815, '$37.82'], // toFixed(2) gives 37.81: the binary 37.81499...
    [1.005, '$1.01'],
    [2.675, '$2.68'],
    [0.125, '$0.13'],
    [0.0049, '$0.00'],
    [0, '$0.00'],
    [12.264, '$12.26'],
    [999.995, '$1,000.00'],
    [1972.675, '$1,972.68'],
    [1234567.891, '$1,234,567.89'],
    [-3.455, '-$3.46'],
  ])('%p is %s (cents rounded half up, thousands separated)', (amount, text) => {
    expect(usd(amount)).toBe(text);
  });
});

function line(
  logicalId: string,
  type: string,
  unit: string,
  min: number,
  usdMonthly: number,
  max: number,
): CostLine {
  return {
    path: `Stack/${logicalId}`,
    logicalId,
    type,
    description: `${logicalId} item`,
    quantity: 1,
    unit,
    unitPriceUsd: 1,
    monthlyUsd: usdMonthly,
    monthlyMinUsd: min,
    monthlyMaxUsd: max,
    assumption: '',
    priceKey: 'test.key',
  };
}

function estimateOf(lines: CostLine[], notPriced: CostEstimate['notPriced'] = []): CostEstimate {
  return { lines, notPriced } as unknown as CostEstimate;
}

describe('variations', () => {
  test('names each line whose minimum and maximum differ, and what scales in it', () => {
    const estimate = estimateOf([
      line('Db', 'AWS::RDS::DBInstance', 'GB-month', 2.3, 2.3, 11.5),
      line('Tasks', 'AWS::ECS::Service', 'GB-hours', 10, 20, 100),
      line('Hosts', 'AWS::AutoScaling::AutoScalingGroup', 'GB-month', 1.28, 1.28, 6.4),
      line('Table', 'AWS::DynamoDB::Table', 'RCU-hours', 1, 1, 4),
      line('Other', 'AWS::Future::Thing', 'ACU-hours', 1, 2, 3),
      line('Fixed', 'AWS::RDS::DBInstance', 'hours', 5, 5, 5),
      // differs by less than a cent: prints the same, so it does not vary
      line('Tiny', 'AWS::ECS::Service', 'hours', 1.0001, 1.0001, 1.0002),
    ]);
    expect(variations(estimate)).toEqual([
      'Db storage autoscaling (Db item: $2.30 to $11.50)',
      // Fargate memory is in GB, but what varies is the task count
      'Tasks task count (Tasks item: $10.00 to $100.00)',
      // so is an instance's root volume: the instance count varies
      'Hosts instance count (Hosts item: $1.28 to $6.40)',
      'Table capacity auto scaling (Table item: $1.00 to $4.00)',
      'Other scaling range (Other item: $1.00 to $3.00)',
    ]);
  });
});

describe('notPricedEntries', () => {
  test('one entry a resource, each distinct reason once', () => {
    const estimate = estimateOf(
      [],
      [
        { logicalId: 'Fn', type: 'AWS::Lambda::Function', reason: 'no price for requests' },
        { logicalId: 'Fn', type: 'AWS::Lambda::Function', reason: 'no price for compute' },
        { logicalId: 'Topic', type: 'AWS::SNS::Topic', reason: 'no price for publishes' },
        { logicalId: 'Topic', type: 'AWS::SNS::Topic', reason: 'no price for publishes' },
      ],
    );
    expect(notPricedEntries(estimate)).toEqual([
      'Fn (AWS::Lambda::Function): no price for requests; no price for compute',
      'Topic (AWS::SNS::Topic): no price for publishes',
    ]);
  });
});
