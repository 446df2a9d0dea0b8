import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { IConstruct } from 'constructs';
import { READ_REPLICA_VARIABLES, readReplicaSettings } from './read-replicas';
import { SERVER_ACTIONS_KEY_VARIABLE } from './server-actions-key';
import type { ServicePlan } from './service-plan';
import type { ShopCache } from '../../cache';
import type { ShopDatabase } from '../../database';
import { invalidProp } from '../../private/errors';

/**
 * Variables the shop sets on its containers. Users may not set them in `environment` or
 * `secrets`: theirs would shadow the shop's, or put a secret in plain text.
 */
export const SHOP_VARIABLES = [
  'DATABASE_URL',
  'REDIS_URL',
  'DATABASE_PASSWORD',
  'REDIS_PASSWORD',
  'JWT_SECRET',
  'COOKIE_SECRET',
  'MEDUSA_WORKER_MODE',
  'DATABASE_CA_CERTIFICATES',
  'QUEUE_URL',
  ...READ_REPLICA_VARIABLES,
  SERVER_ACTIONS_KEY_VARIABLE,
];

/** The file, in a scratch directory, the wrapper writes the database's root CAs to. */
export const DATABASE_CA_FILE = 'rds-root-ca.pem';
/** The file the wrapper writes when the user sets NODE_EXTRA_CA_CERTS: theirs and the database's. */
export const NODE_CA_FILE = 'node-extra-ca-certs.pem';

/** What a container is given: plain settings, secrets, and the wrapper that builds the URLs. */
export interface ContainerSettings {
  readonly environment: { [name: string]: string };
  readonly secrets: { [name: string]: ecs.Secret };
  /** The shell wrapper, when the container gets `DATABASE_URL` or `REDIS_URL`. */
  readonly entryPoint?: string[];
  readonly command?: string[];
}

/** The shop-wide things services' settings are made of. */
export interface ShopSettingsSources {
  /** The shop, which errors name. */
  readonly shop: IConstruct;
  /** The shop's URL: https://domain, or http://<ALB DNS name>. */
  readonly url: string;
  readonly database?: ShopDatabase;
  readonly cache?: ShopCache;
  /** Medusa's `JWT_SECRET` and `COOKIE_SECRET`, each a generated secret. */
  readonly jwtSecret?: secretsmanager.ISecret;
  readonly cookieSecret?: secretsmanager.ISecret;
  /** The storefront's `NEXT_SERVER_ACTIONS_ENCRYPTION_KEY`. */
  readonly serverActionsKey?: secretsmanager.ISecret;
  /** Whether the shop runs a worker (the backend then runs in server mode). */
  readonly worker: boolean;
  /** The URL of the worker's queue, for a service that sends to or receives from it. */
  readonly queueUrl?: string;
  /** Medusa's S3 file settings (the edge's media bucket), for this container. */
  readonly mediaEnvironment?: { [name: string]: string };
}

/**
 * The environment, secrets and entry point of one service's container.
 *
 * ECS cannot put a secret inside a longer value, so `DATABASE_URL` and `REDIS_URL` are built at
 * container start: the passwords arrive as secrets (`DATABASE_PASSWORD`, `REDIS_PASSWORD`), and
 * the entry point is `/bin/sh -c 'export DATABASE_URL="postgres://...:$DATABASE_PASSWORD@..."; exec "$@"' sh <command>`,
 * the variables written without braces so CloudFormation does not read them as `Fn::Sub`
 * parameters. The password and the token hold no character that needs URL escaping.
 *
 * The database's certificate is verified: its root CAs (public) arrive in the plain variable
 * `DATABASE_CA_CERTIFICATES`, the wrapper writes them to a file in a scratch directory (the root
 * file system is read-only), and `DATABASE_URL` says `sslmode=verify-full&sslrootcert=<file>`
 * (libpq and node-postgres both honour it), `PGSSLMODE`/`PGSSLROOTCERT` the same for libpq tools,
 * and `NODE_EXTRA_CA_CERTS` makes Node trust them for any other client (plus the user's own
 * NODE_EXTRA_CA_CERTS, if set).
 */
