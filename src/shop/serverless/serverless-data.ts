import { Duration } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { DEFAULT_DATABASE_USER, validateServerlessData } from './serverless-data-validation';
import { ServerlessDatabaseOptions } from './serverless-database-options';
import { ShopBackup } from '../../backup';
import { ShopCache } from '../../cache';
import { ShopDatabase } from '../../database';
import { NetworkProfile, ShopNetwork } from '../../network';
import { acknowledge } from '../../private/acknowledge';
import { withPropContext } from '../../private/errors';
import { dataSubnets } from '../../private/subnets';

/** What `createServerlessData` makes the data tier of a `ServerlessShop` from. */
export interface ServerlessDataOptions {
  /** The orders database; none without. */
  readonly database?: ServerlessDatabaseOptions;
  /** A session cache (`ShopCache`) in the VPC. @default false */
  readonly sessions?: boolean;
  /** The DynamoDB tables to back up with AWS Backup. */
  readonly tables: dynamodb.ITable[];
  /** How long the daily AWS Backup recovery points are kept. @default Duration.days(35) */
  readonly backupRetention?: Duration;
  /** Told of every backup job of the plan that fails, aborts or expires. @default - no notification */
  readonly alarmTopic?: sns.ITopic;
}

/** The data tier: what the functions of `database` and `sessions` routes connect to. */
export interface ServerlessData {
  /** The network made for the database or the cache; undefined with a given VPC or neither. */
  readonly network?: ShopNetwork;
  /** The VPC of the database and the cache, where their functions run. */
  readonly vpc?: ec2.IVpc;
  /** The subnets those functions run in: the isolated ones, else the private ones. */
  readonly functionSubnets?: ec2.SubnetSelection;
  /** The DynamoDB gateway endpoint of a new network (free; S3 has one from ShopNetwork). */
  readonly dynamoDbEndpoint?: ec2.GatewayVpcEndpoint;
  /** The Secrets Manager endpoint the cache's functions read its AUTH token through, where there is no NAT. */
  readonly secretsManagerEndpoint?: ec2.InterfaceVpcEndpoint;
  /** The orders database: proxy, IAM authentication end to end. */
  readonly database?: ShopDatabase;
  /** The PostgreSQL user the functions connect as (`connectFunctionToDatabase`). */
  readonly databaseUser?: string;
  /** The session cache. */
  readonly cache?: ShopCache;
  /** The AWS Backup plan over the tables and the database. */
  readonly backup: ShopBackup;
}

/**
 * Makes the data tier of a serverless shop in `scope`: when a database or sessions are asked, a
 * VPC without NAT (functions reach DynamoDB and S3 through gateway endpoints, and authenticate to
 * PostgreSQL with IAM tokens they sign themselves, so they call no other AWS API), the database
 * behind RDS Proxy with IAM authentication end to end, the cache; and always a `ShopBackup` of the
 * tables and the database.
 */
export function createServerlessData(scope: Construct, props: ServerlessDataOptions): ServerlessData {
  validateServerlessData(scope, props);
  const wantsVpc = props.database !== undefined || props.sessions === true;
  const givenVpc = props.database?.vpc;
  const network =
    wantsVpc && !givenVpc
      ? new ShopNetwork(scope, 'Network', {
          profile: NetworkProfile.custom({ availabilityZones: 2, natGateways: 0 }),
        })
      : undefined;
  const vpc = givenVpc ?? network?.vpc;
  const functionSubnets = vpc ? dataSubnets(vpc) : undefined;
  const dynamoDbEndpoint = network?.vpc.addGatewayEndpoint('DynamoDbEndpoint', {
    service: ec2.GatewayVpcEndpointAwsService.DYNAMODB,
  });

  const database = props.database && vpc ? orderDatabase(scope, vpc, props.database) : undefined;
  const cache = props.sessions && vpc ? new ShopCache(scope, 'Cache', { vpc }) : undefined;
  const secretsManagerEndpoint =
    cache && vpc ? (database?.secretsManagerEndpoint ?? secretsEndpoint(scope, vpc)) : undefined;

  const resources = props.tables.map((table) => backup.BackupResource.fromDynamoDbTable(table));
  if (database) resources.push(backup.BackupResource.fromRdsDatabaseInstance(database.instance));
  const shopBackup = withPropContext(
    scope,
    'backupRetention',
    'Give Duration.days(n), n of 1 or more.',
    () => new ShopBackup(scope, 'Backup', { resources, dailyRetention: props.backupRetention }),
  );
  if (props.alarmTopic) notifyBackupFailures(scope, shopBackup, props.alarmTopic);

  return {
    network,
    vpc,
    functionSubnets,
    dynamoDbEndpoint,
    secretsManagerEndpoint,
    database,
    databaseUser: database ? (props.database?.user ?? DEFAULT_DATABASE_USER) : undefined,
    cache,
    backup: shopBackup,
  };
}

function orderDatabase(scope: Construct, vpc: ec2.IVpc, options: ServerlessDatabaseOptions): ShopDatabase {
  return new ShopDatabase(scope, 'Database', {
    vpc,
    preset: options.preset,
    // RDS Proxy supports no burstable class below medium
    instanceType: options.instanceType ?? (options.preset ? undefined : new ec2.InstanceType('t4g.medium')),
    multiAz: options.multiAz,
    databaseName: options.databaseName,
    backupRetention: options.pointInTimeRecovery,
    deletionProtection: options.deletionProtection,
    removalPolicy: options.removalPolicy,
    proxy: true,
    iamAuthentication: true,
    endToEndIamAuthentication: true,
  });
}

/**
 * The Secrets Manager endpoint the cache's functions read the AUTH token through, where the VPC
 * has no NAT and the database made none: about $7.30 a month per zone.
 */
function secretsEndpoint(scope: Construct, vpc: ec2.IVpc): ec2.InterfaceVpcEndpoint | undefined {
  if (vpc.privateSubnets.length > 0) return undefined;
  const endpoint = new ec2.InterfaceVpcEndpoint(scope, 'SecretsManagerEndpoint', {
    vpc,
    service: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
    subnets: dataSubnets(vpc),
    privateDnsEnabled: true,
  });
  const vpcOnly =
    "The endpoint admits HTTPS (443) from the VPC's own CIDR only, which the rule reads as an unresolvable token; it serves the functions that read the cache's AUTH token.";
  acknowledge(
    endpoint.node.findChild('SecurityGroup'),
    { id: 'AwsSolutions-EC23', reason: vpcOnly },
    { id: 'NIST.800.53.R5-EC2RestrictedCommonPorts', reason: vpcOnly },
    { id: 'NIST.800.53.R5-EC2RestrictedSSH', reason: vpcOnly },
  );
  return endpoint;
}

/** Backup jobs of the shop's vault that fail, abort or expire, to the topic. */
function notifyBackupFailures(scope: Construct, shopBackup: ShopBackup, topic: sns.ITopic): void {
  // https://docs.aws.amazon.com/aws-backup/latest/devguide/eventbridge.html
  new events.Rule(scope, 'BackupFailures', {
    description: 'cdk-shop: backup jobs of the shop vault that failed, aborted or expired',
    eventPattern: {
      source: ['aws.backup'],
      detailType: ['Backup Job State Change'],
      detail: {
        state: ['FAILED', 'ABORTED', 'EXPIRED'],
        backupVaultName: [shopBackup.vault.backupVaultName],
      },
    },
    targets: [new targets.SnsTopic(topic)],
  });
}
