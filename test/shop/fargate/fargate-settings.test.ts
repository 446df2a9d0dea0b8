import * as fs from 'fs';
import * as path from 'path';
import { BASIC, container, logicalId, shopStack } from './fargate-fixtures';
import { TestPostgres } from '../../helpers/postgres';
import { run, runOk, tempDir } from '../../helpers/processes';
import { TestRedis } from '../../helpers/redis';

/*
 * The settings the FargateShop's task definitions declare are used for real: the backend's
 * environment and secrets are resolved from the synthesized template as ECS resolves them at
 * task start (deploy-time attributes filled in, secrets read from a fake Secrets Manager), its
 * entry point (the shell wrapper) runs in a real /bin/sh, and the command it executes connects
 * with the DATABASE_URL and REDIS_URL the wrapper exported to a PostgreSQL that requires TLS and
 * a password and a Redis that requires TLS and AUTH.
 */
describe('FargateShop backend settings against a real PostgreSQL and Redis', () => {
  const dir = tempDir('fargate-settings');
  const password = 'Shop,-.=^_Pw2026';
  const token = 'Tk9'.repeat(21) + 'z';
  const jwt = 'j'.repeat(64);
  // the services' scratch volume (in a task, /tmp), where the wrapper writes the database's CA
  const scratch = path.join(dir, 'scratch');
  fs.mkdirSync(scratch);
  const { template } = shopStack({
    ...BASIC,
    worker: {},
    backendService: { scratchDirectories: [scratch] },
    workerService: { scratchDirectories: [scratch] },
  });
  const resources = template.toJSON().Resources;
  const databaseId = logicalId(template, 'AWS::RDS::DBInstance', 'Database');
  const cacheId = logicalId(template, 'AWS::ElastiCache::ReplicationGroup', 'Cache');
  const loadBalancerId = logicalId(template, 'AWS::ElasticLoadBalancingV2::LoadBalancer', 'LoadBalancer');

  /** What CloudFormation would put in place of an attribute or reference. */
  const attribute = (ref: any): string => {
    if (ref['Fn::GetAtt']) {
      const [id, name] = ref['Fn::GetAtt'];
      if (id === databaseId && name === 'Endpoint.Address') return '127.0.0.1';
      if (id === cacheId && name === 'PrimaryEndPoint.Address') return '127.0.0.1';
      if (id === loadBalancerId && name === 'DNSName') return 'shop-123.us-east-1.elb.amazonaws.com';
    }
    if (ref.Ref && resources[ref.Ref]) {
      return `arn:aws:secretsmanager:us-east-1:111111111111:secret:${ref.Ref}`;
    }
    throw new Error(`unexpected reference ${JSON.stringify(ref)}`);
  };
  const resolve = (value: any): string => {
    if (typeof value === 'string') return value;
    if (value['Fn::Join']) {
      const [separator, parts] = value['Fn::Join'];
      return parts.map(resolve).join(separator);
    }
    return attribute(value);
  };
  /** A fake Secrets Manager: `arn[:json-key::]` -> value, as ECS reads `valueFrom`. */
  const secretValue = (valueFrom: string): string => {
    const [arn, key] = valueFrom.split(/:(?=[A-Za-z_]*::$)/);
    const id = arn.split(':secret:')[1];
    const type = resources[id].Type;
    if (type === 'AWS::SecretsManager::SecretTargetAttachment' && key === 'password::') return password;
    if (id.includes('AuthToken')) return token;
    if (id.includes('JwtSecret') || id.includes('CookieSecret')) return jwt;
    throw new Error(`no fake secret for ${valueFrom}`);
  };

  let pg: TestPostgres;
  let redis: TestRedis;
  let redisPort: number;
  let ca: string;
  /** The CA of the test PostgreSQL's certificate (TestPostgres writes it in tls/), in place of RDS's. */
  let databaseCa: string;

  beforeAll(async () => {
    pg = await TestPostgres.start({ tls: true });
    await pg.psql(`CREATE ROLE shop_admin LOGIN PASSWORD '${password}'`);
    await pg.psql('ALTER DATABASE shop OWNER TO shop_admin');
    databaseCa = fs.readFileSync(path.join(pg.dir, 'tls', 'ca.crt'), 'utf8');
    redis = await TestRedis.start({ dir, token });
    redisPort = redis.port;
    ca = redis.ca;
  }, 60_000);
  afterAll(async () => {
    await redis?.stop();
    await pg?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test.each(['Backend', 'Worker'])(
    '%s: the wrapper exports URLs that connect over TLS with the secrets ECS injects',
    async (part) => {
      const definition = container(template, part, part.toLowerCase());
      const env: Record<string, string> = {};
      for (const e of definition.Environment) env[e.Name] = resolve(e.Value);
      for (const s of definition.Secrets) env[s.Name] = secretValue(resolve(s.ValueFrom));
      expect(Object.keys(env)).not.toContain('DATABASE_URL');
      env.DATABASE_CA_CERTIFICATES = databaseCa;
      // the test servers listen on free ports; the task definition names 5432 and 6379
      const [shell, flag, script, name] = definition.EntryPoint.map(resolve);
      expect([shell, flag, name]).toEqual(['/bin/sh', '-c', 'sh']);
      const wrapper = script.replace(':5432/', `:${pg.port}/`).replace(':6379"', `:${redisPort}"`);
      // the image's command, as "$@" after the wrapper: here a probe of what it was given
      const probe = [
        '"$PSQL" "$DATABASE_URL" -XtAc "SELECT ssl, current_user FROM pg_stat_ssl JOIN pg_stat_activity USING (pid) WHERE pid = pg_backend_pid()"',
        'redis-cli -u "$REDIS_URL" --tls --cacert "$CA" --no-auth-warning SET cart:1 two-items',
        'echo "$MEDUSA_WORKER_MODE $STORE_CORS"',
      ].join(' && ');
      const out = await runOk('/bin/sh', ['-c', wrapper, 'sh', 'sh', '-c', probe], {
        env: { PATH: process.env.PATH!, ...env, PSQL: path.join(pg.bin, 'psql'), CA: ca },
      });
      const mode = part === 'Backend' ? 'server' : 'worker';
      expect(out.trim().split('\n')).toEqual([
        't|shop_admin',
        'OK',
        `${mode} http://shop-123.us-east-1.elb.amazonaws.com`,
      ]);
    },
    60_000,
  );

  test('with a wrong password the same wrapper cannot connect: the secret is what opens the database', async () => {
    const definition = container(template, 'Backend', 'backend');
    const script = resolve(definition.EntryPoint[2])
      .replace(':5432/', `:${pg.port}/`)
      .replace(':6379"', `:${redisPort}"`);
    const result = await run(
      '/bin/sh',
      ['-c', script, 'sh', 'sh', '-c', '"$PSQL" "$DATABASE_URL" -XtAc "SELECT 1"'],
      {
        env: {
          PATH: process.env.PATH!,
          DATABASE_PASSWORD: 'wrong',
          DATABASE_CA_CERTIFICATES: databaseCa,
          REDIS_PASSWORD: token,
          PSQL: path.join(pg.bin, 'psql'),
        },
      },
    );
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/password authentication failed/);
  });
});
