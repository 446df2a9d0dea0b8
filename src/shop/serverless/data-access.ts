import { Token } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { ShopCache } from '../../cache';
import { ShopDatabase } from '../../database';
import { DATABASE_DEFAULTS } from '../../private/block-defaults';
import { invalidProp } from '../../private/errors';
import { POSTGRES_ROLE } from '../../private/shop-defaults';

/**
 * The environment variables `connectFunctionToDatabase` sets. Plain connection settings only:
 * with IAM authentication the password is a token the function signs itself
 * (`@aws-sdk/rds-signer`, `boto3 generate_db_auth_token`) from its role, valid 15 minutes.
 */
export const DATABASE_ENVIRONMENT = {
  host: 'DATABASE_HOST',
  port: 'DATABASE_PORT',
  name: 'DATABASE_NAME',
  user: 'DATABASE_USER',
} as const;

/**
 * The environment variables `connectFunctionToCache` sets. The AUTH token stays in Secrets
 * Manager: the function reads it at start from the secret named by `REDIS_AUTH_TOKEN_SECRET_ARN`.
 */
export const CACHE_ENVIRONMENT = {
  host: 'REDIS_HOST',
  port: 'REDIS_PORT',
  tls: 'REDIS_TLS',
  clusterMode: 'REDIS_CLUSTER_MODE',
  authTokenSecretArn: 'REDIS_AUTH_TOKEN_SECRET_ARN',
} as const;

/**
 * Lets a function in the database's VPC connect to the database through its RDS Proxy as
 * `user`, with an IAM authentication token and TLS:
 *
 * - an ingress rule from the function's security group to the proxy's on 5432 only;
 * - `rds-db:connect` on exactly `user` of the proxy (and, end to end, the proxy on that user);
 * - `DATABASE_HOST` (the proxy's endpoint), `DATABASE_PORT`, `DATABASE_NAME`, `DATABASE_USER`,
 *   and `PGSSLMODE=verify-full` with `PGSSLROOTCERT=system`: the proxy's certificate is an ACM
 *   one that chains to the Amazon Trust Services roots, which Node.js, Python's certifi and libpq
 *   16+ (`system`) trust, so no CA bundle ships with the function. node-postgres reads
 *   `PGSSLMODE=verify-full` as `ssl: true` and verifies chain and host name. Never a password.
 *
 * The user must exist in PostgreSQL with `GRANT rds_iam TO <user>` and only the privileges the
 * function needs. The database needs `proxy`, `iamAuthentication` and `endToEndIamAuthentication`:
 * a proxy that logs in with the master user's secret admits only the master user, refused here.
 *
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-connecting.html
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.IAMDBAuth.html
 */
export function connectFunctionToDatabase(fn: lambda.Function, database: ShopDatabase, user: string): void {
  requireVpc(fn, 'database');
  if (!Token.isUnresolved(user) && !POSTGRES_ROLE.test(user)) {
    throw invalidProp(
      fn,
      'user',
      `'${user}' is not a PostgreSQL user name`,
      'Give the user the function connects as: a letter or _, then letters, digits, _ or $ (63 at most), such as shop_orders.',
    );
  }
  const proxy = database.proxy;
  if (!proxy) {
    throw invalidProp(
      database,
      'proxy',
      `${fn.node.path} would open a connection per concurrent invocation straight to the instance, which has no RDS Proxy`,
      'Give the database proxy: true (and iamAuthentication: true, endToEndIamAuthentication: true).',
    );
  }
  if (!database.iamAuthentication) {
    throw invalidProp(
      database,
      'iamAuthentication',
      `${fn.node.path} connects with an IAM token and no password, and the database has IAM authentication off`,
      'Give the database iamAuthentication: true and endToEndIamAuthentication: true.',
    );
  }
  if (user === database.masterUsername) {
    throw invalidProp(
      fn,
      'user',
      `${fn.node.path} would log in as the master user ${user}, who owns every table`,
      'Give the function a user of its own, granted rds_iam and only the privileges it needs, such as shop_orders.',
    );
  }
  if (!database.endToEndIamAuthentication) {
    throw invalidProp(
      database,
      'endToEndIamAuthentication',
      `the proxy logs in with the master user's secret only, so ${fn.node.path} could not connect as '${user}' through it`,
      'Give the database endToEndIamAuthentication: true (the proxy then logs in as the user with IAM too).',
    );
  }
  database.allowFrom(fn);
  database.grantConnect(fn, user);
  fn.addEnvironment(DATABASE_ENVIRONMENT.host, database.endpoint);
  fn.addEnvironment(DATABASE_ENVIRONMENT.port, String(DATABASE_DEFAULTS.port));
  fn.addEnvironment(DATABASE_ENVIRONMENT.name, database.databaseName);
  fn.addEnvironment(DATABASE_ENVIRONMENT.user, user);
  fn.addEnvironment('PGSSLMODE', 'verify-full');
  fn.addEnvironment('PGSSLROOTCERT', 'system');
}

/**
 * Lets a function in the cache's VPC connect to the session cache over TLS:
 *
 * - an ingress rule from the function's security group to the cache's on 6379 only;
 * - read on the AUTH token's secret, and its ARN in `REDIS_AUTH_TOKEN_SECRET_ARN` (never the
 *   token itself); in a VPC without NAT the function reaches Secrets Manager through an interface
 *   endpoint, which `createServerlessData` makes;
 * - `REDIS_HOST`, `REDIS_PORT`, `REDIS_TLS=true`, `REDIS_CLUSTER_MODE`. ElastiCache's in-transit
 *   certificates chain to the Amazon roots that Node.js and Python trust: no CA bundle needed.
 *
 * @see https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/in-transit-encryption.html
 */
export function connectFunctionToCache(fn: lambda.Function, cache: ShopCache): void {
  requireVpc(fn, 'sessions');
  cache.allowFrom(fn);
  cache.grantReadAuthToken(fn);
  for (const [name, value] of Object.entries(cache.containerEnvironment())) {
    fn.addEnvironment(name, value);
  }
  fn.addEnvironment(CACHE_ENVIRONMENT.authTokenSecretArn, cache.authToken.secretArn);
}

function requireVpc(fn: lambda.Function, prop: string): void {
  if (!fn.isBoundToVpc) {
    throw invalidProp(
      fn,
      prop,
      'the function is not in a VPC, so it cannot reach the data store in it',
      "Create the function with the data store's VPC (vpc and vpcSubnets), as ShopApi does for routes with database or sessions.",
    );
  }
}
