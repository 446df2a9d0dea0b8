import { Duration, Size } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { ShopProps } from '../base/shop-props';

/**
 * Properties of a `SingleHostShop`.
 */
export interface SingleHostShopProps extends ShopProps {
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
}
