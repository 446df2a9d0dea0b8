import { App, CfnResource, Duration, Stack, Stage, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { fixture, shopFixtures } from './dashboard-fixtures';
import { CostEstimate } from '../../src/cost/cost-estimate';
import { CostEstimator } from '../../src/cost/cost-estimator';
import { COST_PLACEHOLDER, costMarkdown } from '../../src/observability/dashboard-cost';
import { METRICS_PER_GRAPH } from '../../src/observability/dashboard-rows';
import { MonitoredResource } from '../../src/observability/monitored-resource';
import { createShopDashboard, ShopDashboardInput } from '../../src/observability/shop-dashboard';
import { checkDashboardBody, dashboardBodies } from '../helpers/dashboard-limits';
import { evaluateExpression } from '../helpers/metric-math';

function newStack(region = 'us-east-1'): Stack {
  return new Stack(new App(), 'Shop', { env: { account: '111122223333', region } });
}

function statusAlarms(stack: Stack, n: number): cloudwatch.IAlarm[] {
  return Array.from({ length: n }, (_, i) =>
    cloudwatch.Alarm.fromAlarmArn(
      stack,
      `Composite${i}`,
      `arn:aws:cloudwatch:us-east-1:111122223333:alarm:shop-${i}`,
    ),
  );
}

/** The dashboard's body of `stack`, parsed, with its check report. */
function body(stack: Stack) {
  const bodies = Object.values(dashboardBodies(Template.fromStack(stack).toJSON(), stack.region));
  expect(bodies).toHaveLength(1);
  return {
    parsed: JSON.parse(bodies[0]),
    report: checkDashboardBody(bodies[0], { maxMetricsPerWidget: METRICS_PER_GRAPH }),
  };
}

function build(stack: Stack, input: Partial<ShopDashboardInput> = {}) {
  return createShopDashboard(stack, {
    resources: input.resources ?? shopFixtures(stack),
    statusAlarms: input.statusAlarms ?? statusAlarms(stack, 4),
    title: 'Shop',
    ...input,
  });
}

const graphs = (parsed: any) => parsed.widgets.filter((w: any) => w.type === 'metric');
const titled = (parsed: any, title: string) => graphs(parsed).find((w: any) => w.properties.title === title);
const labels = (widget: any) =>
  widget.properties.metrics.map((m: any[]) => m[m.length - 1].label).filter(Boolean);

describe('shop dashboard on a shop of fixtures', () => {
  const stack = newStack();
  build(stack);
  const { parsed, report } = body(stack);

  test('the body is valid and within the limits', () => {
    expect(report.problems).toEqual([]);
    expect(report.maxMetricsInWidget).toBeLessThanOrEqual(METRICS_PER_GRAPH);
    expect(report.widgets).toBeLessThanOrEqual(500);
  });

  test('rows follow the request order, whatever order the resources came in', () => {
    const headings = parsed.widgets
      .filter((w: any) => w.type === 'text' && w.properties.markdown.startsWith('## '))
      .sort((a: any, b: any) => a.y - b.y)
      .map((w: any) => w.properties.markdown);
    expect(headings).toEqual([
      '## Load balancers (app tier)',
      '## Target groups (app tier)',
      '## Services (ECS) (app tier)',
      '## Instances (EC2) (app tier)',
      '## Cache (ElastiCache) (data tier)',
      '## Databases (RDS) (data tier)',
      '## Queues (SQS) (data tier)',
    ]);
  });

  test('every ECS service shares one saturation graph, CPU and memory each', () => {
    const w = titled(parsed, 'Services (ECS): saturation (%)');
    expect(labels(w)).toEqual([
      'Storefront: CPU (%)',
      'Storefront: memory (%)',
      'Backend: CPU (%)',
      'Backend: memory (%)',
      'Worker: CPU (%)',
      'Worker: memory (%)',
    ]);
    expect(w.properties.metrics[0].slice(0, 6)).toEqual([
      'AWS/ECS',
      'CPUUtilization',
      'ClusterName',
      'shop-cluster',
      'ServiceName',
      '<Storefront.Name>',
    ]);
    // ECS publishes no traffic, error or latency metric: the row has one full-width graph
    expect(graphs(parsed).filter((g: any) => g.properties.title.startsWith('Services (ECS)'))).toHaveLength(
      1,
    );
    expect(w.width).toBe(24);
  });

  test("the 5XX rate is metric math over the graph's own metrics, and evaluates on sample values", () => {
    const w = titled(parsed, 'Load balancers: errors (%)');
    const expressions = w.properties.metrics.filter((m: any[]) => m.length === 1).map((m: any[]) => m[0]);
    expect(expressions.map((e: any) => e.label)).toEqual([
      'Alb: load balancer 5XX rate (%)',
      'Alb: target 5XX rate (%)',
    ]);
    const byId = new Map<string, string>();
    for (const m of w.properties.metrics.filter((x: any[]) => x.length > 1)) {
      byId.set(m[m.length - 1].id, m[1]);
    }
    const values: Record<string, number> = {};
    for (const [id, metricName] of byId) {
      values[id] = metricName === 'RequestCount' ? 400 : metricName === 'HTTPCode_ELB_5XX_Count' ? 10 : 2;
    }
    expect(evaluateExpression(expressions[0].expression, values)).toBeCloseTo(2.5);
    expect(evaluateExpression(expressions[1].expression, values)).toBeCloseTo(0.5);
    // a minute of requests and no 5XX (the count is not published then): 0 %
    const noErrors = Object.fromEntries(
      [...byId].map(([id, name]) => [id, name === 'RequestCount' ? 400 : undefined]),
    );
    expect(evaluateExpression(expressions[0].expression, noErrors)).toBe(0);
    // no requests: no data point, never a division by zero drawn as 0 %
    const none = Object.fromEntries(
      [...byId.keys()].map((id) => [id, id.startsWith('requests') ? 0 : undefined]),
    );
    expect(evaluateExpression(expressions[0].expression, none)).toBeUndefined();
  });

  test('cache metrics are drawn per member cluster node, database replica lag for replicas only, dead letters for DLQs only', () => {
    const cache = titled(parsed, 'Cache (ElastiCache): saturation (%)');
    expect(cache.properties.metrics.map((m: any[]) => m.slice(2, 6))).toEqual([
      ['CacheClusterId', '<Ref:Cache>-001', 'CacheNodeId', '0001'],
      ['CacheClusterId', '<Ref:Cache>-002', 'CacheNodeId', '0001'],
      ['CacheClusterId', '<Ref:Cache>-001', 'CacheNodeId', '0001'],
      ['CacheClusterId', '<Ref:Cache>-002', 'CacheNodeId', '0001'],
    ]);
    expect(
      labels(titled(parsed, 'Databases (RDS): latency (s)')).filter((l: string) => l.includes('replica lag')),
    ).toEqual(['DatabaseReplica: replica lag (s)']);
    expect(labels(titled(parsed, 'Queues (SQS): errors'))).toEqual(['WorkQueueDlq: dead letters']);
    expect(labels(titled(parsed, 'Queues (SQS): saturation'))).toEqual([
      'WorkQueue: visible',
      'WorkQueue: in flight',
      'WorkQueueDlq: in flight',
    ]);
  });

  test("the composites' status and the cost estimate are on top, side by side", () => {
    const alarm = parsed.widgets.find((w: any) => w.type === 'alarm');
    expect(alarm.properties.alarms).toHaveLength(4);
    const cost = parsed.widgets.find(
      (w: any) => w.type === 'text' && w.properties.markdown.startsWith('### Cost estimate'),
    );
    expect([alarm.y, cost.y]).toEqual([2, 2]);
    expect([alarm.width, cost.width]).toEqual([12, 12]);
  });

  test('every graph uses the period asked for, EC2 instance metrics the 5 minutes basic monitoring publishes at', () => {
    const period = (g: any) => [g.properties.title, g.properties.period];
    const instanceGraphs = graphs(parsed).filter((g: any) =>
      g.properties.title.startsWith('Instances (EC2)'),
    );
    expect(instanceGraphs.map(period)).toEqual([
      ['Instances (EC2): traffic', 300],
      ['Instances (EC2): errors', 60],
      ['Instances (EC2): saturation (%)', 300],
    ]);
    // the metric's own 300 s is left out of the body by aws-cdk-lib: the graph's period is what holds
    expect(instanceGraphs[0].properties.metrics[0][4].period).toBeUndefined();
    const others = graphs(parsed).filter((g: any) => !instanceGraphs.includes(g));
    expect(new Set(others.map((g: any) => g.properties.period))).toEqual(new Set([60]));
  });

  test("a host with the CloudWatch agent gets its memory graphed, in the agent's namespace", () => {
    const agentStack = newStack();
    const host = fixture(agentStack, 'ec2-instance', 'Host', (r) => ({ InstanceId: r.ref }), {
      agentNamespace: 'CdkShop/Host',
    });
    build(agentStack, { resources: [host] });
    const saturation = titled(body(agentStack).parsed, 'Instances (EC2): saturation (%)');
    expect(saturation.properties.metrics.map((m: any[]) => m.slice(0, 4))).toEqual([
      ['AWS/EC2', 'CPUUtilization', 'InstanceId', '<Ref:Host>'],
      ['CdkShop/Host', 'mem_used_percent', 'InstanceId', '<Ref:Host>'],
    ]);
    // the fixtures' bastion has no agent: CPU only
    expect(labels(titled(parsed, 'Instances (EC2): saturation (%)'))).toEqual(['Bastion: CPU (%)']);
  });

  test('an instance with detailed monitoring is graphed every minute', () => {
    const detailed = newStack();
    const instance = new ec2.CfnInstance(detailed, 'Host', { imageId: 'ami-12345678', monitoring: true });
    const resource: MonitoredResource = {
      kind: 'ec2-instance',
      tier: 'app',
      resource: instance,
      label: 'Host',
      dimensions: { InstanceId: instance.ref },
      facts: {},
    };
    build(detailed, { resources: [resource] });
    const periods = graphs(body(detailed).parsed).map((g: any) => g.properties.period);
    expect(periods).toEqual([60, 60, 60]);
  });
});

describe('limits', () => {
  test('many resources of one kind split into rows of at most the graph budget', () => {
    const stack = newStack();
    const resources = Array.from({ length: 70 }, (_, i) =>
      fixture(stack, 'target-group', `Tg${i}`, (r) => ({
        TargetGroup: r.getAtt('TargetGroupFullName').toString(),
        LoadBalancer: 'app/a/b',
      })),
    );
    build(stack, { resources });
    const { parsed, report } = body(stack);
    expect(report.problems).toEqual([]);
    // the error graph draws 3 metrics a target group (rate, errors, requests): 33 per graph, 3 rows
    const errors = graphs(parsed).filter((g: any) => g.properties.title.startsWith('Target groups: errors'));
    expect(errors.map((g: any) => g.properties.title)).toEqual([
      'Target groups: errors (%) (1/3)',
      'Target groups: errors (%) (2/3)',
      'Target groups: errors (%) (3/3)',
    ]);
    expect(errors.map((g: any) => g.properties.metrics.length)).toEqual([99, 99, 12]);
  });

  test('no status alarms: no alarm widget (an empty one is an invalid body); over 100: several', () => {
    const none = newStack();
    build(none, { statusAlarms: [] });
    expect(body(none).parsed.widgets.filter((w: any) => w.type === 'alarm')).toHaveLength(0);
    expect(body(none).report.problems).toEqual([]);
    const many = newStack();
    build(many, { statusAlarms: statusAlarms(many, 150) });
    const { parsed, report } = body(many);
    expect(report.problems).toEqual([]);
    expect(
      parsed.widgets.filter((w: any) => w.type === 'alarm').map((w: any) => w.properties.alarms.length),
    ).toEqual([100, 50]);
  });

  test('metrics of another region are graphed in their region', () => {
    const stack = newStack('eu-west-1');
    const resources = [
      fixture(stack, 'load-balancer', 'Alb', (r) => ({
        LoadBalancer: r.getAtt('LoadBalancerFullName').toString(),
      })),
      fixture(stack, 'load-balancer', 'GlobalAlb', () => ({ LoadBalancer: 'app/g/1' }), {}, 'us-east-1'),
    ];
    build(stack, { resources });
    const { parsed, report } = body(stack);
    expect(report.problems).toEqual([]);
    const traffic = graphs(parsed).filter((g: any) =>
      g.properties.title.startsWith('Load balancers: traffic'),
    );
    expect(traffic.map((g: any) => g.properties.region)).toEqual(['eu-west-1', 'us-east-1']);
  });
});

describe('cost estimate widget', () => {
  function costStack(props = {}) {
    const stack = newStack();
    const estimates: CostEstimate[] = [];
    createShopDashboard(stack, {
      resources: shopFixtures(stack),
      statusAlarms: [],
      title: 'Shop',
      options: { costAssumptions: props },
      onCostEstimate: (e) => estimates.push(e),
    });
    // something priced besides the dashboard
    new CfnResource(stack, 'Topic', { type: 'AWS::SNS::Topic' });
    return { stack, estimates };
  }

  test('the figure is the estimate of the same stack by CostEstimator.estimateStack, the dashboard included', () => {
    const { stack, estimates } = costStack({ alwaysFreeAllowances: false });
    const expected = new CostEstimator({ alwaysFreeAllowances: false }).estimateStack(stack);
    expect(estimates).toHaveLength(1);
    expect(estimates[0].totalMonthlyUsd).toBe(expected.totalMonthlyUsd);
    expect(estimates[0].lines.map((l) => l.logicalId)).toEqual(expected.lines.map((l) => l.logicalId));
    const dashboardLine = expected.lines.find((l) => l.type === 'AWS::CloudWatch::Dashboard');
    expect(dashboardLine?.monthlyUsd).toBeGreaterThan(0);
    const markdown = body(stack).parsed.widgets.find(
      (w: any) => w.type === 'text' && w.properties.markdown.startsWith('### Cost'),
    ).properties.markdown as string;
    expect(markdown).toContain(`$${expected.totalMonthlyUsd.toFixed(2)} a month`);
    expect(markdown).not.toContain(COST_PLACEHOLDER);
  });

  test("the markdown is exactly the estimate's text, the marker replaced everywhere, the template rendered once", () => {
    const { stack, estimates } = costStack();
    const template = Template.fromStack(stack).toJSON();
    expect(estimates).toHaveLength(1);
    expect(JSON.stringify(template)).not.toMatch(/cdk-shop-cost-estimate/);
    const markdown = body(stack).parsed.widgets.find((w: any) =>
      w.properties.markdown?.startsWith('### Cost'),
    ).properties.markdown;
    expect(markdown).toBe(costMarkdown(estimates[estimates.length - 1]));
    expect(markdown.split('\n').length).toBeGreaterThan(5);
  });

  test('the body is resolved once a synthesis (aws-cdk-lib would resolve it three times), afresh for the next', () => {
    const stack = newStack();
    let resolutions = 0;
    build(stack, { onBodyResolved: () => resolutions++ });
    const first = Template.fromStack(stack).toJSON();
    expect(resolutions).toBe(1);
    // a synthesis again (a changed tree would be seen): resolved again, once
    const again = Stage.of(stack)!.synth({ force: true });
    expect(resolutions).toBe(2);
    expect(again.getStackArtifact(stack.artifactId).template).toEqual(first);
    // a resource added since: the next synthesis prices it
    const before = new CostEstimator().estimateStack(stack).totalMonthlyUsd;
    new CfnResource(stack, 'AddedLater', { type: 'AWS::SecretsManager::Secret' });
    const after = Stage.of(stack)!.synth({ force: true }).getStackArtifact(stack.artifactId).template;
    const afterTotal = new CostEstimator().estimateTemplate(after, 'Shop').totalMonthlyUsd;
    expect(afterTotal).toBeGreaterThan(before);
    expect(JSON.stringify(after)).toContain(`Cost estimate: $${afterTotal.toFixed(2)} a month`);
    // the tree metadata reads the same body, the cost figure in it
    const tree = JSON.stringify(
      stack.resolve((stack.node.findChild('Dashboard').node.defaultChild as any).dashboardBody),
    );
    expect(tree).toContain('### Cost estimate: $');
  });

  test('with the allowances the free dashboard is deducted, the figure still the same', () => {
    const { stack, estimates } = costStack();
    const expected = new CostEstimator().estimateStack(stack);
    expect(estimates.map((e) => e.totalMonthlyUsd)).toEqual([expected.totalMonthlyUsd]);
  });

  test('costEstimate false: no cost widget and no estimate', () => {
    const stack = newStack();
    const seen: CostEstimate[] = [];
    build(stack, { options: { costEstimate: false }, onCostEstimate: (e) => seen.push(e) });
    expect(body(stack).parsed.widgets.some((w: any) => w.properties.markdown?.startsWith('### Cost'))).toBe(
      false,
    );
    expect(seen).toHaveLength(0);
  });
});

describe('options', () => {
  test('enabled false defines nothing', () => {
    const stack = newStack();
    expect(build(stack, { options: { enabled: false } })).toBeUndefined();
    Template.fromStack(stack).resourceCountIs('AWS::CloudWatch::Dashboard', 0);
  });

  test('dashboardName and defaultPeriod are applied', () => {
    const stack = newStack();
    build(stack, { options: { dashboardName: 'shop-prod', defaultPeriod: Duration.minutes(5) } });
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Dashboard', {
      DashboardName: 'shop-prod',
    });
    expect(new Set(graphs(body(stack).parsed).map((g: any) => g.properties.period))).toEqual(new Set([300]));
  });

  const bad: Array<[string, (stack: Stack) => Partial<ShopDashboardInput>, RegExp]> = [
    [
      'a dashboard name with a space',
      () => ({ options: { dashboardName: 'my shop' } }),
      /'dashboard.dashboardName': 'my shop' is not 1-255 characters/,
    ],
    [
      'a dashboard name of 256 characters',
      () => ({ options: { dashboardName: 'a'.repeat(256) } }),
      /'dashboard.dashboardName'/,
    ],
    [
      'a period of 30 seconds',
      () => ({ options: { defaultPeriod: Duration.seconds(30) } }),
      /'dashboard.defaultPeriod': 30 seconds is not a whole number of minutes/,
    ],
    [
      'a period of 90 seconds',
      () => ({ options: { defaultPeriod: Duration.seconds(90) } }),
      /'dashboard.defaultPeriod'/,
    ],
    [
      'a period of 2 days',
      () => ({ options: { defaultPeriod: Duration.days(2) } }),
      /'dashboard.defaultPeriod'/,
    ],
    [
      'a token period',
      () => ({ options: { defaultPeriod: Duration.minutes(Token.asNumber({ Ref: 'P' })) } }),
      /'dashboard.defaultPeriod': is a token/,
    ],
    [
      'a token for enabled',
      () => ({ options: { enabled: Token.asAny({ Ref: 'E' }) as any } }),
      /'dashboard.enabled': is a token/,
    ],
    [
      'a negative cost assumption',
      () => ({ options: { costAssumptions: { requestsPerMonth: -1 } } }),
      /'dashboard.costAssumptions': CostEstimator: invalid 'requestsPerMonth'/,
    ],
    [
      'a resource whose dimension value is missing (aws/aws-cdk#31066)',
      (stack) => ({
        resources: [fixture(stack, 'load-balancer', 'Alb', () => ({ LoadBalancer: undefined as any }))],
      }),
      /'dashboard': the dimension LoadBalancer of RequestCount for Alb is undefined/,
    ],
  ];
  test.each(bad)('rejects %s, naming the construct and the prop', (_name, input, message) => {
    const stack = newStack();
    expect(() => build(stack, input(stack))).toThrow(message);
    expect(() => build(newStack(), input(newStack()))).toThrow(
      /^Shop: invalid 'dashboard[.a-zA-Z]*': .+\. .+/,
    );
  });
});
