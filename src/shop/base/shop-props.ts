import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as sns from 'aws-cdk-lib/aws-sns';
import { BackendOptions, StorefrontOptions, WorkerOptions } from './shop-containers';

/**
 * Properties every shop shares; `SingleHostShopProps` and `FargateShopProps` extend it.
 *
 * The domain has one shape on every shop: `domainName` is the one name of the shop's URL and
 * `hostedZone` the zone that holds it. Where the certificate comes from is the shop's own prop.
 */
export interface ShopProps {
  /**
   * The storefront container, such as a Next.js app.
   *
   * @default - no storefront; depends on the shop: SingleHostShop's backend serves every path,
   * FargateShop answers paths outside the backend's with 404
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
   * The VPC to place the shop in.
   *
   * @default - a new `ShopNetwork` (SingleHostShop: `NetworkProfile.SINGLE_PUBLIC_SUBNET`)
   */
  readonly vpc?: ec2.IVpc;

  /**
   * The shop's domain, such as `shop.example.com`: the one name of its URL.
   *
   * With it the shop serves HTTPS (SingleHostShop: a Let's Encrypt certificate the host obtains and renews);
   * without it the shop serves HTTP on its public address (SingleHostShop: the Elastic IP).
   *
   * @default - no domain, HTTP only
   */
  readonly domainName?: string;

  /**
   * The Route 53 zone that holds `domainName`.
   *
   * The shop adds its record there (SingleHostShop: an A record pointing at the host).
   *
   * @default - no record: point your DNS at the shop's address (SingleHostShop: the `ElasticIp` output) yourself
   */
  readonly hostedZone?: route53.IHostedZone;

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
   * How long the shop's logs are kept (SingleHostShop: container, nginx and boot logs;
   * FargateShop: every service's, ECS Exec's, the database's and the cache's).
   *
   * @default - depends on the shop: SingleHostShop logs.RetentionDays.ONE_MONTH; FargateShop the
   * preset's `logRetention` (DEVELOPMENT one week, HIGHLY_AVAILABLE one month)
   */
  readonly logRetention?: logs.RetentionDays;
}
