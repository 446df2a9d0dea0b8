import { Duration, Size } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as sns from 'aws-cdk-lib/aws-sns';
import { BackendOptions, StorefrontOptions, WorkerOptions } from './shop-containers';

/**
 * Properties of a `SingleHostShop`.
 */
export interface SingleHostShopProps {
  /**
   * The storefront container, such as a Next.js app.
   *
   * @default - no storefront: the backend serves every path
   */
  readonly storefront?: StorefrontOptions;

  /**
   * The backend container, such as Medusa.js.
   *
   * @default - no backend: the storefront serves every path
   */
  readonly backend?: BackendOptions;

  /**
   * Run a worker: the backend image in worker mode. Needs `backend`.
   *
   * @default - no worker
   */
  readonly worker?: WorkerOptions;

  /**
   * PostgreSQL major version (13 to 17) of the `postgres:<version>-alpine` image.
   *
   * @default '16'
   */
  readonly postgresVersion?: string;

  /**
   * The database name.
   *
   * @default 'shop'
   */
  readonly databaseName?: string;

  /**
   * Redis major version of the `redis:<version>-alpine` image.
   *
   * @default '7'
   */
  readonly redisVersion?: string;

  /**
   * The shop's domain, such as `shop.example.com`. With it the host obtains and renews a
   * Let's Encrypt certificate and serves HTTPS; without it the shop serves HTTP on its
   * Elastic IP.
   *
   * @default - no domain, HTTP only
   */
  readonly domainName?: string;

  /**
   * The Route 53 zone that holds `domainName`; an A record pointing at the host is added.
   *
   * @default - no record: point your DNS at the `ElasticIp` output yourself
   */
  readonly hostedZone?: route53.IHostedZone;

  /**
   * The contact address Let's Encrypt sends expiry notices to. Required with `domainName`.
   *
   * @default - none
   */
  readonly certificateEmail?: string;

  /**
   * The EC2 instance type, with at least 2 GiB of memory.
   *
   * @default - t4g.small (Graviton, 2 vCPU burstable, 2 GiB, plus 2 GiB swap)
   */
  readonly instanceType?: ec2.InstanceType;

  /**
   * The root volume size (operating system and swap; Docker keeps its images on the data volume).
   * At least the 8 GiB of the Amazon Linux 2023 image.
   *
   * @default Size.gibibytes(8)
   */
  readonly rootVolumeSize?: Size;

  /**
   * The data volume size (PostgreSQL, Redis, uploads, Docker's images and containers).
   *
   * @default Size.gibibytes(20)
   */
  readonly dataVolumeSize?: Size;

  /**
   * The swap file size on the root volume.
   *
   * @default Size.gibibytes(2)
   */
  readonly swapSize?: Size;

  /**
   * The VPC to place the host in.
   *
   * @default - a new `ShopNetwork` with `NetworkProfile.SINGLE_PUBLIC_SUBNET`
   */
  readonly vpc?: ec2.IVpc;

  /**
   * The public subnet to place the host in (the first one selected is used). Only with `vpc`.
   *
   * @default - the first public subnet
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /**
   * The hour (UTC, 0 to 23) of the daily database dump and volume snapshot.
   *
   * @default 3
   */
  readonly backupHourUtc?: number;

  /**
   * How long database dumps and volume snapshots are kept, in whole days, at least one day.
   *
   * @default Duration.days(30)
   */
  readonly backupRetention?: Duration;

  /**
   * Send alarms to this topic.
   *
   * @default - a new topic
   */
  readonly alarmTopic?: sns.ITopic;

  /**
   * Subscribe this address to the new alarm topic. Not with `alarmTopic`.
   *
   * @default - no subscription
   */
  readonly alarmEmail?: string;

  /**
   * How long container, nginx and boot logs are kept.
   *
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
}
