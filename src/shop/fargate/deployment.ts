import * as crypto from 'crypto';
import { CfnResource, Duration, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { markCatalogAlarm } from '../../observability/catalog-alarm-registry';
import { createCatalogAlarms } from '../../observability/catalog-alarms';
import { MonitoredResource } from '../../observability/monitored-resource';
import { MIN_REQUESTS_FOR_ERROR_RATE } from '../../private/error-rate';
import { invalidProp } from '../../private/errors';

/**
 * Rolling deployments that never drop below the desired count, and roll back on failure.
 *
 * ECS starts the new tasks before it stops old ones (100 % minimum healthy, up to 200 % running)
 * so a shop keeps its full capacity while it deploys; the circuit breaker stops a deployment whose
 * tasks keep failing and, with `rollback` (false in aws-cdk-lib unless set), returns to the last
 * working one.
 */
export const SAFE_DEPLOYMENT = {
  minHealthyPercent: 100,
  maxHealthyPercent: 200,
  circuitBreaker: { enable: true, rollback: true },
} as const;

/**
 * How long ECS ignores failing load balancer health checks of a new task: three minutes.
 *
 * A Medusa task on Fargate pulls an image of several hundred MB (up to a minute on a cold host),
 * starts Node and loads its modules and plugins (30 to 90 s at 0.5 to 1 vCPU) and connects to
 * PostgreSQL and Redis before `/health` answers; a migration run in the entrypoint adds more.
 * ecs-patterns' 60 s would kill such tasks while they boot and make the circuit breaker roll back a
 * good release. Longer only delays replacing a task that really hangs, which the deployment alarms
 * and the circuit breaker still catch.
 */
export const DEFAULT_HEALTH_CHECK_GRACE = Duration.minutes(3);

export { MIN_REQUESTS_FOR_ERROR_RATE };

/** The target 5XX rate, in percent, above which a deployment rolls back. */
export const TARGET_5XX_RATE_PERCENT = 5;

/** How many consecutive one-minute periods an alarm condition must hold. */
export const DEPLOYMENT_ALARM_MINUTES = 3;

const MAX_ALARM_NAME = 255;

/** What `createDeploymentAlarms` needs to know about one public service. */
export interface DeploymentAlarmOptions {
  /** The service's name in the shop (`backend`, `product`), a literal. */
  readonly serviceName: string;
  /** The shop's load balancer (a concrete one: its full name is a metric dimension). */
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly targetGroup: elbv2.ApplicationTargetGroup;
  readonly topic: sns.ITopic;
  /**
   * The blue and green target groups of each listener rule, for a service ECS deploys blue/green:
   * each pair gets a 5XX-rate alarm over both groups (traffic is in either), and the unhealthy
   * hosts alarm watches every group. The first pair's blue group is `targetGroup`.
   *
   * @default - `targetGroup` only
   */
  readonly pairs?: DeploymentTargetPair[];
}

/** The two target groups ECS moves one listener rule between. */
export interface DeploymentTargetPair {
  readonly blue: elbv2.ApplicationTargetGroup;
  readonly green: elbv2.ApplicationTargetGroup;
}

/**
 * The deployment alarms of one public service: its targets' 5XX rate and its unhealthy hosts.
 *
 * Both have literal names (`<stack>-<scope path>-<service>-target-5xx` / `-unhealthy-hosts`), which
 * ECS `deploymentAlarms` needs and which are known before the service exists, so they can be given
 * to it (`literalAlarmNames`) without the late-binding trap of aws-cdk-lib's `enableDeploymentAlarms` (aws/aws-cdk#36308).
 * Pass the shop as `scope` so two shops in one stack get different names. Both notify `topic`.
 * A literal name makes no CloudFormation dependency: make the service depend on the alarms
 * (`service.node.addDependency(...alarms)`) so they exist before ECS watches them.
 */
export function createDeploymentAlarms(
  scope: Construct,
  options: DeploymentAlarmOptions,
): cloudwatch.Alarm[] {
  const { serviceName, loadBalancer, targetGroup, topic } = options;
  const metric = (metricName: string, statistic: string, group: elbv2.ApplicationTargetGroup = targetGroup) =>
    new cloudwatch.Metric({
      namespace: 'AWS/ApplicationELB',
      metricName,
      dimensionsMap: {
        LoadBalancer: loadBalancer.loadBalancerFullName,
        TargetGroup: group.targetGroupFullName,
      },
      statistic,
      period: Duration.minutes(1),
    });
  const errorRateAlarm = (id: string, suffix: string, what: string, expression: cloudwatch.MathExpression) =>
    new cloudwatch.Alarm(scope, id, {
      alarmName: deploymentAlarmName(scope, serviceName, suffix),
      alarmDescription:
        `${what}: more than ${TARGET_5XX_RATE_PERCENT} % of requests answered 5XX by the targets for ` +
        `${DEPLOYMENT_ALARM_MINUTES} minutes (at ${MIN_REQUESTS_FOR_ERROR_RATE}+ requests a minute); ` +
        'rolls back a deployment in progress',
      metric: expression,
      threshold: TARGET_5XX_RATE_PERCENT,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: DEPLOYMENT_ALARM_MINUTES,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  const unhealthyAlarm = (metricOrExpression: cloudwatch.IMetric) =>
    new cloudwatch.Alarm(scope, `${serviceName}-UnhealthyHosts`, {
      alarmName: deploymentAlarmName(scope, serviceName, 'unhealthy-hosts'),
      alarmDescription:
        `${serviceName}: a target failed its load balancer health check for ${DEPLOYMENT_ALARM_MINUTES} minutes; ` +
        'rolls back a deployment in progress',
      metric: metricOrExpression,
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: DEPLOYMENT_ALARM_MINUTES,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

  if (options.pairs === undefined || options.pairs.length === 0) {
    // one target group: the alarm catalog's target-5xx-rate and target-unhealthy-hosts of it
    return rollingDeploymentAlarms(scope, options);
  }
  const alarms: cloudwatch.Alarm[] = [];
  {
    // a pair's traffic is in blue, green or both: the rate is over their sum
    options.pairs.forEach((pair, i) => {
      const n = i === 0 ? '' : String(i + 1);
      const requests = '(FILL(blueRequests, 0) + FILL(greenRequests, 0))';
      alarms.push(
        errorRateAlarm(
          `${serviceName}-Target5xxRate${n}`,
          `target-5xx${n === '' ? '' : `-${n}`}`,
          `${serviceName} (listener rule ${i + 1}, blue and green)`,
          new cloudwatch.MathExpression({
            expression:
              `IF(${requests} >= ${MIN_REQUESTS_FOR_ERROR_RATE}, ` +
              `100 * (FILL(blueErrors, 0) + FILL(greenErrors, 0)) / ${requests}, 0)`,
            usingMetrics: {
              blueErrors: metric('HTTPCode_Target_5XX_Count', 'Sum', pair.blue),
              greenErrors: metric('HTTPCode_Target_5XX_Count', 'Sum', pair.green),
              blueRequests: metric('RequestCount', 'Sum', pair.blue),
              greenRequests: metric('RequestCount', 'Sum', pair.green),
            },
            label: `${serviceName} target 5XX rate, rule ${i + 1} (%)`,
            period: Duration.minutes(1),
          }),
        ),
      );
    });
    const groups = options.pairs.flatMap((p) => [p.blue, p.green]);
    const usingMetrics: { [id: string]: cloudwatch.IMetric } = {};
    groups.forEach((g, i) => (usingMetrics[`unhealthy${i}`] = metric('UnHealthyHostCount', 'Maximum', g)));
    alarms.push(
      unhealthyAlarm(
        new cloudwatch.MathExpression({
          expression: `MAX([${Object.keys(usingMetrics)
            .map((id) => `FILL(${id}, 0)`)
            .join(', ')}])`,
          usingMetrics,
          label: `${serviceName} unhealthy targets, every blue and green group`,
          period: Duration.minutes(1),
        }),
      ),
    );
  }
  for (const alarm of alarms) alarm.addAlarmAction(new cwActions.SnsAction(topic));
  markAsCatalogAlarms(alarms, options);
  return alarms;
}

/** The construct id and name suffix of each catalog kind a deployment alarm is. */
const DEPLOYMENT_KINDS: { [kind: string]: [string, string] } = {
  'target-5xx-rate': ['Target5xxRate', 'target-5xx'],
  'target-unhealthy-hosts': ['UnhealthyHosts', 'unhealthy-hosts'],
};

/**
 * The deployment alarms of a service with one target group, made from the alarm catalog's
 * entries (the ids and literal names of earlier releases kept), notifying on ALARM and OK.
 */
function rollingDeploymentAlarms(scope: Construct, options: DeploymentAlarmOptions): cloudwatch.Alarm[] {
  const { serviceName, loadBalancer, targetGroup } = options;
  const group: MonitoredResource = {
    kind: 'target-group',
    tier: 'app',
    resource: targetGroup.node.defaultChild as CfnResource,
    label: serviceName,
    dimensions: {
      TargetGroup: targetGroup.targetGroupFullName,
      LoadBalancer: loadBalancer.loadBalancerFullName,
    },
    facts: { loadBalancerFullName: loadBalancer.loadBalancerFullName },
  };
  return createCatalogAlarms(scope, [group], [], {
    kinds: Object.keys(DEPLOYMENT_KINDS),
    topic: options.topic,
    alarmId: (d) => `${serviceName}-${DEPLOYMENT_KINDS[d.id][0]}`,
    alarmName: (d) => deploymentAlarmName(scope, serviceName, DEPLOYMENT_KINDS[d.id][1]),
  }).map((c) => c.alarm);
}

/**
 * The deployment alarms are the alarm catalog's `target-5xx-rate` and `target-unhealthy-hosts`
 * of their target groups (same metrics, threshold and periods; a blue/green pair's rate covers
 * both groups, the unhealthy alarm every group): a ShopObservability on the shop uses them
 * instead of defining a second alarm of those kinds.
 */
function markAsCatalogAlarms(alarms: cloudwatch.Alarm[], options: DeploymentAlarmOptions): void {
  const unhealthy = alarms[alarms.length - 1];
  const pairs = options.pairs ?? [];
  if (pairs.length === 0) {
    markCatalogAlarm(alarms[0], 'target-5xx-rate', options.targetGroup);
    markCatalogAlarm(unhealthy, 'target-unhealthy-hosts', options.targetGroup);
    return;
  }
  pairs.forEach((pair, i) => {
    for (const group of [pair.blue, pair.green]) {
      markCatalogAlarm(alarms[i], 'target-5xx-rate', group);
      markCatalogAlarm(unhealthy, 'target-unhealthy-hosts', group);
    }
  });
}

/**
 * The literal names of alarms made by `createDeploymentAlarms`, for the service's
 * `deploymentAlarms.alarmNames` (`alarm.alarmName` is a `Ref` token).
 */
export function literalAlarmNames(alarms: cloudwatch.Alarm[]): string[] {
  return alarms.map((alarm) => {
    const name = (alarm.node.defaultChild as cloudwatch.CfnAlarm).alarmName;
    if (name === undefined || Token.isUnresolved(name)) {
      throw new Error(`${alarm.node.path}: the alarm has no literal name; deployment alarms need one`);
    }
    return name;
  });
}

/**
 * `<stack name>-<scope path in the stack>-<service>-<suffix>`, at most 255 characters: a longer
 * name keeps its start and its suffix and gets a hash of the whole name in between.
 */
export function deploymentAlarmName(scope: Construct, serviceName: string, suffix: string): string {
  const stack = Stack.of(scope);
  if (Token.isUnresolved(serviceName)) {
    throw invalidProp(scope, 'serviceName', 'is a token', 'Give a literal service name.');
  }
  const inStack = scope.node.scopes.slice(stack.node.scopes.length).map((c) => c.node.id);
  const name = [stack.stackName, ...inStack, serviceName, suffix].join('-');
  if (name.length <= MAX_ALARM_NAME) return name;
  const hash = crypto.createHash('sha256').update(name).digest('hex').slice(0, 8);
  const tail = `-${hash}-${serviceName}-${suffix}`.slice(-(MAX_ALARM_NAME - 20));
  return name.slice(0, MAX_ALARM_NAME - tail.length) + tail;
}
