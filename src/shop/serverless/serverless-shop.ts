import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { createServerlessAlarms } from './serverless-alarms';
import { createServerlessData } from './serverless-data';
import { defineServerlessEdge } from './serverless-edge';
import { acknowledgeServerlessShopFindings } from './serverless-findings';
import type { ServerlessShopProps } from './serverless-shop-props';
import { validateServerlessShopProps } from './serverless-validation';
import { ShopApi } from './shop-api';
import { ShopCustomers } from './shop-customers';
import { ShopStorefront } from './shop-storefront';
import { ShopTable } from './shop-table';
import { createShopTables } from './table-options';
import { ShopBackup } from '../../backup';
import { ShopCache } from '../../cache';
import { ShopDatabase } from '../../database';
import { ShopEdge } from '../../edge/shop-edge';
import { ShopNetwork } from '../../network';
import type { IShop } from '../base/shop';
import { defineMediaBucket } from '../fargate/media';
import { newAlarmTopic } from '../fargate/shop-parts';

/**
 * The pay-per-request shop: a static storefront at the edge, an API of Lambda functions, a
 * DynamoDB catalog, Cognito customers, and optionally PostgreSQL for orders.
 *
 * - **Storefront**: a static build (`next build` with `output: 'export'`, or any single-page
 *   app) in a private bucket behind CloudFront and AWS WAF (`ShopStorefront`, `ShopEdge`).
 * - **API** at `/api/*` of the same distribution, so the browser calls one origin and needs no
 *   CORS: an HTTP API (or REST) whose routes each run a Lambda function (`ShopApi`), Node.js on
 *   ARM64 with X-Ray tracing and a month of logs; routes marked `protected` need a customer's
 *   token from the user pool.
 * - **Customers**: a Cognito user pool with an explicit feature plan (`ShopCustomers`).
 * - **Catalog**: DynamoDB tables, on demand, with point-in-time recovery, deletion protection,
 *   retained (`ShopTable`); each function may call only the actions its route grants on the
 *   tables it names.
 * - **Orders** (`database`): a `ShopDatabase` behind an RDS Proxy with IAM authentication, in
 *   a VPC without NAT gateways (DynamoDB and S3 through gateway endpoints).
 * - **Backups**: daily AWS Backup recovery points of the tables and the database.
 *
 * @exampleMetadata fixture=serverless
 * @example
 * new ServerlessShop(this, 'Shop', {
 *   storefront: { directory: 'storefront/out' },
 *   routes: [
 *     {
 *       route: 'GET /api/products',
 *       code: lambda.Code.fromAsset('api/catalog-read'),
 *       tables: [{ table: 'catalog', access: TableAccess.READ }],
 *     },
 *     {
 *       route: 'POST /api/orders',
 *       code: lambda.Code.fromAsset('api/order-write'),
 *       protected: true,
 *       tables: [{ table: 'orders', access: TableAccess.of('dynamodb:PutItem') }],
 *     },
 *   ],
 *   tables: [{ name: 'catalog' }, { name: 'orders' }],
 *   alarmEmail: 'ops@example.com',
 * });
 */
export class ServerlessShop extends Construct implements IShop {
  /** The shop's URL: `https://<domainName>`, or the distribution's `https://*.cloudfront.net`. */
  public readonly url: string;
  /** The topic the shop's alarms notify. */
  public readonly alarmTopic: sns.ITopic;
  /** Every alarm the shop created. */
  public readonly alarms: cloudwatch.Alarm[] = [];
  /** The static storefront. */
  public readonly storefront: ShopStorefront;
  /** The API and its functions. */
  public readonly api: ShopApi;
  /** The customers' user pool and the storefront's app client. */
  public readonly customers: ShopCustomers;
  /** The DynamoDB tables, in the order of `tables`. */
  public readonly tables: ShopTable[];
  /** The CloudFront distribution, its web ACL and DNS records. */
  public readonly edge: ShopEdge;
  /** The bucket of product images, served at `/media/*`. */
  public readonly mediaBucket: s3.IBucket;
  /** The daily backups of the tables and the database. */
  public readonly backup: ShopBackup;
  /** The network made for the database or the session cache; undefined without either, or with `database.vpc`. */
  public readonly network?: ShopNetwork;
  /** The VPC of the database and the session cache; undefined without either. */
  public readonly vpc?: ec2.IVpc;
  /** The orders database, with `database`. */
  public readonly database?: ShopDatabase;
  /** The session cache, with `sessions: true`. */
  public readonly cache?: ShopCache;

  private readonly tablesByName: Record<string, ShopTable>;

  constructor(scope: Construct, id: string, props: ServerlessShopProps) {
    super(scope, id);
    validateServerlessShopProps(this, props);
    this.alarmTopic = props.alarmTopic ?? newAlarmTopic(this, props.alarmEmail);

    this.tablesByName = createShopTables(this, props.tables ?? [{ name: 'catalog' }]);
    this.tables = Object.values(this.tablesByName);
    const data = createServerlessData(this, {
      database: props.database,
      sessions: props.sessions,
      tables: this.tables.map((t) => t.table),
      backupRetention: props.backupRetention,
      alarmTopic: this.alarmTopic,
    });
    this.network = data.network;
    this.vpc = data.vpc;
    this.database = data.database;
    this.cache = data.cache;
    this.backup = data.backup;

    this.customers = new ShopCustomers(this, 'Customers', {
      shopDomainName: props.domainName,
      ...props.customers,
    });
    const tables: { [name: string]: dynamodb.ITable } = {};
    for (const [name, t] of Object.entries(this.tablesByName)) tables[name] = t.table;
    this.api = new ShopApi(this, 'Api', {
      routes: props.routes,
      apiType: props.apiType,
      tables,
      userPool: this.customers.userPool,
      userPoolClients: [this.customers.userPoolClient],
      vpc: data.vpc,
      database: data.database,
      databaseUser: data.databaseUser,
      cache: data.cache,
    });

    this.storefront = new ShopStorefront(this, 'Storefront', props.storefront);
    this.mediaBucket = props.mediaBucket ?? defineMediaBucket(this);
    this.edge = defineServerlessEdge(this, props, {
      storefront: this.storefront,
      api: this.api,
      mediaBucket: this.mediaBucket,
    });
    this.url = this.edge.url;
    acknowledgeServerlessShopFindings({ createdAlarmTopic: props.alarmTopic ? undefined : this.alarmTopic });
    this.alarms.push(...createServerlessAlarms(this).map((c) => c.alarm));
  }

  /** The table named `name` in `tables`. */
  public table(name: string): ShopTable {
    const found = this.tablesByName[name];
    if (!found) {
      throw new Error(
        `${this.node.path}: no table named '${name}'; the shop's tables are ${Object.keys(this.tablesByName).join(', ')}.`,
      );
    }
    return found;
  }
}
