import type { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { ShopTableGrant } from './table-access';

/**
 * One route of a `ShopApi` and the Lambda function that answers it.
 *
 * Give either `code` (the construct defines the function: its role, log group, tracing and
 * grants) or `function` (an existing function, which only receives the grants). The function
 * settings (`handler`, `memorySize`, `timeout`, `environment`, `reservedConcurrency`,
 * `runtime`, `architecture`) apply to functions defined from `code` only.
 */
export interface ShopApiRoute {
  /**
   * The API Gateway route key: a method, one space, and a path starting with '/', e.g.
   * `GET /api/products/{id}`, `POST /api/orders`, `ANY /api/{proxy+}`.
   *
   * Methods: ANY, DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT. A segment is a literal
   * (letters, digits, `.`, `_`, `-`, `:`) or a whole-segment variable `{name}`; a greedy
   * variable `{name+}` may only be the last segment.
   *
   * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html
   */
  readonly route: string;

  /**
   * The function's code, e.g. `lambda.Code.fromAsset('dist/products')`.
   *
   * @default - none; give `function` instead (exactly one of `code` and `function`)
   */
  readonly code?: lambda.Code;

  /**
   * The function's handler, `file.export`.
   *
   * @default 'index.handler'
   */
  readonly handler?: string;

  /**
   * An existing function to answer the route instead of code.
   *
   * @default - none; give `code` instead (exactly one of `code` and `function`)
   */
  readonly function?: lambda.IFunction;

  /**
   * Whether a valid JWT from the customers' user pool is required (`ShopApiProps.userPool`).
   *
   * @default false
   */
  readonly protected?: boolean;

  /**
   * OAuth scopes the token must hold (any one of them), e.g. `['shop/orders.write']`. Only for
   * protected routes.
   *
   * @default - no scope required
   */
  readonly authorizationScopes?: string[];

  /**
   * The tables the function may use and how. Each table's name reaches the function as the
   * environment variable `TABLE_<NAME>` (the name upper-cased, other characters as `_`:
   * `catalog` → `TABLE_CATALOG`).
   *
   * @default - no table access
   */
  readonly tables?: ShopTableGrant[];

  /**
   * Whether the function runs in the VPC and may connect to the orders database
   * (`ShopApiProps.database`) through its proxy with IAM authentication.
   *
   * @default false
   */
  readonly database?: boolean;

  /**
   * Whether the function runs in the VPC and may reach the session cache (`ShopApiProps.cache`).
   *
   * @default false
   */
  readonly sessions?: boolean;

  /**
   * Memory in MB, 128 to 10,240. Lambda allots CPU in proportion.
   *
   * @default 512
   * @see https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html
   */
  readonly memorySize?: number;

  /**
   * How long the function may run: 1 s up to API Gateway's integration limit (30 s for HTTP
   * APIs, 29 s for REST).
   *
   * @default Duration.seconds(10)
   */
  readonly timeout?: Duration;

  /**
   * Plain-text environment variables. Never secrets: read those at run time from Secrets
   * Manager or Parameter Store.
   *
   * @default - only the table variables
   */
  readonly environment?: { [key: string]: string };

  /**
   * Concurrent executions reserved for (and capping) the function.
   *
   * @default - no reservation: the function shares the account's unreserved concurrency
   * @see https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html
   */
  readonly reservedConcurrency?: number;

  /**
   * The function's runtime.
   *
   * @default lambda.Runtime.NODEJS_24_X
   */
  readonly runtime?: lambda.Runtime;

  /**
   * The function's processor architecture.
   *
   * @default lambda.Architecture.ARM_64
   */
  readonly architecture?: lambda.Architecture;

  /**
   * Whether callers must send an API key (REST APIs only, with a usage plan you add to
   * `ShopApi.restApi`).
   *
   * @default false
   */
  readonly apiKeyRequired?: boolean;
}
