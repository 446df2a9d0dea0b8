import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { ShopDatabase, ShopNetwork } from '../../src';
import { fill } from '../helpers/fill';
import { TestPostgres } from '../helpers/postgres';
import { runOk } from '../helpers/processes';

/*
 * The settings ShopDatabase hands to applications are used for real: a PostgreSQL server that,
 * like RDS with rds.force_ssl, accepts only TLS connections with a password is started on
 * loopback, the template's deploy-time placeholders (the endpoint) are filled in, and psql
 * connects the way a container would.
 */

/** The characters RDS may put in the generated password (printable ASCII less those excluded). */
const EXCLUDED = ' %+~`#$&*()|[]{}:;<>?!\'/@"\\';
const ALLOWED = Array.from({ length: 94 }, (_, i) => String.fromCharCode(33 + i))
  .filter((c) => !EXCLUDED.includes(c))
  .join('');

describe('ShopDatabase connection settings against a real PostgreSQL with TLS', () => {
  let pg: TestPostgres;
  // every punctuation character RDS may generate, and letters and digits
  const password = `${ALLOWED.replace(/[A-Za-z0-9]/g, '')}Shop${ALLOWED.replace(/[A-Za-z0-9]/g, '')}2026`;
  const stack = new Stack(new App(), 'Stack');
  const network = new ShopNetwork(stack, 'Network');
  const database = new ShopDatabase(stack, 'Database', { vpc: network.vpc });
  const endpoint = (ref: any) => {
    expect(ref).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/DatabaseInstance/), 'Endpoint.Address'] });
    return '127.0.0.1';
  };

  beforeAll(async () => {
    pg = await TestPostgres.start({ tls: true });
    await pg.psql(`CREATE ROLE shop_admin LOGIN PASSWORD '${password.replace(/'/g, "''")}'`);
    await pg.psql('ALTER DATABASE shop OWNER TO shop_admin');
  }, 60_000);
  afterAll(async () => pg?.stop());

  test('the generated password alphabet needs no URL escaping beyond what libpq accepts', () => {
    expect(ALLOWED).toMatch(/^[A-Za-z0-9,\-.=^_]+$/);
    expect(password).toContain('^');
  });

  test('DATABASE_URL from the template, expanded by a shell as a container does, connects over TLS', async () => {
    // the test server listens on a free port; the template names PostgreSQL's 5432
    const template = fill(stack, database.databaseUrlTemplate(), endpoint);
    expect(template).toBe('postgres://shop_admin:$DATABASE_PASSWORD@127.0.0.1:5432/shop?sslmode=require');
    const url = template.replace(':5432/', `:${pg.port}/`);
    const out = await runOk(
      'sh',
      [
        '-c',
        `export DATABASE_URL="${url}"; "$PSQL" "$DATABASE_URL" -XtAc "SELECT ssl, current_user FROM pg_stat_ssl JOIN pg_stat_activity USING (pid) WHERE pid = pg_backend_pid()"`,
      ],
      { env: { ...process.env, DATABASE_PASSWORD: password, PSQL: path.join(pg.bin, 'psql') } },
    );
    expect(out.trim()).toBe('t|shop_admin');
  });

  test('the environment and the password secret, as separate variables, connect too', async () => {
    const env = database.containerEnvironment();
    const vars: Record<string, string> = {};
    for (const [name, value] of Object.entries(env)) vars[name] = fill(stack, value, endpoint);
    expect(vars).toEqual({
      DATABASE_HOST: '127.0.0.1',
      DATABASE_PORT: '5432',
      DATABASE_NAME: 'shop',
      DATABASE_USER: 'shop_admin',
      PGSSLMODE: 'require',
    });
    const out = await runOk(
      path.join(pg.bin, 'psql'),
      [
        '-h',
        vars.DATABASE_HOST,
        '-p',
        String(pg.port),
        '-U',
        vars.DATABASE_USER,
        '-d',
        vars.DATABASE_NAME,
        '-XtAc',
        'SELECT 6 * 7',
      ],
      { env: { ...process.env, PGSSLMODE: vars.PGSSLMODE, PGPASSWORD: password } },
    );
    expect(out.trim()).toBe('42');
  });

  test('without TLS the server refuses, as RDS does with rds.force_ssl', async () => {
    const url = `postgres://shop_admin:${password}@127.0.0.1:${pg.port}/shop?sslmode=disable`;
    await expect(runOk(path.join(pg.bin, 'psql'), [url, '-XtAc', 'SELECT 1'])).rejects.toThrow(
      /no pg_hba.conf entry|rejects connection/,
    );
  });
});
