import { App, CfnResource, Fn, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigatewayv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { DASHBOARD_SIGNALS } from '../../src/observability/dashboard-signals';
import {
  MonitoredResource,
  ResourceFacts,
  ResourceKind,
  TIER_OF,
} from '../../src/observability/monitored-resource';
import { createShopDashboard } from '../../src/observability/shop-dashboard';
import { checkDashboards, graphedMetrics } from '../helpers/dashboard-metrics';

/*
 * Every graph of the dashboard can draw: each metric is one AWS publishes, under that dimension
 * set, with each value traced to the right resource attribute (test/helpers/dashboard-metrics.ts
 * over the publication table the alarms are checked against). The resources here are the
 * CloudFormation resources of every kind the dashboard knows, with the dimensions discovery
 * gives them; the shops' own are checked in shop-dashboard-shops.test.ts.
 */

function monitored(
  kind: ResourceKind,
  resource: CfnResource,
  dimensions: { [name: string]: string },
  facts: ResourceFacts = {},
  metricRegion?: string,
): MonitoredResource {
  return { kind, tier: TIER_OF[kind], resource, label: resource.node.id, dimensions, facts, metricRegion };
}

/** One resource of every kind, in a stack of `region`. */
function everyKind(stack: Stack): MonitoredResource[] {
  const lb = new elbv2.CfnLoadBalancer(stack, 'Alb', { type: 'application' });
  const tg = new elbv2.CfnTargetGroup(stack, 'Targets', { port: 80, protocol: 'HTTP' });
  const cluster = new ecs.CfnCluster(stack, 'Cluster');
  const service = new ecs.CfnService(stack, 'Service', { cluster: cluster.ref });
  const instance = new ec2.CfnInstance(stack, 'Host', { imageId: 'ami-12345678' });
  const nat = new ec2.CfnNatGateway(stack, 'Nat', { subnetId: 'subnet-1' });
  const fn = new lambda.CfnFunction(stack, 'Function', {
    code: { zipFile: 'x' },
    role: 'arn:aws:iam::1:role/r',
  });
  const restApi = new apigateway.CfnRestApi(stack, 'RestApi', { name: 'shop-api' });
  const restStage = new apigateway.CfnStage(stack, 'RestStage', {
    restApiId: restApi.ref,
    stageName: 'prod',
  });
  const httpApi = new apigatewayv2.CfnApi(stack, 'HttpApi', { name: 'shop-http', protocolType: 'HTTP' });
  new apigatewayv2.CfnStage(stack, 'HttpStage', { apiId: httpApi.ref, stageName: '$default' });
  const db = new rds.CfnDBInstance(stack, 'Database', {
    dbInstanceClass: 'db.t4g.medium',
    engine: 'postgres',
  });
  const replica = new rds.CfnDBInstance(stack, 'Replica', {
    dbInstanceClass: 'db.t4g.medium',
    sourceDbInstanceIdentifier: db.ref,
  });
  const cache = new elasticache.CfnReplicationGroup(stack, 'Cache', {
    replicationGroupDescription: 'cache',
    numCacheClusters: 2,
    cacheNodeType: 'cache.t4g.small',
    engine: 'valkey',
  });
  const table = new dynamodb.CfnTable(stack, 'Table', {
    keySchema: [{ attributeName: 'pk', keyType: 'HASH' }],
  });
  const queue = new sqs.CfnQueue(stack, 'Queue');
  const dlq = new sqs.CfnQueue(stack, 'DeadLetters');
  const distribution = new cloudfront.CfnDistribution(stack, 'Distribution', {
    distributionConfig: {
      enabled: true,
      defaultCacheBehavior: { targetOriginId: 'o', viewerProtocolPolicy: 'https-only' },
    },
  });
  const visibility = (metricName: string) => ({
    metricName,
    cloudWatchMetricsEnabled: true,
    sampledRequestsEnabled: true,
  });
  new wafv2.CfnWebACL(stack, 'EdgeAcl', {
    scope: 'CLOUDFRONT',
    defaultAction: { allow: {} },
    visibilityConfig: visibility('shopEdgeAcl'),
  });
  new wafv2.CfnWebACL(stack, 'RegionalAcl', {
    scope: 'REGIONAL',
    defaultAction: { allow: {} },
    visibilityConfig: visibility('shopRegionalAcl'),
  });
  const albName = lb.attrLoadBalancerFullName;
  return [
    monitored(
      'cloudfront-distribution',
      distribution,
      { DistributionId: distribution.ref, Region: 'Global' },
      {},
      'us-east-1',
    ),
    monitored(
      'waf-web-acl',
      stack.node.findChild('EdgeAcl') as CfnResource,
      { WebACL: 'shopEdgeAcl', Rule: 'ALL' },
      { wafScope: 'CLOUDFRONT' },
      'us-east-1',
    ),
    monitored(
      'waf-web-acl',
      stack.node.findChild('RegionalAcl') as CfnResource,
      { WebACL: 'shopRegionalAcl', Rule: 'ALL', Region: stack.region },
      { wafScope: 'REGIONAL' },
    ),
    monitored('load-balancer', lb, { LoadBalancer: albName }),
    monitored(
      'target-group',
      tg,
      { TargetGroup: tg.attrTargetGroupFullName, LoadBalancer: albName },
      { loadBalancerFullName: albName },
    ),
    monitored('rest-api', restApi, { ApiName: 'shop-api', Stage: restStage.ref }),
    monitored('http-api', httpApi, { ApiId: httpApi.ref, Stage: '$default' }),
    monitored(
      'ecs-service',
      service,
      { ClusterName: cluster.ref, ServiceName: service.attrName },
      { minimumTasks: 1 },
    ),
    monitored('ec2-instance', instance, { InstanceId: instance.ref }),
    monitored('lambda-function', fn, { FunctionName: fn.ref }, { timeoutSeconds: 3 }),
    monitored('nat-gateway', nat, { NatGatewayId: nat.ref }),
    monitored(
      'cache-replication-group',
      cache,
      { ReplicationGroupId: cache.ref },
      {
        cacheNodeType: 'cache.t4g.small',
        cacheClusterIds: ['001', '002'].map((n) => Fn.join('-', [cache.ref, n])),
      },
    ),
    monitored('rds-instance', db, { DBInstanceIdentifier: db.ref }, { readReplica: false }),
    monitored('rds-instance', replica, { DBInstanceIdentifier: replica.ref }, { readReplica: true }),
    monitored('dynamodb-table', table, { TableName: table.ref }),
    monitored('sqs-queue', queue, { QueueName: queue.attrQueueName }, { deadLetterQueue: false }),
    monitored('sqs-queue', dlq, { QueueName: dlq.attrQueueName }, { deadLetterQueue: true }),
  ];
}

function synth(build: (stack: Stack) => MonitoredResource[], region = 'eu-west-1') {
  const stack = new Stack(new App(), 'Shop', { env: { account: '111122223333', region } });
  createShopDashboard(stack, { resources: build(stack), statusAlarms: [], title: 'Shop' });
  return { name: 'Shop', template: Template.fromStack(stack).toJSON(), region };
}

describe('every graph of the dashboard can draw', () => {
  const stack = synth(everyKind);

  test('0 mismatches over every kind the dashboard knows, in a stack outside us-east-1', () => {
    const report = checkDashboards([stack]);
    expect(report.mismatches).toEqual([]);
    expect(report.metrics).toBeGreaterThan(80);
  });

  test('every kind the dashboard has signals for is graphed here', () => {
    const namespaces = new Set(graphedMetrics(stack).map((g) => g.metric.namespace));
    const expected = new Set(
      Object.values(DASHBOARD_SIGNALS).flatMap((k) =>
        Object.values(k!.signals).flatMap((lines) =>
          lines.flatMap((l) =>
            l.metric ? [l.metric.namespace] : Object.values(l.usingMetrics ?? {}).map((m) => m.namespace),
          ),
        ),
      ),
    );
    expect(namespaces).toEqual(expected);
  });

  test("CloudFront and the CLOUDFRONT web ACL are read in us-east-1, the rest in the stack's region", () => {
    const regions = new Map<string, Set<string | undefined>>();
    for (const g of graphedMetrics(stack)) {
      const key =
        g.metric.namespace === 'AWS/WAFV2' ? `WAF ${g.metric.dimensions.length}` : g.metric.namespace;
      regions.set(key, new Set([...(regions.get(key) ?? []), g.region]));
    }
    expect(regions.get('AWS/CloudFront')).toEqual(new Set(['us-east-1']));
    expect(regions.get('WAF 2')).toEqual(new Set(['us-east-1']));
    expect(regions.get('WAF 3')).toEqual(new Set(['eu-west-1']));
    expect(regions.get('AWS/ApplicationELB')).toEqual(new Set(['eu-west-1']));
  });
});

describe('the check finds a graph that cannot draw', () => {
  const wrong: Array<[string, (stack: Stack) => MonitoredResource, RegExp]> = [
    [
      'a load balancer named by its ARN',
      (s) => {
        const lb = new elbv2.CfnLoadBalancer(s, 'Alb', { type: 'application' });
        return monitored('load-balancer', lb, { LoadBalancer: lb.ref });
      },
      /LoadBalancer = .*Alb/,
    ],
    [
      'a cache graphed by its group id',
      (s) => {
        const cache = new elasticache.CfnReplicationGroup(s, 'Cache', {
          replicationGroupDescription: 'c',
          numCacheClusters: 2,
        });
        return monitored(
          'cache-replication-group',
          cache,
          { ReplicationGroupId: cache.ref },
          { cacheClusterIds: [cache.ref] },
        );
      },
      /CacheClusterId/,
    ],
    [
      'a third member of a two-member group',
      (s) => {
        const cache = new elasticache.CfnReplicationGroup(s, 'Cache', {
          replicationGroupDescription: 'c',
          numCacheClusters: 2,
        });
        return monitored(
          'cache-replication-group',
          cache,
          {},
          { cacheClusterIds: [Fn.join('-', [cache.ref, '003'])] },
        );
      },
      /member 003 of a group of 2/,
    ],
    [
      "CloudFront read in the stack's region",
      (s) => {
        const d = new cloudfront.CfnDistribution(s, 'D', {
          distributionConfig: {
            enabled: true,
            defaultCacheBehavior: { targetOriginId: 'o', viewerProtocolPolicy: 'https-only' },
          },
        });
        return monitored('cloudfront-distribution', d, { DistributionId: d.ref, Region: 'Global' });
      },
      /published in us-east-1 only/,
    ],
    [
      'an SQS queue named by its URL',
      (s) => {
        const q = new sqs.CfnQueue(s, 'Q');
        return monitored('sqs-queue', q, { QueueName: q.ref });
      },
      /QueueName = /,
    ],
  ];
  test.each(wrong)('%s', (_name, build, problem) => {
    const report = checkDashboards([synth((s) => [build(s)])]);
    expect(report.mismatches.join('\n')).toMatch(problem);
  });
});
