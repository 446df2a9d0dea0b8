import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { ShopApiRoute } from './shop-api-route';
import type { ShopApiType } from './shop-api-type';
import type { ShopCache } from '../../cache';
import type { ShopDatabase } from '../../database';

/** A stage's request rate limits. */
export interface ShopApiThrottle {
  /**
   * Steady-state requests per second across the stage.
   *
   * @default 100
   */
  readonly rateLimit?: number;

  /**
   * Requests per second allowed in a burst.
   *
   * @default 200
   */
  readonly burstLimit?: number;
}

/** Properties of a `ShopApi`. */
export interface ShopApiProps {
  /** The routes, each answered by its own Lambda function. At least one. */
  readonly routes: ShopApiRoute[];

  /**
   * HTTP API or REST API.
   *
   * @default ShopApiType.HTTP
   */
  readonly apiType?: ShopApiType;

  /**
   * The tables routes may name in `tables`, by name (e.g. `{ catalog: catalogTable }`).
   *
   * @default - no tables: no route may name one
   */
  readonly tables?: { [name: string]: dynamodb.ITable };

  /**
   * The customers' user pool, whose tokens protected routes require.
   *
   * @default - none: no route may be protected
   */
  readonly userPool?: cognito.IUserPool;

  /**
   * The app clients whose tokens HTTP APIs accept (the JWT audience: `aud` of ID tokens,
   * `client_id` of access tokens). REST APIs' Cognito authorizer accepts tokens of any client of
   * the pool.
   *
   * @default - none: an HTTP API with protected routes needs at least one
   */
  readonly userPoolClients?: cognito.IUserPoolClient[];

  /**
   * The VPC that functions with `database` or `sessions` run in (its isolated subnets, else its
   * private ones).
   *
   * @default - none: no route may set `database` or `sessions`
   */
  readonly vpc?: ec2.IVpc;

  /**
   * The orders database that `database` routes connect to (through its proxy, IAM auth).
   *
   * @default - none: no route may set `database`
   */
  readonly database?: ShopDatabase;

  /**
   * The database user that `database` routes connect as, with an IAM token. It must exist in
   * PostgreSQL with `GRANT rds_iam TO <user>` and only the privileges the functions need; not the
   * master user.
   *
   * @default 'shop_api'
   */
  readonly databaseUser?: string;

  /**
   * The session cache that `sessions` routes reach.
   *
   * @default - none: no route may set `sessions`
   */
  readonly cache?: ShopCache;

  /**
   * X-Ray active tracing on the functions defined here, and on a REST API's stage (HTTP APIs
   * have no API-side tracing).
   *
   * @default true
   * @see https://docs.aws.amazon.com/lambda/latest/dg/services-xray.html
   */
  readonly tracing?: boolean;

  /**
   * How long the functions' logs and the API's access logs are kept.
   *
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;

  /**
   * The stage's rate limits.
   *
   * @default - 100 requests per second, bursts of 200
   * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-throttling.html
   */
  readonly throttle?: ShopApiThrottle;

  /**
   * The REST API's stage name (REST only; an HTTP API serves its `$default` stage at the root).
   * The CloudFront origin's path is `/<stageName>`.
   *
   * @default 'prod'
   */
  readonly stageName?: string;

  /**
   * The API's name in the console.
   *
   * @default - derived from the construct path
   */
  readonly apiName?: string;
}
