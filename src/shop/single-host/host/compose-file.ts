/**
 * Renders the Docker compose file (`compose.yaml`, Compose Specification) of a single-host shop.
 *
 * Internal: not exported from the package's entry point.
 */
import { HEALTH_PATH, isPort } from './host-rules';
import { POSTGRES_VERSIONS } from '../single-host-defaults';

/** A container of the shop that serves HTTP. */
export interface ComposeService {
  /** The image, e.g. `123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop-backend:1.4.2`. */
  readonly image: string;
  /** The port the container listens on; published on 127.0.0.1 only (nginx fronts it). */
  readonly port: number;
  /** The path its health check GETs (with `node`, which the image must have); an answer below 400 is healthy. */
  readonly healthPath: string;
  /** Non-secret environment; secrets come from the env file. */
  readonly environment: Record<string, string>;
}

/** The worker: the backend's image in Medusa's worker mode. */
export interface ComposeWorker {
  /** Added to (and overriding) the backend's environment. */
  readonly environment: Record<string, string>;
}

/** What the compose file needs to know. */
export interface ComposeFileOptions {
  /** The storefront (e.g. Next.js). At least one of storefront and backend is required. */
  readonly storefront?: ComposeService;
  /** The backend (e.g. Medusa). At least one of storefront and backend is required. */
  readonly backend?: ComposeService;
  /**
   * A worker running the backend's image with `MEDUSA_WORKER_MODE=worker` (the backend then runs
   * with `MEDUSA_WORKER_MODE=server`), without a published port.
   *
   * @default - no worker; the backend runs with `MEDUSA_WORKER_MODE=shared`
   */
  readonly worker?: ComposeWorker;
  /** PostgreSQL: image `postgres:<version>-alpine`, user `shop`, this database. */
  readonly postgres: { readonly version: string; readonly database: string };
  /**
   * Redis: image `redis:<version>-alpine` with append-only persistence.
   *
   * @default '7'
   */
  readonly redisVersion?: string;
  /** The host folder with `postgres/`, `redis/` and `uploads/` (the data volume), e.g. `/data`. */
  readonly dataDirectory: string;
  /**
   * Where the backend's (and worker's) container keeps uploaded files; `<dataDirectory>/uploads` is
   * mounted there.
   *
   * @default '/app/uploads'
   */
  readonly uploadsMountPath?: string;
  /**
   * The env file with the secrets (POSTGRES_PASSWORD, DATABASE_URL, REDIS_URL, JWT_SECRET,
   * COOKIE_SECRET), given to postgres, the backend and the worker; never to the storefront.
   */
  readonly envFile: string;
  /**
   * Send container logs to CloudWatch Logs (awslogs driver, one stream per container).
   *
   * @default - Docker's default json-file driver
   */
  readonly logging?: { readonly logGroupName: string; readonly region: string };
}

/** The database user; the postgres image makes it a superuser owning the database. */
export const COMPOSE_DATABASE_USER = 'shop';

/** Keys that must come from the env file: set in `environment` they would override it. */
const SECRET_KEYS = ['POSTGRES_PASSWORD', 'DATABASE_URL', 'REDIS_URL', 'JWT_SECRET', 'COOKIE_SECRET'];

/** Unresolved CDK string tokens (`${Token[...]}`): resolved at deploy time, so never validated here. */
const TOKEN = /\$\{Token\[[a-zA-Z0-9:._-]+\]\}/g;
const untokenized = (value: string): string => value.replace(TOKEN, 'token');

type Yaml = string | number | boolean | Yaml[] | { [key: string]: Yaml | undefined };

/**
 * Renders compose.yaml: postgres and redis on the compose network only, the storefront and the
 * backend published on 127.0.0.1, every service restarted unless stopped and health-checked.
 *
 * No secret is in the file, only the env file's path. `$` in values is escaped as `$$` so compose
 * does not interpolate it (CDK tokens excepted: they resolve at deploy time).
 *
 * @throws Error when an option is invalid, naming the option
 */
