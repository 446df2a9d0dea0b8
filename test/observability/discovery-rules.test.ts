import { App, Duration, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as eventsources from 'aws-cdk-lib/aws-lambda-event-sources';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { discoverResources } from '../../src/observability/discovery';
import { MonitoredResource } from '../../src/observability/monitored-resource';

/*
 * Discovery's rules one by one, on small stacks of aws-cdk-lib constructs (L2 where one makes
 * the shape, L1 where only the property matters).
 */

const newStack = () =>
  new Stack(new App(), 'Stack', { env: { region: 'eu-central-1', account: '111122223333' } });
const of = (stack: Stack, kind: string) => discoverResources(stack).filter((r) => r.kind === kind);
const id = (r: MonitoredResource) => Stack.of(r.resource).resolve(r.resource.logicalId);
const code = lambda.Code.fromInline('exports.handler = async () => ({});');
const fn = (stack: Stack, name: string, props: Partial<lambda.FunctionProps> = {}) =>
  new lambda.Function(stack, name, {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code,
    ...props,
  });

describe('load balancers and target groups', () => {
  test('only application load balancers; only target groups a listener or rule forwards to', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0 });
    const alb = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc });
    new elbv2.NetworkLoadBalancer(stack, 'Nlb', { vpc });
    const used = new elbv2.ApplicationTargetGroup(stack, 'Used', { vpc, port: 80 });
    const byRule = new elbv2.ApplicationTargetGroup(stack, 'ByRule', { vpc, port: 80 });
    new elbv2.ApplicationTargetGroup(stack, 'Unused', { vpc, port: 80 });
    const listener = alb.addListener('Http', { port: 80, defaultTargetGroups: [used] });
    listener.addAction('Api', {
      priority: 10,
      conditions: [elbv2.ListenerCondition.pathPatterns(['/api/*'])],
      action: elbv2.ListenerAction.weightedForward([{ targetGroup: byRule, weight: 1 }]),
    });
    expect(of(stack, 'load-balancer').map((r) => r.label)).toEqual(['Alb']);
    const groups = of(stack, 'target-group');
    expect(groups.map((r) => r.label)).toEqual(['ByRule', 'Used']);
    for (const g of groups) {
      expect(stack.resolve(g.facts.loadBalancerFullName)).toEqual({
        'Fn::GetAtt': [
          stack.resolve((alb.node.defaultChild as elbv2.CfnLoadBalancer).logicalId),
          'LoadBalancerFullName',
        ],
      });
    }
  });
});

describe('ECS services', () => {
  const service = (stack: Stack, name: string, cluster?: string, desiredCount?: number) =>
    new ecs.CfnService(stack, name, {
      cluster,
      desiredCount,
      taskDefinition: 'arn:aws:ecs:eu-central-1:111122223333:task-definition/t:1',
    });

  test('ClusterName from a name, an ARN, an ARN attribute or nothing (default)', () => {
    const stack = newStack();
    const cluster = new ecs.CfnCluster(stack, 'Cluster');
    service(stack, 'ByName', 'shop');
    service(stack, 'ByArn', 'arn:aws:ecs:eu-central-1:111122223333:cluster/shop-prod');
    service(stack, 'ByArnAttribute', cluster.attrArn);
    service(stack, 'ByRef', cluster.ref);
    service(stack, 'NoCluster');
    const names = Object.fromEntries(
      of(stack, 'ecs-service').map((r) => [r.label, stack.resolve(r.dimensions.ClusterName)]),
    );
    expect(names).toEqual({
      ByName: 'shop',
      ByArn: 'shop-prod',
      ByArnAttribute: { 'Fn::Select': [1, { 'Fn::Split': ['/', { 'Fn::GetAtt': ['Cluster', 'Arn'] }] }] },
      ByRef: { Ref: 'Cluster' },
      NoCluster: 'default',
    });
  });

  test('minimum tasks: the scaling target of the service, else the desired count, else 1', () => {
    const stack = newStack();
    const scaled = service(stack, 'Scaled', 'shop', 2);
    service(stack, 'Fixed', 'shop', 3);
    service(stack, 'Omitted', 'shop');
    new appscaling.CfnScalableTarget(stack, 'Target', {
      minCapacity: 4,
      maxCapacity: 10,
      resourceId: `service/shop/${scaled.attrName}`,
      scalableDimension: 'ecs:service:DesiredCount',
      serviceNamespace: 'ecs',
    });
    const minimum = Object.fromEntries(of(stack, 'ecs-service').map((r) => [r.label, r.facts.minimumTasks]));
    expect(minimum).toEqual({ Scaled: 4, Fixed: 3, Omitted: 1 });
  });
});

