import { CfnResource, Fn, Stack } from 'aws-cdk-lib';
import {
  MonitoredResource,
  ResourceFacts,
  ResourceKind,
  TIER_OF,
} from '../../src/observability/monitored-resource';

/*
 * Hand-built MonitoredResources on real CfnResources of a test stack, with dimensions as the
 * CloudFormation expressions discovery gives them (GetAtt/Ref of the resource), for the dashboard
 * tests that do not need a whole shop.
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

/** A resource of `kind` with id `id` in `stack`; `dimensions` built from the new resource. */
export function fixture(
  stack: Stack,
  kind: ResourceKind,
  id: string,
  dimensions: (r: CfnResource) => { [name: string]: string },
  facts: ResourceFacts = {},
  metricRegion?: string,
): MonitoredResource {
  const resource = new CfnResource(stack, id, { type: TYPES[kind] });
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

/** A shop's worth of resources: an ALB with two target groups, three services, EC2, cache, database and replica, queues. */
export function shopFixtures(stack: Stack): MonitoredResource[] {
  const alb = fixture(stack, 'load-balancer', 'Alb', (r) => ({
    LoadBalancer: r.getAtt('LoadBalancerFullName').toString(),
  }));
  const albName = alb.dimensions.LoadBalancer;
  const tg = (id: string) =>
    fixture(
      stack,
      'target-group',
      id,
      (r) => ({ TargetGroup: r.getAtt('TargetGroupFullName').toString(), LoadBalancer: albName }),
      { loadBalancerFullName: albName },
    );
  const service = (id: string) =>
    fixture(
      stack,
      'ecs-service',
      id,
      (r) => ({ ClusterName: 'shop-cluster', ServiceName: r.getAtt('Name').toString() }),
      {
        minimumTasks: 2,
      },
    );
  const db = (id: string, readReplica: boolean) =>
    fixture(stack, 'rds-instance', id, (r) => ({ DBInstanceIdentifier: r.ref }), {
      instanceClass: 'db.t4g.medium',
      engine: 'postgres',
      allocatedStorageGiB: 20,
      readReplica,
    });
  const queue = (id: string, deadLetterQueue: boolean) =>
    fixture(stack, 'sqs-queue', id, (r) => ({ QueueName: r.getAtt('QueueName').toString() }), {
      deadLetterQueue,
    });
  const cache = fixture(stack, 'cache-replication-group', 'Cache', (r) => ({ ReplicationGroupId: r.ref }), {
    cacheNodeType: 'cache.t4g.small',
    cacheClusterIds: [Fn.join('-', [Fn.ref('Cache'), '001']), Fn.join('-', [Fn.ref('Cache'), '002'])],
  });
  return [
    queue('WorkQueue', false),
    db('Database', false),
    alb,
    tg('StorefrontTargets'),
    tg('BackendTargets'),
    service('Storefront'),
    service('Backend'),
    service('Worker'),
    fixture(stack, 'ec2-instance', 'Bastion', (r) => ({ InstanceId: r.ref })),
    cache,
    db('DatabaseReplica', true),
    queue('WorkQueueDlq', true),
  ];
}