export function renderComposeFile(options: ComposeFileOptions): string {
  const o = validate(options);
  const data = o.dataDirectory.replace(/\/+$/, '');
  const db = o.postgres.database;
  const logging = (service: string) =>
    o.logging && {
      driver: 'awslogs',
      options: {
        'awslogs-region': o.logging.region,
        'awslogs-group': o.logging.logGroupName,
        tag: `${service}/{{.ID}}`,
        mode: 'non-blocking',
        'max-buffer-size': '4m',
      },
    };
  const httpHealthcheck = (port: number, path: string, startPeriod: string) => ({
    test: [
      'CMD',
      'node',
      '-e',
      `fetch('http://127.0.0.1:${port}${path}', { redirect: 'manual' }).then((r) => process.exit(r.status < 400 ? 0 : 1), () => process.exit(1))`,
    ],
    interval: '15s',
    timeout: '5s',
    retries: 5,
    start_period: startPeriod,
  });
  const healthy = { condition: 'service_healthy' };

  const services: Record<string, Yaml | undefined> = {
    postgres: {
      image: `postgres:${o.postgres.version}-alpine`,
      restart: 'unless-stopped',
      env_file: [o.envFile],
      environment: { POSTGRES_USER: COMPOSE_DATABASE_USER, POSTGRES_DB: db },
      volumes: [`${data}/postgres:/var/lib/postgresql/data`],
      shm_size: '256mb',
      stop_grace_period: '60s',
      healthcheck: {
        test: ['CMD-SHELL', `pg_isready -U ${COMPOSE_DATABASE_USER} -d ${db}`],
        interval: '10s',
        timeout: '5s',
        retries: 5,
        start_period: '30s',
      },
      logging: logging('postgres'),
    },
    redis: {
      image: `redis:${o.redisVersion}-alpine`,
      restart: 'unless-stopped',
      command: ['redis-server', '--appendonly', 'yes'],
      volumes: [`${data}/redis:/data`],
      healthcheck: {
        test: ['CMD', 'redis-cli', 'ping'],
        interval: '10s',
        timeout: '5s',
        retries: 5,
        start_period: '10s',
      },
      logging: logging('redis'),
    },
  };

  const backend = o.backend;
  if (backend) {
    const common = {
      image: backend.image,
      restart: 'unless-stopped',
      init: true,
      env_file: [o.envFile],
    };
    const dependsOn = { postgres: healthy, redis: healthy };
    const uploads = [`${data}/uploads:${o.uploadsMountPath}`];
    services.backend = {
      ...common,
      environment: escapeAll({
        ...backend.environment,
        MEDUSA_WORKER_MODE: o.worker ? 'server' : (backend.environment.MEDUSA_WORKER_MODE ?? 'shared'),
        PORT: String(backend.port),
      }),
      ports: [`127.0.0.1:${backend.port}:${backend.port}`],
      volumes: uploads,
      depends_on: dependsOn,
      stop_grace_period: '30s',
      healthcheck: httpHealthcheck(backend.port, backend.healthPath, '120s'),
      logging: logging('backend'),
    };
    if (o.worker) {
      services.worker = {
        ...common,
        environment: escapeAll({
          ...backend.environment,
          ...o.worker.environment,
          MEDUSA_WORKER_MODE: 'worker',
          DISABLE_MEDUSA_ADMIN: 'true',
          PORT: String(backend.port),
        }),
        volumes: uploads,
        depends_on: dependsOn,
        stop_grace_period: '30s',
        healthcheck: httpHealthcheck(backend.port, backend.healthPath, '120s'),
        logging: logging('worker'),
      };
    }
  }

  const storefront = o.storefront;
  if (storefront) {
    services.storefront = {
      image: storefront.image,
      restart: 'unless-stopped',
      init: true,
      // Next.js standalone servers bind to $HOSTNAME, which Docker sets to the container id.
      environment: escapeAll({
        HOSTNAME: '0.0.0.0',
        ...storefront.environment,
        PORT: String(storefront.port),
      }),
      ports: [`127.0.0.1:${storefront.port}:${storefront.port}`],
      depends_on: backend ? { backend: { condition: 'service_started' } } : undefined,
      stop_grace_period: '30s',
      healthcheck: httpHealthcheck(storefront.port, storefront.healthPath, '60s'),
      logging: logging('storefront'),
    };
  }

  return [
    '# Rendered by cdk-shop: the shop containers. Secrets are only in the env_file, never here.',
    toYaml({ services }, 0),
    '',
  ].join('\n');
}

interface ValidOptions {
  readonly storefront?: ComposeService;
  readonly backend?: ComposeService;
  readonly worker?: ComposeWorker;
  readonly postgres: { readonly version: string; readonly database: string };
  readonly redisVersion: string;
  readonly dataDirectory: string;
  readonly uploadsMountPath: string;
  readonly envFile: string;
  readonly logging?: { readonly logGroupName: string; readonly region: string };
}

function validate(options: ComposeFileOptions): ValidOptions {
  if (!options.storefront && !options.backend) {
    throw new Error('compose: at least one of storefront and backend is required');
  }
  if (options.worker && !options.backend) {
    throw new Error('compose: worker runs the backend image, so it needs a backend');
  }
  if (options.storefront && options.backend && options.storefront.port === options.backend.port) {
    throw new Error(`compose: storefront and backend cannot both use port ${options.backend.port}`);
  }
  const version = options.postgres?.version ?? '';
  if (!/^\d+(\.\d+)?$/.test(version) || !POSTGRES_VERSIONS.includes(version.split('.')[0])) {
    // postgres 18 images keep PGDATA elsewhere (/var/lib/postgresql/18/docker): not supported yet
    throw new Error(
      `compose: postgres.version '${version}' must be a PostgreSQL version like '16' or '16.4', of major ${POSTGRES_VERSIONS.join(', ')}`,
    );
  }
  const database = options.postgres?.database ?? '';
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(untokenized(database))) {
    throw new Error(
      `compose: postgres.database '${database}' must be letters, digits and _ (not starting with a digit), at most 63`,
    );
  }
  const redisVersion = options.redisVersion ?? '7';
  if (!/^\d+(\.\d+){0,2}$/.test(untokenized(redisVersion))) {
    throw new Error(`compose: redisVersion '${redisVersion}' must be a Redis version like '7' or '7.2'`);
  }
  return {
    storefront: options.storefront && checkService('storefront', options.storefront),
    backend: options.backend && checkService('backend', options.backend),
    worker: options.worker && { environment: checkEnvironment('worker', options.worker.environment ?? {}) },
    postgres: { version, database },
    redisVersion,
    dataDirectory: checkPath('dataDirectory', options.dataDirectory),
    uploadsMountPath: checkPath('uploadsMountPath', options.uploadsMountPath ?? '/app/uploads'),
    envFile: checkPath('envFile', options.envFile),
    logging: options.logging,
  };
}

