import * as fs from 'fs';
import * as path from 'path';
import { Moto, scriptEnv } from '../../helpers/moto';
import { permissions, REPO_ROOT, run, RunResult, runOk, tempDir } from '../../helpers/processes';

const SCRIPT = path.join(REPO_ROOT, 'assets', 'host', 'shop-secrets.sh');

const APP_SECRET = {
  POSTGRES_PASSWORD: 'p@ss/w:rd?#%+ $HOME "x" 1',
  JWT_SECRET: 'jwt-' + 'a'.repeat(40),
  COOKIE_SECRET: 'cookie-secret-value',
};
const EXTRA_SECRET = { STRIPE_API_KEY: 'sk_test_123', COOKIE_SECRET: 'overridden-cookie' };

let moto: Moto;
let work: string;
let appArn: string;
let extraArn: string;

beforeAll(async () => {
  work = tempDir('secrets');
  moto = await Moto.start();
  const create = async (name: string, value: unknown) =>
    (
      await moto.aws(
        'secretsmanager',
        'create-secret',
        '--name',
        name,
        '--secret-string',
        JSON.stringify(value),
      )
    ).ARN;
  appArn = await create('shop/app', APP_SECRET);
  extraArn = await create('shop/extra', EXTRA_SECRET);
});

afterAll(async () => {
  await moto?.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

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
    {
      env: { PATH: process.env.PATH },
    },
  );
  return JSON.parse(out);
}

function expectNoSecretIn(result: RunResult) {
  for (const value of [...Object.values(APP_SECRET), ...Object.values(EXTRA_SECRET)]) {
    expect(result.stdout + result.stderr).not.toContain(value);
  }
}

describe('shop-secrets.sh against the AWS CLI and moto', () => {
  test('writes a 0600 env file with the secrets, DATABASE_URL and REDIS_URL', async () => {
    const { result, envFile } = await secrets({ SECRET_ARNS: `${appArn} ${extraArn}` });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(permissions(envFile)).toBe('600');
    expect(permissions(path.dirname(envFile))).toBe('700'); // a new folder is private too
    const env = await sourced(envFile);
    expect(env).toMatchObject({
      POSTGRES_PASSWORD: APP_SECRET.POSTGRES_PASSWORD,
      JWT_SECRET: APP_SECRET.JWT_SECRET,
      COOKIE_SECRET: 'overridden-cookie', // the later secret wins
      STRIPE_API_KEY: 'sk_test_123',
      DATABASE_URL: `postgres://shop:${encodeURIComponent(APP_SECRET.POSTGRES_PASSWORD)}@postgres:5432/medusa`,
      REDIS_URL: 'redis://redis:6379',
    });
    const url = new URL(env.DATABASE_URL);
    expect(decodeURIComponent(url.password)).toBe(APP_SECRET.POSTGRES_PASSWORD);
    expect([url.hostname, url.port, url.pathname]).toEqual(['postgres', '5432', '/medusa']);
    expect(fs.readFileSync(envFile, 'utf-8')).toMatch(/^POSTGRES_PASSWORD='p@ss\/w:rd\?#%\+ \$HOME "x" 1'$/m);
    expectNoSecretIn(result);
    expect(result.stdout).toContain(
      'COOKIE_SECRET DATABASE_URL JWT_SECRET POSTGRES_PASSWORD REDIS_URL STRIPE_API_KEY',
    );
    expect(fs.readdirSync(path.dirname(envFile))).toEqual(['shop.env']); // no temporary file left
  });

  test('the region comes from the ARN when AWS_REGION is not set', async () => {
    const { result, envFile } = await secrets({
      SECRET_ARNS: appArn,
      AWS_REGION: '',
      AWS_DEFAULT_REGION: '',
    });
    expect(result.code).toBe(0);
    expect((await sourced(envFile)).JWT_SECRET).toBe(APP_SECRET.JWT_SECRET);
  });

  test('rewriting replaces the file atomically; a failure leaves the old file untouched', async () => {
    const dir = fs.mkdtempSync(path.join(work, 'rewrite-'));
    const first = await secrets({ SECRET_ARNS: appArn }, dir);
    expect(first.result.code).toBe(0);
    const before = fs.readFileSync(first.envFile, 'utf-8');
    const inode = fs.statSync(first.envFile).ino;

    const again = await secrets({ SECRET_ARNS: `${appArn} ${extraArn}` }, dir);
    expect(again.result.code).toBe(0);
    expect(fs.statSync(again.envFile).ino).not.toBe(inode); // renamed into place, not rewritten
    const after = fs.readFileSync(again.envFile, 'utf-8');
    expect(after).toContain('STRIPE_API_KEY=');

    const missing = await secrets(
      { SECRET_ARNS: `${appArn} arn:aws:secretsmanager:us-east-1:123456789012:secret:nope` },
      dir,
    );
    expect(missing.result.code).not.toBe(0);
    expect(missing.result.stderr).toMatch(/ResourceNotFoundException|can't find/i);
    expect(fs.readFileSync(missing.envFile, 'utf-8')).toBe(after);
    expect(fs.readdirSync(path.dirname(missing.envFile))).toEqual(['shop.env']);
    expect(before).not.toBe(after);
  });

  test.each([
    ['not JSON', 'just-a-password', /must hold a JSON object/],
    ['no POSTGRES_PASSWORD', { JWT_SECRET: 'x' }, /no secret has POSTGRES_PASSWORD/],
    ['a quote in a value', { POSTGRES_PASSWORD: "it's" }, /POSTGRES_PASSWORD has a quote/],
    [
      'a newline in a value',
      { POSTGRES_PASSWORD: 'p', JWT_SECRET: 'a\nb' },
      /JWT_SECRET has a quote, a line break/,
    ],
    ['a bad key', { POSTGRES_PASSWORD: 'p', 'BAD-KEY': 'x' }, /key 'BAD-KEY' is not a valid/],
    ['a non-string value', { POSTGRES_PASSWORD: 'p', NESTED: { a: 1 } }, /value of NESTED must be a string/],
  ])('fails clearly, naming no value, on a secret with %s', async (name, value, message) => {
    const secret = await moto.aws(
      'secretsmanager',
      'create-secret',
      '--name',
      `shop/bad-${name.replace(/\W+/g, '-')}`,
      '--secret-string',
      typeof value === 'string' ? value : JSON.stringify(value),
    );
    const { result, envFile } = await secrets({ SECRET_ARNS: secret.ARN });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toContain("it's");
    expect(fs.existsSync(envFile)).toBe(false);
  });

  test('SECRET_ARNS is required', async () => {
    const { result } = await secrets({ SECRET_ARNS: '' });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('SECRET_ARNS must list the secret ARNs');
  });
});