export function containerSettings(plan: ServicePlan, sources: ShopSettingsSources): ContainerSettings {
  const environment: { [name: string]: string } = {};
  const secrets: { [name: string]: ecs.Secret } = {};
  const commands: string[] = [];
  const medusa = plan.role === 'backend' || plan.role === 'worker';

  if (plan.role === 'storefront') {
    // Next.js standalone servers bind to $HOSTNAME; ECS sets it to the task's host name.
    Object.assign(environment, {
      HOSTNAME: '0.0.0.0',
      MEDUSA_BACKEND_URL: sources.url,
      NEXT_PUBLIC_BASE_URL: sources.url,
    });
    if (sources.serverActionsKey) {
      secrets[SERVER_ACTIONS_KEY_VARIABLE] = ecs.Secret.fromSecretsManager(sources.serverActionsKey);
    }
  }
  if (medusa) {
    Object.assign(environment, {
      NODE_ENV: 'production',
      STORE_CORS: sources.url,
      ADMIN_CORS: sources.url,
      AUTH_CORS: sources.url,
      MEDUSA_BACKEND_URL: sources.url,
      // npx writes its cache under $HOME, which the read-only root file system refuses
      npm_config_cache: '/tmp/.npm',
    });
    if (sources.jwtSecret) secrets.JWT_SECRET = ecs.Secret.fromSecretsManager(sources.jwtSecret);
    if (sources.cookieSecret) secrets.COOKIE_SECRET = ecs.Secret.fromSecretsManager(sources.cookieSecret);
    Object.assign(environment, sources.mediaEnvironment ?? {});
  }
  // the worker serves no traffic but still answers /health on the backend's port
  const port = plan.port ?? (plan.role === 'worker' ? plan.healthPort : undefined);
  if (port !== undefined) environment.PORT = String(port);
  if (sources.queueUrl) environment.QUEUE_URL = sources.queueUrl;
  if (plan.database && sources.database) {
    Object.assign(environment, sources.database.containerEnvironment());
    Object.assign(secrets, sources.database.containerSecrets());
    environment.DATABASE_CA_CERTIFICATES = sources.database.rootCertificates();
    const dir = certificateDirectory(sources.shop, plan);
    commands.push(...databaseTlsCommands(dir));
    const url = sources.database.databaseUrlTemplate(`${dir}/${DATABASE_CA_FILE}`);
    commands.push(`export DATABASE_URL="${url}"`);
    const read = readReplicaSettings(sources.database, `${dir}/${DATABASE_CA_FILE}`);
    Object.assign(environment, read.environment);
    commands.push(...read.commands);
  }
  if (plan.cache && sources.cache) {
    Object.assign(environment, sources.cache.containerEnvironment());
    Object.assign(secrets, sources.cache.containerSecrets());
    commands.push(`export REDIS_URL="${sources.cache.redisUrlTemplate()}"`);
  }
  // the user's settings win over the shop's derived ones (CORS origins, URLs), not over the
  // variables in SHOP_VARIABLES, which the validation keeps out of them
  Object.assign(environment, plan.environment);
  Object.assign(secrets, plan.settings.secrets ?? {});
  if (plan.role === 'backend') environment.MEDUSA_WORKER_MODE = sources.worker ? 'server' : 'shared';
  if (plan.role === 'worker') {
    environment.MEDUSA_WORKER_MODE = 'worker';
    environment.DISABLE_MEDUSA_ADMIN = 'true';
  }

  return {
    environment,
    secrets,
    entryPoint: commands.length > 0 ? wrapperEntryPoint(commands) : undefined,
    command: plan.command,
  };
}

/** Where the wrapper writes the certificate files: `/tmp`, or the first scratch directory when `/tmp` is not one. */
function certificateDirectory(shop: IConstruct, plan: ServicePlan): string {
  const dirs = plan.scratchDirectories.map((d) => d.replace(/\/+$/, ''));
  const dir = dirs.includes('/tmp') ? '/tmp' : dirs[0];
  if (dir === undefined) {
    throw invalidProp(
      shop,
      `${plan.settingsProp}.scratchDirectories`,
      'the service connects to the database and has no writable directory to put its root certificates in',
      "Keep a scratch directory such as '/tmp'.",
    );
  }
  return dir;
}

/** Writes the database's root CAs into `dir` and points libpq and Node at them; stops the container if it cannot. */
function databaseTlsCommands(dir: string): string[] {
  const file = `${dir}/${DATABASE_CA_FILE}`;
  const combined = `${dir}/${NODE_CA_FILE}`;
  return [
    `printf '%s\\n' "$DATABASE_CA_CERTIFICATES" > ${file} || exit 1`,
    `if [ -n "$NODE_EXTRA_CA_CERTS" ]; then cat "$NODE_EXTRA_CA_CERTS" ${file} > ${combined} || exit 1; export NODE_EXTRA_CA_CERTS=${combined}; else export NODE_EXTRA_CA_CERTS=${file}; fi`,
    `export PGSSLMODE=verify-full PGSSLROOTCERT=${file}`,
  ];
}

/** `/bin/sh -c '<commands>; exec "$@"' sh`: the container's command follows as "$@". */
export function wrapperEntryPoint(commands: string[]): string[] {
  return ['/bin/sh', '-c', `${commands.join('; ')}; exec "$@"`, 'sh'];
}
