import { Fn, Token } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as elasticache from 'aws-cdk-lib/aws-elasticache';
import type * as events from 'aws-cdk-lib/aws-events';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as rds from 'aws-cdk-lib/aws-rds';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { DiscoveryContext } from './discovery-context';
import { Found } from './discovery-found';

/*
 * The data tier's resources: RDS instances and read replicas, ElastiCache replication groups
 * (their member clusters), DynamoDB tables and SQS queues.
 */

/** A property's value when it resolves to a literal at synth time (an L2 may give a Lazy). */
function literal<T>(ctx: DiscoveryContext, value: T | undefined): T | undefined {
  const v = ctx.resolve(value);
  return v === undefined || typeof v === 'object' || Token.isUnresolved(v) ? undefined : v;
}

/**
 * An RDS instance: `DBInstanceIdentifier` = its `Ref`. A read replica takes its class, engine and
 * storage from its source instance when it does not give them (as RDS creates it).
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-metrics.html
 */
export function rdsInstance(ctx: DiscoveryContext, instance: rds.CfnDBInstance): Found {
  const [source] = ctx.referenced<rds.CfnDBInstance>(
    instance.sourceDbInstanceIdentifier,
    'AWS::RDS::DBInstance',
  );
  const replica = instance.sourceDbInstanceIdentifier !== undefined;
  const storage = literal(ctx, instance.allocatedStorage ?? source?.allocatedStorage);
  return {
    kind: 'rds-instance',
    dimensions: { DBInstanceIdentifier: instance.ref },
    facts: {
      instanceClass: literal(ctx, instance.dbInstanceClass ?? source?.dbInstanceClass),
      engine: literal(ctx, instance.engine ?? source?.engine),
      // Aurora instances have no allocated storage: the cluster's volume grows by itself
      allocatedStorageGiB:
        instance.dbClusterIdentifier === undefined && storage !== undefined ? Number(storage) : undefined,
      readReplica: replica,
    },
  };
}

/**
 * The member cluster ids of a replication group, which ElastiCache publishes node metrics by
 * (`CacheClusterId`), never by the group's id: `<group>-001`… with cluster mode disabled,
 * `<group>-0001-001`… (shard, member) with it enabled. ElastiCache stores the ids in lower case.
 * https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheMetrics.HostLevel.html
 */
export function cacheMemberIds(group: elasticache.CfnReplicationGroup): string[] | undefined {
  const shards =
    group.numNodeGroups ??
    (Array.isArray(group.nodeGroupConfiguration) ? group.nodeGroupConfiguration.length : 1);
  const clusterMode = group.clusterMode === 'enabled' || (group.numNodeGroups ?? 1) > 1;
  const members = clusterMode
    ? 1 + (group.replicasPerNodeGroup ?? 0)
    : (group.numCacheClusters ?? 1 + (group.replicasPerNodeGroup ?? 0));
  if (Token.isUnresolved(shards) || Token.isUnresolved(members)) return undefined;
  const id = group.replicationGroupId;
  const name = (suffix: string) =>
    id !== undefined && !Token.isUnresolved(id)
      ? `${id.toLowerCase()}${suffix}`
      : Fn.join('', [group.ref, suffix]);
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  const ids: string[] = [];
  for (let shard = 1; shard <= (clusterMode ? shards : 1); shard++) {
    for (let member = 1; member <= members; member++) {
      ids.push(name(clusterMode ? `-${pad(shard, 4)}-${pad(member, 3)}` : `-${pad(member, 3)}`));
    }
  }
  return ids;
}

/**
 * An ElastiCache replication group. Its node metrics are by member cluster (`facts.cacheClusterIds`);
 * `dimensions` is the first member's (the primary while no failover happened).
 */
export function cacheReplicationGroup(
  ctx: DiscoveryContext,
  group: elasticache.CfnReplicationGroup,
): Found | undefined {
  const members = cacheMemberIds(group);
  if (!members || members.length === 0) return undefined;
  return {
    kind: 'cache-replication-group',
    dimensions: { CacheClusterId: members[0] },
    facts: { cacheNodeType: literal(ctx, group.cacheNodeType), cacheClusterIds: members },
  };
}

/**
 * A DynamoDB table (`AWS::DynamoDB::Table` or the global `TableV2`): `TableName` = its `Ref`.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/metrics-dimensions.html
 */
export function dynamoTable(table: dynamodb.CfnTable): Found {
  return { kind: 'dynamodb-table', dimensions: { TableName: table.ref }, facts: {} };
}

/**
 * Where the stack's resources send what they could not deliver or process: another queue's
 * redrive policy, an SNS subscription's redrive policy, a Lambda function's dead-letter config or
 * on-failure destination (asynchronous or of an event source mapping), an EventBridge rule
 * target's dead-letter config. Any of them may name a dead-letter queue.
 */
function deadLetterTargets(ctx: DiscoveryContext): unknown[] {
  // L1 values resolve in their camelCase form; an escape hatch may give CloudFormation's PascalCase
  const resolved = <T>(type: string, read: (r: T) => unknown) =>
    ctx.ofType<any>(type).map((r) => ctx.resolve(read(r as T)));
  const policies = [
    ...resolved<sqs.CfnQueue>('AWS::SQS::Queue', (q) => q.redrivePolicy),
    ...resolved<sns.CfnSubscription>('AWS::SNS::Subscription', (s) => s.redrivePolicy),
  ].map((p) => p?.deadLetterTargetArn);
  const functions = resolved<lambda.CfnFunction>('AWS::Lambda::Function', (f) => f.deadLetterConfig).map(
    (c) => c?.targetArn ?? c?.TargetArn,
  );
  const destinations = [
    ...resolved<lambda.CfnEventInvokeConfig>('AWS::Lambda::EventInvokeConfig', (c) => c.destinationConfig),
    ...resolved<lambda.CfnEventSourceMapping>('AWS::Lambda::EventSourceMapping', (m) => m.destinationConfig),
  ].map((c) => {
    const onFailure = c?.onFailure ?? c?.OnFailure;
    return onFailure?.destination ?? onFailure?.Destination;
  });
  const ruleTargets = resolved<events.CfnRule>('AWS::Events::Rule', (r) => r.targets)
    .flatMap((ts) => (Array.isArray(ts) ? ts : []))
    .map((t) => {
      const config = t?.deadLetterConfig ?? t?.DeadLetterConfig;
      return config?.arn ?? config?.Arn;
    });
  return [...policies, ...functions, ...destinations, ...ruleTargets].filter((t) => t !== undefined);
}

const DEAD_LETTER_TARGETS = new WeakMap<DiscoveryContext, unknown[]>();

/**
 * An SQS queue: `QueueName` = its `QueueName` attribute; a dead-letter queue when another queue,
 * an SNS subscription, a Lambda function or an EventBridge rule target sends its failures to it
 * (its messages are failures: the catalog alarms on any).
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html
 */
export function sqsQueue(ctx: DiscoveryContext, queue: sqs.CfnQueue): Found {
  if (!DEAD_LETTER_TARGETS.has(ctx)) DEAD_LETTER_TARGETS.set(ctx, deadLetterTargets(ctx));
  const deadLetter = DEAD_LETTER_TARGETS.get(ctx)!.some((target) => ctx.refersTo(target, queue));
  return {
    kind: 'sqs-queue',
    dimensions: { QueueName: queue.attrQueueName },
    facts: { deadLetterQueue: deadLetter },
  };
}
