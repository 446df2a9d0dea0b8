import * as http from 'http';
import * as net from 'net';
import { checkComposeFile } from './helpers/compose';
import { ComposeFileOptions, renderComposeFile } from '../../../../src/shop/single-host/host/compose-file';
import { freePort, run } from '../../../helpers/processes';

const ENV_FILE = '/run/cdk-shop/shop.env';
const SECRET_KEYS = ['POSTGRES_PASSWORD', 'DATABASE_URL', 'REDIS_URL', 'JWT_SECRET', 'COOKIE_SECRET'];

const full: ComposeFileOptions = {
  storefront: {
    image: 'registry.example.com/shop/storefront:1.2.3',
    port: 8000,
    healthPath: '/',
    environment: { NEXT_PUBLIC_MEDUSA_BACKEND_URL: 'https://shop.example.com' },
  },
  backend: {
    image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop-backend@sha256:' + 'a'.repeat(64),
    port: 9000,
    healthPath: '/health',
    environment: { STORE_CORS: 'https://shop.example.com', ADMIN_CORS: 'https://shop.example.com' },
  },
  worker: { environment: { WORKER_CONCURRENCY: '2' } },
  postgres: { version: '16', database: 'medusa' },
  redisVersion: '7.2',
  dataDirectory: '/data',
  envFile: ENV_FILE,
  logging: { logGroupName: '/cdk-shop/shop', region: 'eu-west-1' },
};

const minimal: ComposeFileOptions = {
  storefront: full.storefront,
  backend: full.backend,
  postgres: { version: '17.2', database: 'shop' },
  dataDirectory: '/data/',
  envFile: ENV_FILE,
};

describe('renderComposeFile: schema', () => {
  test.each([
    ['full (worker, logging)', full],
    ['minimal', minimal],
    ['storefront only', { ...minimal, backend: undefined }],
    ['backend only', { ...minimal, storefront: undefined }],
    ['postgres 17.4', { ...minimal, postgres: { version: '17.4', database: 'shop' } }],
  ])('%s validates against the Compose Specification schema', async (_name, options) => {
    const check = await checkComposeFile(renderComposeFile(options as ComposeFileOptions));
    expect(check.errors).toEqual([]);
    expect(Object.keys(check.document.services).length).toBeGreaterThanOrEqual(3);
  });

  test('the schema check does catch a broken file', async () => {
    const broken = renderComposeFile(full)
      .replace('interval: "10s"', 'interval: "ten seconds"')
      .replace('init: true', 'init: true\n    publish_everything: true');
    const check = await checkComposeFile(broken);
    expect(check.errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^services\/postgres\/healthcheck\/interval: .*duration/),
        expect.stringMatching(/^services\/backend: .*publish_everything|does not match/),
      ]),
    );
  });
});

