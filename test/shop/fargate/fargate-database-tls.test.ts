import * as fs from 'fs';
import * as path from 'path';
import { BASIC, container, logicalId, shopStack } from './fargate-fixtures';
import { startContainer } from './task-resolution';
import { makeTestCertificates } from '../../helpers/certificates';
import { TestPostgres } from '../../helpers/postgres';
import { run, tempDir } from '../../helpers/processes';

const RDS_DATA = JSON.parse(
  fs.readFileSync(
    path.join(__dirname, '..', '..', '..', 'data', 'rds-ca', 'rds-root-certificates.json'),
    'utf8',
  ),
);

/*
 * The database's certificate is verified, by the Node `pg` client (what Medusa connects with)
 * and by psql: the backend's container, resolved from the synthesized template as ECS starts it,
 * runs its real wrapper in /bin/sh, and the command after it connects to a real PostgreSQL that
 * requires TLS. The test server's certificate comes from a test CA, which the test puts in the
 * variable where the template has RDS's root CA: the same mechanism with another CA.
 */
describe('FargateShop database TLS: the wrapper makes node-postgres and psql verify the database', () => {
  const dir = tempDir('fargate-db-tls');
  // the backend's scratch volume; in a task, /tmp
  const scratch = path.join(dir, 'scratch');
  fs.mkdirSync(scratch);
  const password = 'Shop,-.=^_Pw2026';
  const { template } = shopStack({ ...BASIC, backendService: { scratchDirectories: [scratch] } });
  const databaseId = logicalId(template, 'AWS::RDS::DBInstance', 'Database');
  const cacheId = logicalId(template, 'AWS::ElastiCache::ReplicationGroup', 'Cache');
  const loadBalancerId = logicalId(template, 'AWS::ElasticLoadBalancingV2::LoadBalancer', 'LoadBalancer');
  const started = startContainer(template, container(template, 'Backend', 'backend'), {
    region: 'us-east-1',
    attribute: (id, name) => {
      // a DNS name, as RDS's endpoints are (Node verifies a server reached by IP address as localhost)
      if (id === databaseId && name === 'Endpoint.Address') return 'localhost';
      if (id === cacheId && name === 'PrimaryEndPoint.Address') return '127.0.0.2';
      if (id === loadBalancerId && name === 'DNSName') return 'shop-123.us-east-1.elb.amazonaws.com';
      return undefined;
    },
    secret: (id, type, key) => {
      if (type === 'AWS::SecretsManager::SecretTargetAttachment' && key === 'password') return password;
      if (/JwtSecret|CookieSecret|AuthToken/.test(id)) return 'j'.repeat(64);
      throw new Error(`no fake secret for ${id}`);
    },
  });
  // What the image's command would do with DATABASE_URL: connect as Medusa's knex connections do
  // (the URL, with its sslmode and sslrootcert), and as MikroORM does (the URL's parts, TLS on,
  // which trusts Node's CAs plus NODE_EXTRA_CA_CERTS).
  const probe = path.join(dir, 'pg-probe.js');
  fs.writeFileSync(
    probe,
    `const { Client } = require(${JSON.stringify(require.resolve('pg'))});
const sql = 'SELECT ssl, current_user FROM pg_stat_ssl JOIN pg_stat_activity USING (pid) WHERE pid = pg_backend_pid()';
async function probe(label, config) {
  const client = new Client(config);
  try {
    await client.connect();
    const { rows } = await client.query(sql);
    console.log(label, rows[0].ssl, rows[0].current_user);
  } catch (e) {
    console.log(label, 'failed:', e.code, e.message);
  } finally {
    await client.end().catch(() => undefined);
  }
}
(async () => {
  await probe('url', { connectionString: process.env.DATABASE_URL });
  const u = new URL(process.env.DATABASE_URL);
  await probe('parts', { host: u.hostname, port: Number(u.port), user: u.username,
    password: decodeURIComponent(u.password), database: u.pathname.slice(1), ssl: true });
})();
`,
  );

  let pg: TestPostgres;
  /** The test CA the server's certificate comes from (TestPostgres writes it in tls/). */
  let testCa: string;
  let otherCa: string;

  beforeAll(async () => {
    pg = await TestPostgres.start({ tls: true });
    await pg.psql(`CREATE ROLE shop_admin LOGIN PASSWORD '${password}'`);
    await pg.psql('ALTER DATABASE shop OWNER TO shop_admin');
    testCa = fs.readFileSync(path.join(pg.dir, 'tls', 'ca.crt'), 'utf8');
    fs.mkdirSync(path.join(dir, 'other'));
    otherCa = fs.readFileSync((await makeTestCertificates(path.join(dir, 'other'))).caCert, 'utf8');
  }, 60_000);
  afterAll(async () => {
    await pg?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Runs the container's wrapper with `ca` in its certificate variable, then the probes. */
  async function startWith(ca: string, options: { env?: Record<string, string> } = {}) {
    const [shell, flag, script, name] = started.entryPoint;
    expect([shell, flag, name]).toEqual(['/bin/sh', '-c', 'sh']);
    // the test server listens on a free port; the task definition names 5432
    const wrapper = script.replace('@localhost:5432/', `@localhost:${pg.port}/`);
    const psql = path.join(pg.bin, 'psql');
    const command = [
      `"${process.execPath}" ${probe}`,
      `"${psql}" "$DATABASE_URL" -XtAc "SELECT 'psql url', ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()" 2>&1`,
      // libpq tools given only the host (PGSSLMODE and PGSSLROOTCERT come from the wrapper)
      `PGPASSWORD="$DATABASE_PASSWORD" "${psql}" -h "$DATABASE_HOST" -p ${pg.port} -U "$DATABASE_USER" -d "$DATABASE_NAME" -XtAc "SELECT 'psql host', ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()" 2>&1`,
    ].join('; ');
    const env = {
      PATH: process.env.PATH!,
      ...started.environment,
      DATABASE_CA_CERTIFICATES: ca,
      ...options.env,
    };
    const result = await run('/bin/sh', ['-c', wrapper, 'sh', 'sh', '-c', command], { env });
    return { ...result, lines: result.stdout.trim().split('\n') };
  }

  test("the task definition carries the region's RDS root CA and a URL that verifies the database with it", () => {
    expect(started.environment.DATABASE_CA_CERTIFICATES).toBe(RDS_DATA.rsa2048G1['us-east-1']);
    expect(started.environment).not.toHaveProperty('DATABASE_URL');
    const file = path.join(scratch, 'rds-root-ca.pem');
    expect(started.entryPoint[2]).toContain(`?sslmode=verify-full&sslrootcert=${file}"`);
    expect(started.entryPoint[2]).toContain(`export NODE_EXTRA_CA_CERTS=${file}`);
  });

  test('with the CA of the server in the variable, pg (URL and parts) and psql (URL and host) connect over TLS', async () => {
    const result = await startWith(testCa);
    expect(result.lines).toEqual([
      'url true shop_admin',
      'parts true shop_admin',
      'psql url|t',
      'psql host|t',
    ]);
    expect(fs.readFileSync(path.join(scratch, 'rds-root-ca.pem'), 'utf8').trim()).toBe(testCa.trim());
  });

  test("with the template's own CA (RDS's), the test server is not trusted: verification is on", async () => {
    const result = await startWith(started.environment.DATABASE_CA_CERTIFICATES);
    expect(result.lines[0]).toMatch(
      /^url failed: UNABLE_TO_VERIFY_LEAF_SIGNATURE unable to verify the first certificate$/,
    );
    expect(result.lines[1]).toMatch(/^parts failed: UNABLE_TO_VERIFY_LEAF_SIGNATURE/);
    expect(result.lines.slice(2).join('\n')).toMatch(
      /SSL error: certificate verify failed[\s\S]*certificate verify failed/,
    );
  });

  test("a user's own NODE_EXTRA_CA_CERTS is kept beside the database's CA", async () => {
    const own = path.join(dir, 'own-ca.pem');
    fs.writeFileSync(own, otherCa);
    const result = await startWith(testCa, { env: { NODE_EXTRA_CA_CERTS: own } });
    expect(result.lines.slice(0, 2)).toEqual(['url true shop_admin', 'parts true shop_admin']);
    const combined = fs.readFileSync(path.join(scratch, 'node-extra-ca-certs.pem'), 'utf8');
    expect(combined).toContain(otherCa.trim());
    expect(combined).toContain(testCa.trim());
  });
});
