import { X509Certificate } from 'crypto';
import * as path from 'path';
import * as tls from 'tls';
import { Template } from 'aws-cdk-lib/assertions';
import { dataStack } from './data-access-fixture';
import { connectFunctionToDatabase } from '../../../src/shop/serverless/data-access';
import { TestPostgres } from '../../helpers/postgres';
import { run } from '../../helpers/processes';

/*
 * The environment connectFunctionToDatabase gives a function, used for real by node-postgres (what
 * the example handlers use): PGSSLMODE=verify-full must make it verify the server's certificate
 * against Node's own root store, with no bundle shipped. A PostgreSQL that requires TLS runs on
 * loopback with a certificate from a test CA: the function's settings refuse it, and accept it
 * once that CA is trusted the way Node trusts the Amazon roots of RDS Proxy's certificate.
 */

const PEM = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;
const subjectOf = (pem: string) => new X509Certificate(pem).subject;

/** A function's connection: the settings from its environment, the IAM token as the password. */
const CLIENT = `
const { Client } = require('pg');
const e = process.env;
const client = new Client({ host: e.DATABASE_HOST, port: Number(e.TEST_PORT), database: e.DATABASE_NAME,
  user: e.DATABASE_USER, password: e.TEST_TOKEN });
client.connect()
  .then(() => client.query('SELECT ssl, current_user AS u FROM pg_stat_ssl, current_user WHERE pid = pg_backend_pid()'))
  .then((r) => { console.log(JSON.stringify(r.rows[0])); return client.end(); })
  .catch((err) => { console.error(err.message); process.exit(3); });
`;

describe('the database environment of a function, against a PostgreSQL that requires TLS', () => {
  const { stack, fn, database } = dataStack();
  connectFunctionToDatabase(fn, database, 'shop_orders');
  const template = Template.fromStack(stack);
  const variables: Record<string, any> =
    template.findResources('AWS::Lambda::Function')[stack.getLogicalId(fn.node.defaultChild as any)]
      .Properties.Environment.Variables;
  let pg: TestPostgres;

  beforeAll(async () => {
    pg = await TestPostgres.start({ tls: true });
    await pg.psql("CREATE ROLE shop_orders LOGIN PASSWORD 'token-stand-in'");
  }, 60_000);
  afterAll(async () => pg?.stop());

  function connect(extra: Record<string, string>) {
    const env: Record<string, string> = { PATH: process.env.PATH ?? '' };
    for (const [name, value] of Object.entries(variables)) env[name] = typeof value === 'string' ? value : '';
    // the proxy's endpoint is a deploy-time value; the test server listens on loopback
    expect(variables.DATABASE_HOST).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/Proxy/), 'Endpoint'] });
    env.DATABASE_HOST = '127.0.0.1';
    return run(process.execPath, ['-e', CLIENT], {
      env: { ...env, TEST_PORT: String(pg.port), TEST_TOKEN: 'token-stand-in', ...extra },
      cwd: path.join(__dirname, '../../..'),
    });
  }

  test('an untrusted server certificate is refused: the settings verify, not merely encrypt', async () => {
    const result = await connect({});
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/self[- ]signed certificate|unable to verify|unable to get local issuer/i);
  }, 30_000);

  test('a trusted one is accepted, over TLS, as the function user', async () => {
    const result = await connect({ NODE_EXTRA_CA_CERTS: path.join(pg.dir, 'tls', 'ca.crt') });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout.trim())).toEqual({ ssl: true, u: 'shop_orders' });
  }, 30_000);

  test("Node's own root store holds every root of RDS Proxy's certificates: no bundle to ship", () => {
    const proxyRoots = database.rootCertificates().match(PEM)!.map(subjectOf);
    expect(proxyRoots.length).toBeGreaterThanOrEqual(4);
    const nodeRoots = new Set(tls.rootCertificates.map(subjectOf));
    expect(proxyRoots.filter((subject) => !nodeRoots.has(subject))).toEqual([]);
  });
});