describe('renderComposeFile: services', () => {
  let doc: any;
  let text: string;
  beforeAll(async () => {
    text = renderComposeFile(full);
    doc = (await checkComposeFile(text)).document;
  });

  test('the storefront and the backend are published on 127.0.0.1 only', () => {
    expect(doc.services.storefront.ports).toEqual(['127.0.0.1:8000:8000']);
    expect(doc.services.backend.ports).toEqual(['127.0.0.1:9000:9000']);
  });

  test('postgres, redis and the worker publish no port', () => {
    for (const name of ['postgres', 'redis', 'worker']) {
      expect(doc.services[name].ports).toBeUndefined();
      expect(doc.services[name].expose).toBeUndefined();
      expect(doc.services[name].network_mode).toBeUndefined();
    }
  });

  test('every service restarts unless stopped and has a health check', () => {
    expect(Object.keys(doc.services).sort()).toEqual([
      'backend',
      'postgres',
      'redis',
      'storefront',
      'worker',
    ]);
    for (const service of Object.values<any>(doc.services)) {
      expect(service.restart).toBe('unless-stopped');
      expect(service.healthcheck.test.length).toBeGreaterThan(1);
    }
    expect(doc.services.postgres.healthcheck.test).toEqual(['CMD-SHELL', 'pg_isready -U shop -d medusa']);
    expect(doc.services.redis.healthcheck.test).toEqual(['CMD', 'redis-cli', 'ping']);
    expect(doc.services.backend.healthcheck.test.join(' ')).toContain('http://127.0.0.1:9000/health');
    expect(doc.services.storefront.healthcheck.test.join(' ')).toContain('http://127.0.0.1:8000/');
  });

  test('postgres: alpine image, user shop, the database, data on the data volume', () => {
    expect(doc.services.postgres.image).toBe('postgres:16-alpine');
    expect(doc.services.postgres.environment).toEqual({ POSTGRES_USER: 'shop', POSTGRES_DB: 'medusa' });
    expect(doc.services.postgres.volumes).toEqual(['/data/postgres:/var/lib/postgresql/data']);
  });

  test('postgres 18, whose image keeps PGDATA elsewhere, is refused as SingleHostShop refuses it', () => {
    expect(() => renderComposeFile({ ...minimal, postgres: { version: '18', database: 'shop' } })).toThrow(
      /postgres\.version '18' must be .* of major 13, 14, 15, 16, 17/,
    );
  });

  test('redis: alpine image with append-only persistence on the data volume', () => {
    expect(doc.services.redis.image).toBe('redis:7.2-alpine');
    expect(doc.services.redis.command).toEqual(['redis-server', '--appendonly', 'yes']);
    expect(doc.services.redis.volumes).toEqual(['/data/redis:/data']);
    expect(renderComposeFile(minimal)).toContain('"redis:7-alpine"');
  });

  test('the backend waits for healthy postgres and redis and keeps uploads on the data volume', () => {
    expect(doc.services.backend.depends_on).toEqual({
      postgres: { condition: 'service_healthy' },
      redis: { condition: 'service_healthy' },
    });
    expect(doc.services.backend.volumes).toEqual(['/data/uploads:/app/uploads']);
    expect(doc.services.storefront.depends_on).toEqual({ backend: { condition: 'service_started' } });
  });

  test('secrets come only from the env file, which the storefront does not get', () => {
    for (const name of ['postgres', 'backend', 'worker']) {
      expect(doc.services[name].env_file).toEqual([ENV_FILE]);
    }
    expect(doc.services.storefront.env_file).toBeUndefined();
    expect(doc.services.redis.env_file).toBeUndefined();
    for (const service of Object.values<any>(doc.services)) {
      for (const key of SECRET_KEYS) expect(Object.keys(service.environment ?? {})).not.toContain(key);
    }
    expect(text).not.toMatch(/PASSWORD|SECRET=|postgres:\/\/|redis:\/\//);
  });

  test.each(SECRET_KEYS)(
    'setting %s in an environment is rejected (it would override the env file)',
    (key) => {
      expect(() =>
        renderComposeFile({ ...full, backend: { ...full.backend!, environment: { [key]: 'x' } } }),
      ).toThrow(new RegExp(`must not set ${key}`));
      expect(() => renderComposeFile({ ...full, worker: { environment: { [key]: 'x' } } })).toThrow(key);
      expect(() =>
        renderComposeFile({ ...full, storefront: { ...full.storefront!, environment: { [key]: 'x' } } }),
      ).toThrow(key);
    },
  );

  test('the worker runs the backend image in worker mode, the backend in server mode', () => {
    expect(doc.services.worker.image).toBe(full.backend!.image);
    expect(doc.services.worker.environment).toMatchObject({
      STORE_CORS: 'https://shop.example.com',
      WORKER_CONCURRENCY: '2',
      MEDUSA_WORKER_MODE: 'worker',
      DISABLE_MEDUSA_ADMIN: 'true',
    });
    expect(doc.services.backend.environment.MEDUSA_WORKER_MODE).toBe('server');
    expect(doc.services.worker.depends_on).toEqual(doc.services.backend.depends_on);
    expect(doc.services.worker.volumes).toEqual(doc.services.backend.volumes);
  });

  test('without a worker there is no worker service and the backend runs shared', async () => {
    const check = await checkComposeFile(renderComposeFile(minimal));
    expect(check.document.services.worker).toBeUndefined();
    expect(check.document.services.backend.environment.MEDUSA_WORKER_MODE).toBe('shared');
    expect(renderComposeFile(minimal)).not.toContain('worker:');
  });

  test('logs go to CloudWatch Logs, one stream per container; none configured without logging', async () => {
    for (const [name, service] of Object.entries<any>(doc.services)) {
      expect(service.logging).toEqual({
        driver: 'awslogs',
        options: {
          'awslogs-region': 'eu-west-1',
          'awslogs-group': '/cdk-shop/shop',
          tag: `${name}/{{.ID}}`,
          mode: 'non-blocking',
          'max-buffer-size': '4m',
        },
      });
    }
    const check = await checkComposeFile(renderComposeFile(minimal));
    for (const service of Object.values<any>(check.document.services)) {
      expect(service.logging).toBeUndefined();
    }
  });
});

describe('renderComposeFile: values', () => {
  const tricky: Record<string, string> = {
    DOLLAR: 'pa$$word $HOME ${HOME}',
    QUOTES: 'it\'s "quoted" \\ back\\slash',
    NEWLINE: 'line 1\nline 2\ttab',
    YAML_WORDS: 'yes',
    NULLISH: 'null',
    NUMBERISH: '0123',
    COLON: 'a: b # not a comment',
    UNICODE: 'Grüße 🛒 \u2028 \u0085 \u007f',
    EMPTY: '',
    on: 'off',
  };

  test('environment values survive YAML exactly, with $ escaped as $$ for compose', async () => {
    const check = await checkComposeFile(
      renderComposeFile({ ...minimal, storefront: { ...minimal.storefront!, environment: tricky } }),
    );
    expect(check.errors).toEqual([]);
    const environment = check.document.services.storefront.environment;
    for (const [key, value] of Object.entries(tricky)) {
      expect(environment[key]).toBe(value.replace(/\$/g, '$$$$'));
    }
    expect(environment.DOLLAR).toBe('pa$$$$word $$HOME $${HOME}');
  });

  test('CDK tokens are kept intact for deploy time', async () => {
    const token = '${Token[TOKEN.42]}';
    const text = renderComposeFile({
      ...full,
      backend: {
        ...full.backend!,
        image: `${token}.dkr.ecr.eu-west-1.amazonaws.com/b:1`,
        environment: { BUCKET: token },
      },
      logging: { logGroupName: token, region: '${Token[AWS.Region.7]}' },
    });
    expect(text).toContain(`"${token}.dkr.ecr.eu-west-1.amazonaws.com/b:1"`);
    expect(text).toContain(`BUCKET: "${token}"`);
    expect(text).not.toContain('$${Token');
    expect(text).toContain('awslogs-region: "${Token[AWS.Region.7]}"');
  });

  test.each([
    [{ storefront: undefined, backend: undefined }, /at least one of storefront and backend/],
    [{ backend: undefined }, /worker runs the backend image/],
    [{ postgres: { version: '16; rm -rf /', database: 'shop' } }, /postgres.version/],
    [{ postgres: { version: 'latest', database: 'shop' } }, /postgres.version/],
    [{ postgres: { version: '16', database: 'my-shop' } }, /postgres.database 'my-shop'/],
    [{ postgres: { version: '16', database: '1shop' } }, /postgres.database/],
    [{ redisVersion: '7 --protected-mode no' }, /redisVersion/],
    [{ dataDirectory: 'data' }, /dataDirectory 'data' must be an absolute path/],
    [{ dataDirectory: '/data:/etc' }, /dataDirectory/],
    [{ dataDirectory: '/data/../etc' }, /dataDirectory/],
    [{ envFile: '/run/shop env' }, /envFile/],
    [{ storefront: { ...full.storefront!, port: 0 } }, /storefront.port must be a whole number/],
    [{ storefront: { ...full.storefront!, port: 9000 } }, /cannot both use port 9000/],
    [{ storefront: { ...full.storefront!, healthPath: 'health' } }, /storefront.healthPath 'health'/],
    [{ backend: { ...full.backend!, healthPath: "/health');process.exit(0);('" } }, /backend.healthPath/],
    [{ backend: { ...full.backend!, image: 'a b' } }, /backend.image/],
    [{ backend: { ...full.backend!, environment: { 'BAD-KEY': 'x' } } }, /key 'BAD-KEY'/],
  ] as Array<[Partial<ComposeFileOptions>, RegExp]>)('rejects %j', (overrides, message) => {
    expect(() => renderComposeFile({ ...full, ...overrides })).toThrow(message);
  });
});

describe('renderComposeFile: the HTTP health check command, run by node', () => {
  let server: http.Server;
  let status = 200;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      res.statusCode = req.url === '/health' ? status : 404;
      // A redirect to somewhere the container cannot reach must not be followed.
      if (status === 307) res.setHeader('Location', 'http://192.0.2.1/unreachable');
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  /** Runs the backend's rendered health check command against 127.0.0.1:port. */
  async function healthcheck(port: number): Promise<number | null> {
    const { document } = await checkComposeFile(
      renderComposeFile({ ...minimal, backend: { ...full.backend!, port } }),
    );
    const [kind, program, ...args] = document.services.backend.healthcheck.test;
    expect([kind, program]).toEqual(['CMD', 'node']);
    return (await run(process.execPath, args, { timeoutMs: 10_000 })).code;
  }

  test('healthy on 200 and on a redirect (not followed), unhealthy on 500 and when nothing listens', async () => {
    const port = (server.address() as net.AddressInfo).port;
    status = 200;
    expect(await healthcheck(port)).toBe(0);
    status = 307;
    expect(await healthcheck(port)).toBe(0);
    status = 500;
    expect(await healthcheck(port)).toBe(1);
    expect(await healthcheck(await freePort())).toBe(1);
  });
});