function checkService(name: string, service: ComposeService): ComposeService {
  if (!service.image || /\s/.test(service.image)) {
    throw new Error(
      `compose: ${name}.image '${service.image}' must be a non-empty image name without spaces`,
    );
  }
  if (!isPort(service.port)) {
    throw new Error(`compose: ${name}.port must be a whole number from 1 to 65535, got ${service.port}`);
  }
  if (!HEALTH_PATH.test(service.healthPath ?? '')) {
    throw new Error(
      `compose: ${name}.healthPath '${service.healthPath}' must start with '/' and contain only letters, digits and . _ ~ / ? = & % -`,
    );
  }
  return { ...service, environment: checkEnvironment(name, service.environment ?? {}) };
}

function checkEnvironment(name: string, environment: Record<string, string>): Record<string, string> {
  for (const [key, value] of Object.entries(environment)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) {
      throw new Error(
        `compose: ${name}.environment key '${key}' must be letters, digits and _ (not starting with a digit)`,
      );
    }
    if (SECRET_KEYS.includes(key)) {
      throw new Error(
        `compose: ${name}.environment must not set ${key}: it is a secret read from the env file (environment would override it)`,
      );
    }
    if (typeof value !== 'string') {
      throw new Error(`compose: ${name}.environment.${key} must be a string`);
    }
  }
  return environment;
}

function checkPath(name: string, path: string): string {
  if (!/^\/[A-Za-z0-9._@+\/-]*$/.test(untokenized(path ?? '')) || path.includes('..')) {
    throw new Error(
      `compose: ${name} '${path}' must be an absolute path of letters, digits and . _ @ + - / (no spaces, ':' or '..')`,
    );
  }
  return path;
}

/** `$` becomes `$$` (a literal `$` for compose), except in unresolved CDK tokens. */
function escapeAll(environment: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(environment).map(([key, value]) => [key, value.replace(/\$(?!\{Token\[)/g, '$$$$')]),
  );
}

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const YAML_WORDS = /^(y|yes|n|no|true|false|on|off|null)$/i;

/** A block-style YAML emitter; every string is double-quoted (JSON escapes are YAML escapes). */
function toYaml(value: Yaml, indent: number): string {
  const pad = ' '.repeat(indent);
  if (Array.isArray(value)) {
    if (!value.some(isCollection)) return `${pad}${scalar(value)}`;
    return value
      .map((item) => (isBlock(item) ? `${pad}-\n${toYaml(item, indent + 2)}` : `${pad}- ${scalar(item)}`))
      .join('\n');
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value).filter((entry): entry is [string, Yaml] => entry[1] !== undefined);
    if (entries.length === 0) return `${pad}{}`;
    return entries
      .map(([key, item]) => {
        const k = PLAIN_KEY.test(key) && !YAML_WORDS.test(key) ? key : quoteString(key);
        return isBlock(item) ? `${pad}${k}:\n${toYaml(item, indent + 2)}` : `${pad}${k}: ${scalar(item)}`;
      })
      .join('\n');
  }
  return `${pad}${scalar(value)}`;
}

function isCollection(value: Yaml): boolean {
  return typeof value === 'object';
}

/** Non-empty mappings, and lists holding collections, are written in block style. */
function isBlock(value: Yaml): boolean {
  if (Array.isArray(value)) return value.some(isCollection);
  return typeof value === 'object' && Object.values(value).some((v) => v !== undefined);
}

/** Scalars, and lists of scalars in flow style (`["CMD", "redis-cli", "ping"]`). */
function scalar(value: Yaml): string {
  if (Array.isArray(value)) return `[${value.map(scalar).join(', ')}]`;
  if (typeof value === 'object') return '{}';
  if (typeof value === 'string') return quoteString(value);
  return String(value);
}

function quoteString(value: string): string {
  // JSON leaves DEL, C1 controls, U+2028/2029 and the BOM raw; YAML needs them escaped.
  return JSON.stringify(value).replace(
    /[\u007f-\u009f\u2028\u2029\ufeff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
