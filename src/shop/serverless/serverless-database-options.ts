import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { DatabasePreset } from '../../database';

/**
 * The orders database of a `ServerlessShop`: PostgreSQL on RDS behind an RDS Proxy, which the
 * functions reach from the VPC with IAM authentication tokens (no password anywhere).
 *
 * Beyond the instance and its storage, it costs the proxy (billed per vCPU-hour of the instance,
 * two vCPUs at least) and, in a VPC without NAT, the Secrets Manager interface endpoint the
 * password rotation needs (billed per zone-hour).
 *
 * @see https://aws.amazon.com/rds/proxy/pricing/
 */
export interface ServerlessDatabaseOptions {
  /**
   * The starting shape of the database; the props below override its parts.
   *
   * @default DatabasePreset.DEVELOPMENT, with instanceType db.t4g.medium (the smallest class RDS
   * Proxy supports)
   */
  readonly preset?: DatabasePreset;

  /**
   * The instance class, db.t4g.medium or larger (RDS Proxy supports no smaller burstable class).
   *
   * @default - t4g.medium without a preset, else the preset's
   * @see https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy.html#rds-proxy.limitations
   */
  readonly instanceType?: ec2.InstanceType;

  /**
   * Run a synchronous standby in a second availability zone.
   *
   * @default - the preset's
   */
  readonly multiAz?: boolean;

  /**
   * The database created at launch.
   *
   * @default 'shop'
   */
  readonly databaseName?: string;

  /**
   * The PostgreSQL user the functions connect as with an IAM token, through the proxy. Create it
   * in the database with `CREATE USER <user>; GRANT rds_iam TO <user>;` and grant it only what the
   * functions need; it cannot be the master user.
   *
   * @default 'shop_api'
   */
  readonly user?: string;

  /**
   * Use this existing VPC instead of creating one. The functions and the database go to its
   * isolated subnets, else its private ones, in two zones or more. The VPC is used as it is: the
   * functions need a route to DynamoDB there (a gateway endpoint or a NAT), and with `sessions`,
   * to Secrets Manager.
   *
   * @default - a new `ShopNetwork` of two zones without NAT, with S3 and DynamoDB gateway endpoints
   */
  readonly vpc?: ec2.IVpc;

  /**
   * How long RDS keeps automated backups for point-in-time recovery: 7 to 35 days.
   *
   * @default Duration.days(7)
   */
  readonly pointInTimeRecovery?: Duration;

  /**
   * Block deletion of the instance until turned off.
   *
   * @default true
   */
  readonly deletionProtection?: boolean;

  /**
   * What happens to the instance when it leaves the stack.
   *
   * @default RemovalPolicy.SNAPSHOT
   */
  readonly removalPolicy?: RemovalPolicy;
}