describe('ElastiCache member clusters', () => {
  test('an explicit group id in lower case, one id per cache cluster', () => {
    const stack = newStack();
    new elasticache.CfnReplicationGroup(stack, 'Cache', {
      replicationGroupDescription: 'x',
      replicationGroupId: 'Shop-Cache',
      numCacheClusters: 3,
      cacheNodeType: 'cache.t4g.small',
    });
    const [cache] = of(stack, 'cache-replication-group');
    expect(cache.facts.cacheClusterIds).toEqual(['shop-cache-001', 'shop-cache-002', 'shop-cache-003']);
    expect(cache.dimensions).toEqual({ CacheClusterId: 'shop-cache-001' });
    expect(cache.facts.cacheNodeType).toBe('cache.t4g.small');
  });

  test('cluster mode enabled by node group configuration: shard then member', () => {
    const stack = newStack();
    new elasticache.CfnReplicationGroup(stack, 'Cache', {
      replicationGroupDescription: 'x',
      replicationGroupId: 'shards',
      clusterMode: 'enabled',
      nodeGroupConfiguration: [{}, {}, {}],
      replicasPerNodeGroup: 1,
      cacheNodeType: 'cache.r7g.large',
    });
    const [cache] = of(stack, 'cache-replication-group');
    expect(cache.facts.cacheClusterIds).toEqual(
      ['0001', '0002', '0003'].flatMap((shard) => [`shards-${shard}-001`, `shards-${shard}-002`]),
    );
  });
});

describe('RDS', () => {
  test('a replica without a class of its own has its source class and engine', () => {
    const stack = newStack();
    const source = new rds.CfnDBInstance(stack, 'Primary', {
      engine: 'postgres',
      dbInstanceClass: 'db.r6g.large',
      allocatedStorage: '100',
    });
    new rds.CfnDBInstance(stack, 'Replica', { sourceDbInstanceIdentifier: source.ref });
    const replica = of(stack, 'rds-instance').find((r) => r.label === 'Replica')!;
    expect(replica.facts).toEqual({
      instanceClass: 'db.r6g.large',
      engine: 'postgres',
      allocatedStorageGiB: 100,
      readReplica: true,
    });
  });
});

describe('WAF', () => {
  test('a REGIONAL web ACL: WebACL metric name, Rule ALL and the stack region, in the stack region', () => {
    const stack = newStack();
    new wafv2.CfnWebACL(stack, 'Acl', {
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: {
        cloudWatchMetricsEnabled: true,
        metricName: 'shopAcl',
        sampledRequestsEnabled: true,
      },
    });
    const [acl] = of(stack, 'waf-web-acl');
    expect(acl.dimensions).toEqual({ WebACL: 'shopAcl', Rule: 'ALL', Region: 'eu-central-1' });
    expect(acl.metricRegion).toBeUndefined();
    expect(acl.facts.wafScope).toBe('REGIONAL');
  });
});

describe('dead-letter queues', () => {
  test('a queue is a dead-letter queue when a queue, a subscription, a function or a rule target fails to it', () => {
    const stack = newStack();
    const dlq = (name: string) => new sqs.Queue(stack, name);
    const forQueue = dlq('ForQueue');
    new sqs.Queue(stack, 'Work', { deadLetterQueue: { queue: forQueue, maxReceiveCount: 3 } });
    const forSubscription = dlq('ForSubscription');
    new sns.Topic(stack, 'Topic').addSubscription(
      new subscriptions.SqsSubscription(dlq('Subscriber'), { deadLetterQueue: forSubscription }),
    );
    fn(stack, 'Async', { deadLetterQueue: dlq('ForFunction') });
    fn(stack, 'OnFailure', {
      onFailure: new destinations.SqsDestination(dlq('ForDestination')),
    });
    const consumer = fn(stack, 'Consumer');
    consumer.addEventSource(new eventsources.SqsEventSource(dlq('Source')));
    new events.Rule(stack, 'Nightly', {
      schedule: events.Schedule.rate(Duration.days(1)),
      targets: [new targets.LambdaFunction(consumer, { deadLetterQueue: dlq('ForRule') })],
    });
    const flags = Object.fromEntries(of(stack, 'sqs-queue').map((q) => [q.label, q.facts.deadLetterQueue]));
    expect(flags).toEqual({
      ForQueue: true,
      Work: false,
      ForSubscription: true,
      Subscriber: false,
      ForFunction: true,
      ForDestination: true,
      Source: false,
      ForRule: true,
    });
  });
});

describe('REST API stages', () => {
  test('a stage made by a deployment StageName counts, once', () => {
    const stack = newStack();
    const api = new apigateway.CfnRestApi(stack, 'Api', { name: 'shop-api' });
    new apigateway.CfnDeployment(stack, 'Deployment', { restApiId: api.ref, stageName: 'prod' });
    const found = of(stack, 'rest-api');
    expect(found.map((r) => [r.label, r.dimensions])).toEqual([
      ['Api/prod', { ApiName: 'shop-api', Stage: 'prod' }],
    ]);
    expect(id(found[0])).toBe('Api');
  });
});
