import { Duration, RemovalPolicy, Size } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import { DatabasePreset } from './database-preset';

/**
 * Properties of a `ShopDatabase`.
 */
export interface ShopDatabaseProps {
  /**
   * The VPC to place the database in.
   */
  readonly vpc: ec2.IVpc;

  /**
   * The subnets to place the database in.
   *
   * @default - the isolated subnets, or the private ones where the VPC has no isolated subnets
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /**
   * The starting shape; the props below override its parts.
   *
   * @default DatabasePreset.DEVELOPMENT
   */
  readonly preset?: DatabasePreset;

  /**
   * The instance class, Graviton recommended.
   *
   * @default - the preset's
   */
  readonly instanceType?: ec2.InstanceType;

  /**
   * The initial gp3 storage, 20 GiB or more.
   *
   * @default - the preset's
   */
  readonly allocatedStorage?: Size;

  /**
   * The ceiling storage autoscaling may grow to, whole GiB up to 65,536: at least 10% above
   * `allocatedStorage` (RDS's smallest step), or equal to it to turn storage autoscaling off.
   *
   * @default - the preset's
   */
  readonly maxAllocatedStorage?: Size;

  /**
   * Run a synchronous standby in a second availability zone.
   *
   * @default - the preset's
   */
  readonly multiAz?: boolean;

  /**
   * The PostgreSQL engine version, major 13 to 17. Minor versions are upgraded automatically
   * in the maintenance window.
   *
   * @default rds.PostgresEngineVersion.VER_16_9
   */
  readonly engineVersion?: rds.PostgresEngineVersion;

  /**
   * Read replicas (0 to 5), spread over the zones of `vpcSubnets`, for read-only traffic.
   *
   * @default 0
   */
  readonly readReplicas?: number;

  /**
   * The database created at launch.
   *
   * @default 'shop'
   */
  readonly databaseName?: string;

  /**
   * Let IAM principals connect with an authentication token (`grantConnect`).
   *
   * @default false
   */
  readonly iamAuthentication?: boolean;

  /**
   * How long automated backups (point-in-time recovery) are kept: 7 to 35 days.
   *
   * @default Duration.days(7)
   */
  readonly backupRetention?: Duration;

  /**
   * Rotate the master password on this schedule (single-user rotation).
   *
   * @default Duration.days(30)
   */
  readonly passwordRotation?: Duration;

  /**
   * Block deletion of the instance, by CloudFormation or anyone else, until turned off.
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

  /**
   * How long the PostgreSQL logs exported to CloudWatch are kept.
   *
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;

  /**
   * Put an RDS Proxy in front of the database, for many short-lived connections (Lambda).
   *
   * @default false
   */
  readonly proxy?: boolean;

  /**
   * Let the proxy log in to PostgreSQL with IAM too (end-to-end IAM authentication), so that
   * clients of the proxy may connect as any user granted `rds_iam` in the database and
   * `grantConnect` in IAM, with no secret per user. Needs `proxy` and `iamAuthentication`.
   *
   * @default false - the proxy logs in with the master user's secret, so clients of the proxy
   * connect as the master user
   * @see https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-iam-setup.html
   */
  readonly endToEndIamAuthentication?: boolean;

  /**
   * A customer managed KMS key to encrypt the storage, snapshots and replicas with (about $1 a
   * month). Keep the key as long as any snapshot: it cannot be changed after creation.
   *
   * @default - encrypted with the AWS managed key aws/rds
   */
  readonly storageEncryptionKey?: kms.IKey;
}
