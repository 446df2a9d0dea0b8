import * as fs from 'fs';
import * as path from 'path';
import { Moto, scriptEnv } from '../../../helpers/moto';
import { permissions, REPO_ROOT, run, runOk, tempDir } from '../../../helpers/processes';

const SCRIPT = path.join(REPO_ROOT, 'assets', 'host', 'shop-secrets.sh');
const NAMES = ['POSTGRES_PASSWORD', 'JWT_SECRET', 'COOKIE_SECRET'];

let moto: Moto;
let work: string;
let shops = 0;

beforeAll(async () => {
  work = tempDir('secrets');
  moto = await Moto.start();
});

afterAll(async () => {
  await moto?.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

/** A parameter path no other test uses. */
function newPath(): string {
  shops += 1;
  return `/cdk-shop/test-shop-${shops}/`;
}

async function secrets(env: Record<string, string>, dir = fs.mkdtempSync(path.join(work, 'run-'))) {
  const envFile = path.join(dir, 'cdk-shop', 'shop.env');
  const result = await run('bash', [SCRIPT], {
    env: scriptEnv(moto.endpoint, { ENV_FILE: envFile, DATABASE_NAME: 'medusa', ...env }),
  });
  return { result, envFile, dir };
}

/** The env file as bash reads it (`set -a; . file`): the values compose and systemd see too. */
async function sourced(envFile: string): Promise<Record<string, string>> {
  const out = await runOk(
    'bash',
    ['-c', `set -a; . "${envFile}"; python3 -c 'import json, os; print(json.dumps(dict(os.environ)))'`],
    { env: { PATH: process.env.PATH } },
  );
  return JSON.parse(out);
}

async function parameter(name: string): Promise<{ Type: string; Value: string; Version: number }> {
  return (await moto.aws('ssm', 'get-parameter', '--name', name, '--with-decryption')).Parameter;
}

describe('shop-secrets.sh against the AWS CLI and moto (SSM Parameter Store)', () => {
  test('first boot: generates each secret as a SecureString, writes a 0600 env file, prints no value', async () => {
    const prefix = newPath();
    const { result, envFile } = await secrets({ SECRET_PARAMETER_PATH: prefix });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(permissions(envFile)).toBe('600');
    expect(permissions(path.dirname(envFile))).toBe('700'); // a new folder is private too

    const stored = Object.fromEntries(
      await Promise.all(NAMES.map(async (n) => [n, await parameter(prefix + n)] as const)),
    );
    for (const name of NAMES) expect(stored[name].Type).toBe('SecureString');
    expect(stored.POSTGRES_PASSWORD.Value).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(stored.JWT_SECRET.Value).toMatch(/^[A-Za-z0-9]{64}$/);
    expect(stored.COOKIE_SECRET.Value).toMatch(/^[A-Za-z0-9]{64}$/);
    expect(new Set(NAMES.map((n) => stored[n].Value)).size).toBe(3);

    const env = await sourced(envFile);
    expect(env).toMatchObject({
      POSTGRES_PASSWORD: stored.POSTGRES_PASSWORD.Value,
      JWT_SECRET: stored.JWT_SECRET.Value,
      COOKIE_SECRET: stored.COOKIE_SECRET.Value,
      DATABASE_URL: `postgres://shop:${stored.POSTGRES_PASSWORD.Value}@postgres:5432/medusa`,
      REDIS_URL: 'redis://redis:6379',
    });
    for (const name of NAMES) expect(result.stdout + result.stderr).not.toContain(stored[name].Value);
    expect(result.stdout).toContain(`generated ${prefix}JWT_SECRET`);
    expect(result.stdout).toContain('COOKIE_SECRET DATABASE_URL JWT_SECRET POSTGRES_PASSWORD REDIS_URL');
    expect(fs.readdirSync(path.dirname(envFile))).toEqual(['shop.env']); // no temporary file left
  });

  test('a replacement host reads the stored secrets and never regenerates or overwrites them', async () => {
    const prefix = newPath();
    const first = await secrets({ SECRET_PARAMETER_PATH: prefix });
    expect(first.result.code).toBe(0);
    const before = await sourced(first.envFile);
    const versions = await Promise.all(NAMES.map(async (n) => (await parameter(prefix + n)).Version));

    const replacement = await secrets({ SECRET_PARAMETER_PATH: prefix }); // a new host, a new tmpfs
    expect(replacement.result.code).toBe(0);
    expect(replacement.result.stdout).not.toContain('generated');
    const after = await sourced(replacement.envFile);
    for (const name of NAMES) expect(after[name]).toBe(before[name]);
    expect(await Promise.all(NAMES.map(async (n) => (await parameter(prefix + n)).Version))).toEqual(
      versions,
    );
  });

  test('keeps a secret stored by hand (e.g. copied from the old shop when moving a data volume)', async () => {
    const prefix = newPath();
    const copied = 'p@ss/w:rd?#%+ $HOME "x" 1';
    await moto.aws(
      'ssm',
      'put-parameter',
      '--name',
      `${prefix}POSTGRES_PASSWORD`,
      '--type',
      'SecureString',
      '--value',
      copied,
    );
    const { result, envFile } = await secrets({ SECRET_PARAMETER_PATH: prefix, AWS_REGION: 'us-east-1' });
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain(`generated ${prefix}POSTGRES_PASSWORD`);
    expect(result.stdout).toContain(`generated ${prefix}JWT_SECRET`);
    const env = await sourced(envFile);
    expect(env.POSTGRES_PASSWORD).toBe(copied);
    const url = new URL(env.DATABASE_URL);
    expect(decodeURIComponent(url.password)).toBe(copied);
    expect([url.hostname, url.port, url.pathname]).toEqual(['postgres', '5432', '/medusa']);
    expect(fs.readFileSync(envFile, 'utf-8')).toMatch(/^POSTGRES_PASSWORD='p@ss\/w:rd\?#%\+ \$HOME "x" 1'$/m);
    expect(result.stdout + result.stderr).not.toContain(copied);
  });

  test('rewriting replaces the file atomically; a failure leaves the old file untouched', async () => {
    const prefix = newPath();
    const dir = fs.mkdtempSync(path.join(work, 'rewrite-'));
    const first = await secrets({ SECRET_PARAMETER_PATH: prefix }, dir);
    expect(first.result.code).toBe(0);
    const before = fs.readFileSync(first.envFile, 'utf-8');
    const inode = fs.statSync(first.envFile).ino;

    const again = await secrets({ SECRET_PARAMETER_PATH: prefix, REDIS_URL: 'redis://cache:6379' }, dir);
    expect(again.result.code).toBe(0);
    expect(fs.statSync(again.envFile).ino).not.toBe(inode); // renamed into place, not rewritten
    const after = fs.readFileSync(again.envFile, 'utf-8');
    expect(after).toContain("REDIS_URL='redis://cache:6379'");
    expect(after).not.toBe(before);

    // SSM unreachable: the old file stays as it was
    const down = await run('bash', [SCRIPT], {
      env: scriptEnv('http://127.0.0.1:9', {
        ENV_FILE: again.envFile,
        SECRET_PARAMETER_PATH: prefix,
        AWS_MAX_ATTEMPTS: '1',
      }),
    });
    expect(down.code).not.toBe(0);
    expect(down.stderr).toContain(`could not read ${prefix}POSTGRES_PASSWORD`);
    expect(fs.readFileSync(again.envFile, 'utf-8')).toBe(after);
    expect(fs.readdirSync(path.dirname(again.envFile))).toEqual(['shop.env']);
  });

  test('a stored value an env file cannot hold fails clearly, naming no value', async () => {
    const prefix = newPath();
    await moto.aws(
      'ssm',
      'put-parameter',
      '--name',
      `${prefix}JWT_SECRET`,
      '--type',
      'SecureString',
      '--value',
      "it's",
    );
    const { result, envFile } = await secrets({ SECRET_PARAMETER_PATH: prefix });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/the value of JWT_SECRET has a quote/);
    expect(result.stderr).not.toContain("it's");
    expect(fs.existsSync(envFile)).toBe(false);
  });

  test.each([
    ['SECRET_PARAMETER_PATH missing', { SECRET_PARAMETER_PATH: '' }, /SECRET_PARAMETER_PATH must name/],
    ['a path without its trailing /', { SECRET_PARAMETER_PATH: '/cdk-shop/x' }, /must start and end with \//],
    [
      'a length too short to be a secret',
      { SECRET_PARAMETER_PATH: '/cdk-shop/x/', GENERATED_SECRETS: 'POSTGRES_PASSWORD:8' },
      /'POSTGRES_PASSWORD:8' must be NAME:LENGTH with a length from 16 to 128/,
    ],
    [
      'no POSTGRES_PASSWORD',
      { SECRET_PARAMETER_PATH: '/cdk-shop/no-password/', GENERATED_SECRETS: 'JWT_SECRET:64' },
      /GENERATED_SECRETS has no POSTGRES_PASSWORD/,
    ],
  ])('fails clearly on %s', async (_name, env, message) => {
    const { result, envFile } = await secrets(env);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(message);
    expect(fs.existsSync(envFile)).toBe(false);
  });
});
