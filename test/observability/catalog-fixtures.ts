import { CfnResource, Fn, Stack } from 'aws-cdk-lib';
import {
  MonitoredResource,
  ResourceFacts,
  ResourceKind,
  TIER_OF,
} from '../../src/observability/monitored-resource';

/*
 * Hand-built MonitoredResources for the catalog's tests: real CfnResources of a test stack with
 * the properties the "every alarm can fire" check reads (a replica's source, a cache group's
 * members), and dimensions as discovery gives them (Ref / GetAtt of the resource), one or more
 * of every kind the catalog has alarms for.
 */

const TYPES: { [kind in ResourceKind]: string } = {
  'cloudfront-distribution': 'AWS::CloudFront::Distribution',
  'waf-web-acl': 'AWS::WAFv2::WebACL',
  'load-balancer': 'AWS::ElasticLoadBalancingV2::LoadBalancer',
  'target-group': 'AWS::ElasticLoadBalancingV2::TargetGroup',
  'ecs-service': 'AWS::ECS::Service',
  'ec2-instance': 'AWS::EC2::Instance',
  'nat-gateway': 'AWS::EC2::NatGateway',
  'lambda-function': 'AWS::Lambda::Function',
  'rest-api': 'AWS::ApiGateway::RestApi',
  'http-api': 'AWS::ApiGatewayV2::Api',
  'rds-instance': 'AWS::RDS::DBInstance',
  'cache-replication-group': 'AWS::ElastiCache::ReplicationGroup',
  'dynamodb-table': 'AWS::DynamoDB::Table',
  'sqs-queue': 'AWS::SQS::Queue',
};

/** A resource of `kind` with logical id `id`; `dimensions` built from the new resource. */
export function resourceOf(
  stack: Stack,
  kind: ResourceKind,
  id: string,
  dimensions: (r: CfnResource) => { [name: string]: string },
  facts: ResourceFacts = {},
  properties: { [name: string]: unknown } = {},
  metricRegion?: string,
): MonitoredResource {
  const resource = new CfnResource(stack, id, { type: TYPES[kind], properties });
  resource.overrideLogicalId(id);
  return {
    kind,
    tier: TIER_OF[kind],
    resource,
    label: id,
    dimensions: dimensions(resource),
    facts,
    metricRegion,
  };
}

/** Options of `catalogFixtures`. */
export interface FixtureOptions {
  readonly cacheNodeType?: string;
  readonly instanceClass?: string;
  readonly minimumTasks?: number;
}

/** One or more resources of every kind the catalog has alarms for, as a FargateShop and more would have. */
export function catalogFixtures(stack: Stack, options: FixtureOptions = {}): MonitoredResource[] {
  const cluster = new CfnResource(stack, 'Cluster', { type: 'AWS::ECS::Cluster' });
  cluster.overrideLogicalId('Cluster');
  const alb = resourceOf(stack, 'load-balancer', 'Alb', (r) => ({
    LoadBalancer: r.getAtt('LoadBalancerFullName').toString(),
  }));
  const albName = alb.dimensions.LoadBalancer;
  const tg = (id: string) =>
    resourceOf(
      stack,
      'target-group',
      id,
      (r) => ({ LoadBalancer: albName, TargetGroup: r.getAtt('TargetGroupFullName').toString() }),
      { loadBalancerFullName: albName },
    );
  const service = (id: string, minimumTasks: number) =>
    resourceOf(
      stack,
      'ecs-service',
      id,
      (r) => ({ ClusterName: cluster.ref, ServiceName: r.getAtt('Name').toString() }),
      { minimumTasks },
    );
  const db = resourceOf(stack, 'rds-instance', 'Database', (r) => ({ DBInstanceIdentifier: r.ref }), {
    instanceClass: options.instanceClass ?? 'db.t4g.medium',
    engine: 'postgres',
    allocatedStorageGiB: 20,
    readReplica: false,
  });
  const replica = resourceOf(
    stack,
    'rds-instance',
    'DatabaseReplica',
    (r) => ({ DBInstanceIdentifier: r.ref }),
    { instanceClass: 'db.t4g.medium', engine: 'postgres', allocatedStorageGiB: 20, readReplica: true },
    { SourceDBInstanceIdentifier: db.resource.ref },
  );
  const queue = (id: string, deadLetterQueue: boolean) =>
    resourceOf(stack, 'sqs-queue', id, (r) => ({ QueueName: r.getAtt('QueueName').toString() }), {
      deadLetterQueue,
    });
  const cache = resourceOf(
    stack,
    'cache-replication-group',
    'Cache',
    (r) => ({ ReplicationGroupId: r.ref }),
    {
      cacheNodeType: options.cacheNodeType ?? 'cache.t4g.small',
      cacheClusterIds: [Fn.join('-', [Fn.ref('Cache'), '001']), Fn.join('-', [Fn.ref('Cache'), '002'])],
    },
    { NumCacheClusters: 2 },
  );
  const stage = new CfnResource(stack, 'ApiStage', {
    type: 'AWS::ApiGateway::Stage',
    properties: { StageName: 'prod' },
  });
  return [
    resourceOf(
      stack,
      'cloudfront-distribution',
      'Distribution',
      (r) => ({ DistributionId: r.ref, Region: 'Global' }),
      {},
      {},
      'us-east-1',
    ),
    alb,
    tg('StorefrontTargets'),
    tg('BackendTargets'),
    service('Storefront', options.minimumTasks ?? 2),
    service('Backend', 2),
    service('Worker', 0),
    resourceOf(stack, 'ec2-instance', 'Bastion', (r) => ({ InstanceId: r.ref })),
    resourceOf(stack, 'lambda-function', 'Resizer', (r) => ({ FunctionName: r.ref }), { timeoutSeconds: 30 }),
    resourceOf(
      stack,
      'rest-api',
      'Api',
      () => ({ ApiName: 'shop-api', Stage: stage.ref }),
      {},
      { Name: 'shop-api' },
    ),
    resourceOf(stack, 'http-api', 'HttpApi', (r) => ({ ApiId: r.ref })),
    resourceOf(stack, 'nat-gateway', 'Nat', (r) => ({ NatGatewayId: r.ref })),
    cache,
    db,
    replica,
    resourceOf(stack, 'dynamodb-table', 'Carts', (r) => ({ TableName: r.ref })),
    queue('WorkQueue', false),
    queue('WorkQueueDlq', true),
  ];
}
