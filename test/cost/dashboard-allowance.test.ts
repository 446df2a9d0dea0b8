import { CostEstimator } from '../../src/cost/cost-estimator';
import { dashboardMetricCount } from '../../src/cost/private/pricers/observability';

/*
 * CloudWatch's always-free tier covers 3 dashboards of up to 50 metrics each
 * (https://aws.amazon.com/cloudwatch/pricing/): a dashboard of more metrics is charged in full.
 */

const metricWidget = (n: number, offset = 0) => ({
  type: 'metric',
  properties: {
    metrics: [
      [{ expression: 'a + b', id: 'e' }],
      ...Array.from({ length: n }, (_, i) => ['AWS/EC2', 'CPUUtilization', 'InstanceId', `i-${offset + i}`]),
    ],
  },
});
const dashboard = (body: unknown) => ({
  Type: 'AWS::CloudWatch::Dashboard',
  Properties: { DashboardBody: body },
});
const estimate = (resources: object) =>
  new CostEstimator().estimateTemplate({ Resources: resources }, 'Shop');

describe('dashboard metrics and the free tier', () => {
  test('the metrics of a body are counted, math expressions not, tokens read as placeholders', () => {
    expect(
      dashboardMetricCount(JSON.stringify({ widgets: [metricWidget(3), { type: 'text', properties: {} }] })),
    ).toBe(3);
    const joined = {
      'Fn::Join': [
        '',
        [
          '{"widgets":[{"type":"metric","properties":{"metrics":[["AWS/SQS","NumberOfMessagesSent","QueueName","',
          { 'Fn::GetAtt': ['Q', 'QueueName'] },
          '"]]}}]}',
        ],
      ],
    };
    expect(dashboardMetricCount(joined)).toBe(1);
    expect(dashboardMetricCount({ Ref: 'Body' })).toBeUndefined();
    expect(dashboardMetricCount('{not json')).toBeUndefined();
  });

  test('50 metrics: the free tier covers the dashboard', () => {
    const e = estimate({
      D: dashboard(JSON.stringify({ widgets: [metricWidget(30), metricWidget(20, 30)] })),
    });
    expect(e.totalMonthlyUsd).toBe(0);
    expect(e.lines.map((l) => l.description)).toEqual([
      'dashboard',
      'always-free allowance: CloudWatch dashboards',
    ]);
    expect(e.lines[0].assumption).toBe('one dashboard of 50 metrics');
  });

  test('51 metrics: charged in full, and it leaves the allowance to a smaller dashboard', () => {
    const e = estimate({
      Big: dashboard(JSON.stringify({ widgets: [metricWidget(51)] })),
      Small: dashboard(JSON.stringify({ widgets: [metricWidget(2)] })),
    });
    const big = e.lines.filter((l) => l.logicalId === 'Big');
    expect(big.map((l) => [l.description, l.monthlyUsd])).toEqual([['dashboard', 3]]);
    expect(big[0].assumption).toBe("one dashboard of 51 metrics: past the always-free tier's 50 a dashboard");
    expect(e.lines.filter((l) => l.logicalId === 'Small').map((l) => l.monthlyUsd)).toEqual([3, -3]);
    expect(e.totalMonthlyUsd).toBe(3);
  });

  test('a body that is not known at synth keeps the allowance', () => {
    const e = estimate({ D: dashboard({ Ref: 'Body' }) });
    expect(e.totalMonthlyUsd).toBe(0);
  });
});
