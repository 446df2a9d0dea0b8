import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, RemovalPolicies, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { CachePreset, NatType, NetworkProfile, ShopCache, ShopDatabase, ShopNetwork } from '../src';

/*
 * Deploys the data tier of a highly available shop: a Multi-AZ PostgreSQL with a read replica
 * and a Multi-AZ Valkey replication group, then checks what RDS and ElastiCache report.
 */
const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
const stack = new Stack(app, 'CdkShopIntegDataTier');
const network = new ShopNetwork(stack, 'Network', {
  profile: NetworkProfile.TWO_AZ_SINGLE_NAT,
  natType: NatType.INSTANCE,
});
const database = new ShopDatabase(stack, 'Database', {
  vpc: network.vpc,
  multiAz: true,
  readReplicas: 1,
  deletionProtection: false,
  removalPolicy: RemovalPolicy.DESTROY,
});
const cache = new ShopCache(stack, 'Cache', {
  vpc: network.vpc,
  preset: CachePreset.MULTI_AZ,
  removalPolicy: RemovalPolicy.DESTROY,
});
// Integ stacks leave nothing behind.
RemovalPolicies.of(stack).destroy();

const integ = new IntegTest(app, 'DataTierTest', { testCases: [stack] });

integ.assertions
  .awsApiCall('RDS', 'describeDBInstances', { DBInstanceIdentifier: database.instance.instanceIdentifier })
  .expect(
    ExpectedResult.objectLike({
      DBInstances: [{ StorageEncrypted: true, MultiAZ: true, Engine: 'postgres', PubliclyAccessible: false }],
    }),
  );

integ.assertions
  .awsApiCall('RDS', 'describeDBInstances', {
    DBInstanceIdentifier: database.readReplicas[0].instanceIdentifier,
  })
  .expect(ExpectedResult.objectLike({ DBInstances: [{ StorageEncrypted: true }] }));

integ.assertions
  .awsApiCall('ElastiCache', 'describeReplicationGroups', { ReplicationGroupId: cache.replicationGroup.ref })
  .expect(
    ExpectedResult.objectLike({
      ReplicationGroups: [
        {
          TransitEncryptionEnabled: true,
          AtRestEncryptionEnabled: true,
          AuthTokenEnabled: true,
          AutomaticFailover: 'enabled',
          MultiAZ: 'enabled',
        },
      ],
    }),
  );
