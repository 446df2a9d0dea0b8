import { App, CfnParameter, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { CacheEngine, CachePreset, NetworkProfile, ShopCache, ShopCacheProps, ShopNetwork } from '../../src';

/** A preset subclass, as a user may write one, with getters that may disagree with its fields. */
class OwnPreset extends CachePreset {
  constructor(shards: number, replicas: number, clusterMode: boolean) {
    super('OWN', 'cache.t4g.small', shards, replicas, clusterMode);
  }
}
class MultiAzWithoutReplicas extends OwnPreset {
  public get multiAz(): boolean {
    return true;
  }
}
class NoFailover extends OwnPreset {
  public get automaticFailover(): boolean {
    return false;
  }
}

const numberParameter = (stack: Stack) => new CfnParameter(stack, 'Number', { type: 'Number' }).valueAsNumber;

function build(props: (stack: Stack) => Partial<ShopCacheProps>) {
  const stack = new Stack(new App(), 'Stack');
  const network = new ShopNetwork(stack, 'Network', { profile: NetworkProfile.TWO_AZ_SINGLE_NAT });
  const cache = new ShopCache(stack, 'Cache', { vpc: network.vpc, ...props(stack) });
  return { stack, cache };
}

describe('ShopCache rejects bad input with the construct path, the prop and the fix', () => {
  test.each<[string, (stack: Stack) => Partial<ShopCacheProps>, RegExp]>([
    [
      'a preset subclass with shards and cluster mode off, where the shards would be ignored',
      () => ({ preset: new OwnPreset(3, 1, false) }),
      /^Stack\/Cache: invalid 'preset': OWN has 3 shards with cluster mode off.*Build the preset with CachePreset\.clusterMode/,
    ],
    [
      'a preset subclass with Multi-AZ and no replica',
      () => ({ preset: new MultiAzWithoutReplicas(1, 0, false) }),
      /^Stack\/Cache: invalid 'preset': OWN turns Multi-AZ on without replicas, which ElastiCache refuses/,
    ],
    [
      'a preset subclass with Multi-AZ and no failover',
      () => ({ preset: new NoFailover(1, 1, false) }),
      /^Stack\/Cache: invalid 'preset': OWN turns Multi-AZ on and automatic failover off/,
    ],
    [
      'a preset subclass with cluster mode and no failover',
      () => ({
        preset: new (class extends NoFailover {
          public get multiAz(): boolean {
            return false;
          }
        })(2, 0, true),
      }),
      /^Stack\/Cache: invalid 'preset': OWN turns cluster mode on and automatic failover off/,
    ],
    [
      'cluster mode with shards from a parameter',
      (s) => ({ preset: CachePreset.clusterMode(numberParameter(s), 1) }),
      /^Stack\/Cache: invalid 'preset': is a token .*Give a literal: CachePreset\.clusterMode with a whole number of shards/,
    ],
    [
      'cluster mode with replicas from a parameter',
      (s) => ({ preset: CachePreset.clusterMode(2, numberParameter(s)) }),
      /^Stack\/Cache: invalid 'preset': is a token .*replicas per shard/,
    ],
    [
      'a selection with both a subnet type and a group name (the aws-cdk-lib error, wrapped)',
      () => ({
        vpcSubnets: {
          subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS,
          onePerAz: true,
          subnetGroupName: 'Cache',
        },
      }),
      /^Stack\/Cache: invalid 'vpcSubnets': Only one of 'subnetType,subnetGroupName' can be supplied to subnet selection\. Select subnets the VPC has/,
    ],
    [
      'an engine version from a parameter',
      (s) => ({ engine: CacheEngine.valkey(new CfnParameter(s, 'Version').valueAsString) }),
      /^Stack\/Cache: invalid 'engine': is a token .*Give a literal: a version such as CacheEngine\.valkey\('8\.0'\)/,
    ],
    [
      'a snapshot retention from a parameter',
      (s) => ({ snapshotRetention: Duration.days(numberParameter(s)) }),
      /^Stack\/Cache: invalid 'snapshotRetention': is a token .*Give a literal: Duration\.days\(1\) to Duration\.days\(35\)/,
    ],
  ])('%s', (_name, props, message) => {
    expect(() => build(props)).toThrow(message);
  });
});

describe('ShopCache accepts near-edge good input', () => {
  test('replicas with automatic failover off, with a warning naming the risk', () => {
    const { stack } = build(() => ({
      preset: new (class extends NoFailover {
        public get multiAz(): boolean {
          return false;
        }
      })(1, 1, false),
    }));
    Template.fromStack(stack).hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      NumCacheClusters: 2,
      AutomaticFailoverEnabled: false,
    });
    Annotations.fromStack(stack).hasWarning(
      '/Stack/Cache',
      Match.stringLikeRegexp('automatic failover off: when the primary fails, the cache is down'),
    );
  });

  test('500 shards without replicas, the most nodes a cluster may have', () => {
    const { stack } = build(() => ({ preset: CachePreset.clusterMode(500, 0) }));
    Template.fromStack(stack).hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      NumNodeGroups: 500,
    });
  });

  test('the AUTH token is kept when the cache keeps a final snapshot, deleted with DESTROY', () => {
    const secret = (removalPolicy?: RemovalPolicy) =>
      Object.values(
        Template.fromStack(build(() => ({ removalPolicy })).stack).findResources(
          'AWS::SecretsManager::Secret',
        ),
      )[0] as any;
    expect(secret().DeletionPolicy).toBe('Retain');
    expect(secret(RemovalPolicy.DESTROY).DeletionPolicy).toBe('Delete');
  });
});
