import { Duration } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { ServerlessDatabaseOptions } from './serverless-database-options';
import { ShopApiRoute } from './shop-api-route';
import { ShopApiType } from './shop-api-type';
import { ShopCustomersProps } from './shop-customers';
import { ShopStorefrontProps } from './shop-storefront-props';
import { ShopTableOptions } from './shop-table';

/**
 * Properties of a `ServerlessShop`.
 */
export interface ServerlessShopProps {
  /** The storefront: a static site from a local directory, served at the edge. */
  readonly storefront: ShopStorefrontProps;

  /**
   * The API's routes, each to a Lambda function. Every route's path starts with `/api/`: the
   * distribution sends `/api/*` to the API, so the browser calls one origin (no CORS).
   */
  readonly routes: ShopApiRoute[];

  /**
   * The kind of API Gateway API: `HTTP` (about $1 per million requests), or `REST` where you
   * need usage plans or API keys (about $3.50 per million).
   *
   * @default ShopApiType.HTTP
   */
  readonly apiType?: ShopApiType;

  /**
   * The DynamoDB tables, by name: routes name them in `tables` grants, and their functions find
   * them in environment variables.
   *
   * @default - one table named `catalog` with the `ShopTable` defaults (keys `pk` and `sk`)
   */
  readonly tables?: ShopTableOptions[];

  /**
   * The customers' Cognito user pool. Protected routes accept its tokens.
   *
   * @default - a user pool with the `ShopCustomers` defaults (Essentials plan, e-mail sign-in)
   */
  readonly customers?: ShopCustomersProps;

  /**
   * Orders and payments in PostgreSQL: a `ShopDatabase` behind an RDS Proxy with IAM
   * authentication, in a VPC of its own without NAT gateways. Routes with `database: true` run
   * in that VPC and may connect.
   *
   * @default - no database and no VPC
   */
  readonly database?: ServerlessDatabaseOptions;

  /**
   * A `ShopCache` (Redis) for server-side sessions, which routes with `sessions: true` reach.
   * Puts the shop in a VPC.
   *
   * @default false
   */
  readonly sessions?: boolean;

  /**
   * The bucket of product images, served at `/media/*`.
   *
   * @default - a private, encrypted, versioned bucket of its own, retained
   */
  readonly mediaBucket?: s3.IBucket;

  /**
   * The shop's domain name, such as `shop.example.com`. Requires `hostedZone`.
   *
   * @default - the shop is served at the distribution's `*.cloudfront.net` name
   */
  readonly domainName?: string;

  /**
   * The Route 53 zone of `domainName`: the shop's A and AAAA records and the certificate's
   * validation records are added there.
   *
   * @default - none; required with `domainName`
   */
  readonly hostedZone?: route53.IHostedZone;

  /**
   * A certificate from us-east-1 for `domainName`.
   *
   * @default - a DNS-validated certificate of its own (in a us-east-1 stack beside this one when
   * this stack is in another region)
   */
  readonly certificate?: acm.ICertificate;

  /**
   * The ARN of an AWS WAF web ACL (CLOUDFRONT scope, from us-east-1) for the distribution.
   *
   * @default - a web ACL of its own (`ShopEdge`'s), about $9 a month
   */
  readonly webAclArn?: string;

  /**
   * An e-mail address subscribed to the shop's alarm topic.
   *
   * @default - no subscription
   */
  readonly alarmEmail?: string;

  /**
   * The topic the shop's alarms notify.
   *
   * @default - a topic of its own, which accepts TLS only
   */
  readonly alarmTopic?: sns.ITopic;

  /**
   * How long the daily AWS Backup recovery points of the tables (and the database) are kept.
   *
   * @default Duration.days(35)
   */
  readonly backupRetention?: Duration;
}
