import * as fs from 'fs';
import { App, Stack } from 'aws-cdk-lib';
import { ShopCache, ShopNetwork } from '../../src';
import { fill } from '../helpers/fill';
import { run, runOk, tempDir } from '../helpers/processes';
import { TestRedis } from '../helpers/redis';

/*
 * The settings ShopCache hands to applications are used for real: a Redis server that, like
 * ElastiCache with in-transit encryption required and an AUTH token, accepts only TLS clients
 * that authenticate is started on loopback with a test certificate authority; the template's
 * deploy-time endpoint is filled in, and redis-cli connects the way a container would.
 */
describe('ShopCache connection settings against a real Redis with TLS and AUTH', () => {
  const dir = tempDir('redis-tls');
  const token = 'Ab3'.repeat(21) + 'x'; // 64 letters and digits, like the generated token
  const stack = new Stack(new App(), 'Stack');
  const network = new ShopNetwork(stack, 'Network');
  const cache = new ShopCache(stack, 'Cache', { vpc: network.vpc });
  const endpoint = (ref: any) => {
    expect(ref).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Cache/), 'PrimaryEndPoint.Address'] });
    return '127.0.0.1';
  };
  let redis: TestRedis;
  let port: number;
  let ca: string;

  beforeAll(async () => {
    redis = await TestRedis.start({ dir, token });
    port = redis.port;
    ca = redis.ca;
  }, 60_000);
  afterAll(async () => {
    await redis?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('REDIS_URL from the template, expanded by a shell as a container does, connects over TLS', async () => {
    const template = fill(stack, cache.redisUrlTemplate(), endpoint);
    expect(template).toBe('rediss://default:$REDIS_PASSWORD@127.0.0.1:6379');
    // the test server listens on a free port; the template names Redis's 6379
    const url = template.replace(':6379', `:${port}`);
    const out = await runOk(
      'sh',
      [
        '-c',
        `export REDIS_URL="${url}"; redis-cli -u "$REDIS_URL" --tls --cacert "$CA" --no-auth-warning SET cart:42 three-items && redis-cli -u "$REDIS_URL" --tls --cacert "$CA" --no-auth-warning GET cart:42`,
      ],
      { env: { ...process.env, REDIS_PASSWORD: token, CA: ca } },
    );
    expect(out.trim().split('\n')).toEqual(['OK', 'three-items']);
  });

  test('the environment and the token secret, as separate variables, connect too', async () => {
    const vars: Record<string, string> = {};
    for (const [name, value] of Object.entries(cache.containerEnvironment())) {
      vars[name] = fill(stack, value, endpoint);
    }
    expect(vars).toEqual({
      REDIS_HOST: '127.0.0.1',
      REDIS_PORT: '6379',
      REDIS_TLS: 'true',
      REDIS_CLUSTER_MODE: 'false',
    });
    expect(Object.keys(cache.containerSecrets())).toEqual(['REDIS_PASSWORD']);
    const out = await runOk('redis-cli', [
      '--tls',
      '--cacert',
      ca,
      '-h',
      vars.REDIS_HOST,
      '-p',
      String(port),
      '--no-auth-warning',
      '-a',
      token,
      'INCR',
      'visits',
    ]);
    expect(out.trim()).toBe('1');
  });

  test('without TLS, or without the token, the server refuses', async () => {
    const plain = await run('redis-cli', [
      '-h',
      '127.0.0.1',
      '-p',
      String(port),
      '-a',
      token,
      '--no-auth-warning',
      'PING',
    ]);
    expect(plain.stdout + plain.stderr).not.toContain('PONG');
    const anonymous = await run('redis-cli', [
      '--tls',
      '--cacert',
      ca,
      '-h',
      '127.0.0.1',
      '-p',
      String(port),
      'GET',
      'cart:42',
    ]);
    expect(anonymous.stdout + anonymous.stderr).toMatch(/NOAUTH/);
  });
});
