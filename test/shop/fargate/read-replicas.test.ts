import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { App, Stack, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { BadInput, expectRejected } from './bad-input-helpers';
import { BASIC, container, environment, logicalId, shopStack } from './fargate-fixtures';
import { startContainer } from './task-resolution';
import { FargateShop, FargateShopPreset, ShopDatabase, ShopNetwork } from '../../../src';
import { readUrlCommands } from '../../../src/shop/fargate/read-replicas';
import { tempDir } from '../../helpers/processes';

const REPLICAS = { ...BASIC, worker: {}, databaseReadReplicas: 2 };

function replicaIds(template: Template): string[] {
  return Object.entries<any>(template.findResources('AWS::RDS::DBInstance'))
    .filter(([, r]) => r.Properties.SourceDBInstanceIdentifier)
    .map(([id]) => id)
    .sort();
}

/** Runs a program to its end; fails unless it exits 0. */
function run(command: string, args: string[], options: { env: NodeJS.ProcessEnv }): { stdout: string } {
  const result = spawnSync(command, args, { env: options.env, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} exited ${result.status}: ${result.stderr}`);
  return { stdout: result.stdout };
}

/** Runs `commands` in /bin/sh (the wrapper's shell) and prints the two variables. */
function runShell(commands: string[]): { host: string; url: string } {
  const script = `${commands.join('; ')}; printf '%s\\n%s\\n' "$DATABASE_READ_HOST" "$DATABASE_READ_URL"`;
  const out = run('/bin/sh', ['-c', script], {
    env: { PATH: process.env.PATH, DATABASE_PASSWORD: 'Pw,-.=^_1' },
  });
  const [host, url] = out.stdout.trim().split('\n');
  return { host, url };
}

describe('FargateShop read replicas', () => {
  test('databaseReadReplicas creates the replicas of the new database', () => {
    const { shop, template } = shopStack(REPLICAS);
    expect(shop.database!.readReplicas).toHaveLength(2);
    expect(replicaIds(template)).toHaveLength(2);
  });

  test('the backend and the worker get DATABASE_READ_HOSTS and a wrapper that sets DATABASE_READ_URL; the storefront nothing', () => {
    const { template } = shopStack(REPLICAS);
    const [r1, r2] = replicaIds(template);
    for (const [part, name] of [
      ['Backend', 'backend'],
      ['Worker', 'worker'],
    ]) {
      const definition = container(template, part, name);
      expect(environment(definition).DATABASE_READ_HOSTS).toEqual({
        'Fn::Join': [
          ',',
          [{ 'Fn::GetAtt': [r1, 'Endpoint.Address'] }, { 'Fn::GetAtt': [r2, 'Endpoint.Address'] }],
        ],
      });
      const wrapper = JSON.stringify(definition.EntryPoint);
      expect(wrapper).toContain(
        'export DATABASE_READ_URL=\\"postgres://shop_admin:$DATABASE_PASSWORD@$DATABASE_READ_HOST:5432/shop?sslmode=verify-full&sslrootcert=/tmp/rds-root-ca.pem\\"',
      );
      expect(wrapper).toContain(r1);
      expect(wrapper).toContain(r2);
      // the CA file is written before the read URL names it
      expect(wrapper.indexOf('rds-root-ca.pem')).toBeLessThan(wrapper.indexOf('DATABASE_READ_URL'));
    }
    const storefront = container(template, 'Storefront', 'storefront');
    expect(Object.keys(environment(storefront)).filter((n) => n.startsWith('DATABASE'))).toEqual([]);
  });

  test('without replicas no read setting anywhere', () => {
    const { template } = shopStack({ ...BASIC, worker: {} });
    expect(replicaIds(template)).toEqual([]);
    const text = JSON.stringify(template.toJSON());
    expect(text).not.toContain('DATABASE_READ');
  });

  test('the started backend container: DATABASE_READ_URL on one of the replicas, verify-full, the real password', () => {
    const dir = tempDir('read-replicas');
    const { template } = shopStack({ ...REPLICAS, backendService: { scratchDirectories: [dir] } });
    const [r1, r2] = replicaIds(template);
    const databaseId = logicalId(template, 'AWS::RDS::DBInstance', 'DatabaseInstance');
    const hosts: Record<string, string> = {
      [databaseId]: 'primary.rds.test',
      [r1]: 'replica-1.rds.test',
      [r2]: 'replica-2.rds.test',
    };
    const cacheId = logicalId(template, 'AWS::ElastiCache::ReplicationGroup', 'Cache');
    const started = startContainer(template, container(template, 'Backend', 'backend'), {
      region: 'us-east-1',
      attribute: (id, name) => {
        if (name === 'Endpoint.Address') return hosts[id];
        if (id === cacheId) return 'cache.test';
        if (name === 'DNSName') return 'shop.elb.test';
        return undefined;
      },
      secret: (_id, type, key) => {
        if (type === 'AWS::SecretsManager::SecretTargetAttachment' && key === 'password') return 'Pw,-.=^_1';
        return 's'.repeat(64);
      },
    });
    expect(started.environment.DATABASE_READ_HOSTS).toBe('replica-1.rds.test,replica-2.rds.test');
    const [shell, flag, script, name] = started.entryPoint;
    const out = run(
      shell,
      [flag, script, name, '/bin/sh', '-c', 'printf "%s\\n%s\\n" "$DATABASE_READ_URL" "$DATABASE_URL"'],
      { env: { ...started.environment, PATH: process.env.PATH } },
    );
    const [readUrl, url] = out.stdout.trim().split('\n');
    const read = new URL(readUrl);
    expect(['replica-1.rds.test', 'replica-2.rds.test']).toContain(read.hostname);
    expect(decodeURIComponent(read.password)).toBe('Pw,-.=^_1');
    expect(read.searchParams.get('sslmode')).toBe('verify-full');
    expect(read.searchParams.get('sslrootcert')).toBe(`${dir}/rds-root-ca.pem`);
    expect(fs.existsSync(path.join(dir, 'rds-root-ca.pem'))).toBe(true);
    expect(new URL(url).hostname).toBe('primary.rds.test');
  });

  test('the wrapper spreads tasks over the replicas: each is picked, never another host', () => {
    const hosts = ['r1.rds.test', 'r2.rds.test', 'r3.rds.test'];
    const parts = { user: 'shop_admin', port: '5432', databaseName: 'shop', caFile: '/tmp/ca.pem' };
    const picked = new Map<string, number>();
    for (let i = 0; i < 60; i++) {
      const { host, url } = runShell(readUrlCommands(hosts, parts));
      picked.set(host, (picked.get(host) ?? 0) + 1);
      expect(url).toBe(
        `postgres://shop_admin:Pw,-.=^_1@${host}:5432/shop?sslmode=verify-full&sslrootcert=/tmp/ca.pem`,
      );
    }
    expect([...picked.keys()].sort()).toEqual(hosts);
    // one replica: no random pick
    expect(runShell(readUrlCommands(['only.rds.test'], parts)).host).toBe('only.rds.test');
    // no braces, which CloudFormation would read as Fn::Sub parameters (cfn-lint E1029)
    expect(readUrlCommands(hosts, parts).join(';')).not.toMatch(/\$\{/);
  });

  test('a ShopDatabase of yours with replicas: the shop uses them', () => {
    const stack = new Stack(new App(), 'Stack', { env: { region: 'us-east-1' } });
    const network = new ShopNetwork(stack, 'Network');
    const database = new ShopDatabase(stack, 'Db', { vpc: network.vpc, readReplicas: 1 });
    new FargateShop(stack, 'Shop', { ...BASIC, vpc: network.vpc, database });
    const template = Template.fromStack(stack);
    const [replica] = replicaIds(template);
    expect(environment(container(template, 'Backend', 'backend')).DATABASE_READ_HOSTS).toEqual({
      'Fn::GetAtt': [replica, 'Endpoint.Address'],
    });
  });

  test('with an RDS Proxy the CA bundle holds the proxy roots and the instances root (replicas are reached directly)', () => {
    const stack = new Stack(new App(), 'Stack', { env: { region: 'us-east-1' } });
    const network = new ShopNetwork(stack, 'Network');
    const plain = new ShopDatabase(stack, 'Plain', { vpc: network.vpc });
    const proxied = new ShopDatabase(stack, 'Db', {
      vpc: network.vpc,
      readReplicas: 1,
      proxy: true,
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.MEDIUM),
    });
    new FargateShop(stack, 'Shop', { ...BASIC, vpc: network.vpc, database: proxied });
    const template = Template.fromStack(stack);
    const bundle = environment(container(template, 'Backend', 'backend')).DATABASE_CA_CERTIFICATES;
    expect(bundle).toBe(`${proxied.rootCertificates()}\n${plain.rootCertificates()}`);
    expect(plain.rootCertificates()).not.toBe(proxied.rootCertificates());
  });

  test('HIGHLY_AVAILABLE with two replicas: in the two zones', () => {
    const { template } = shopStack({ ...REPLICAS, preset: FargateShopPreset.HIGHLY_AVAILABLE });
    const zones = replicaIds(template).map((id) =>
      JSON.stringify(template.toJSON().Resources[id].Properties.AvailabilityZone),
    );
    expect(new Set(zones).size).toBe(2);
  });
});

describe('FargateShop read replicas: bad input', () => {
  expectRejected(<BadInput[]>[
    [
      'replicas for a database of yours',
      (stack) => {
        const network = new ShopNetwork(stack, 'Network');
        return {
          ...BASIC,
          vpc: network.vpc,
          database: new ShopDatabase(stack, 'Db', { vpc: network.vpc }),
          databaseReadReplicas: 1,
        };
      },
      'databaseReadReplicas',
      /database is given/,
    ],
    [
      'replicas without a database',
      { storefront: BASIC.storefront, databaseReadReplicas: 1 },
      'databaseReadReplicas',
      /the shop has no database/,
    ],
    [
      'a negative count',
      { ...BASIC, databaseReadReplicas: -1 },
      'databaseReadReplicas',
      /-1 is not a whole number from 0 to 5/,
    ],
    [
      'too many',
      { ...BASIC, databaseReadReplicas: 6 },
      'databaseReadReplicas',
      /6 is not a whole number from 0 to 5/,
    ],
    [
      'a fraction',
      { ...BASIC, databaseReadReplicas: 1.5 },
      'databaseReadReplicas',
      /1.5 is not a whole number/,
    ],
    [
      'a token',
      { ...BASIC, databaseReadReplicas: Token.asNumber({ Ref: 'Replicas' }) },
      'databaseReadReplicas',
      /is a token/,
    ],
    [
      'DATABASE_READ_URL in the user environment',
      {
        ...BASIC,
        backend: { image: BASIC.backend!.image, environment: { DATABASE_READ_URL: 'postgres://x' } },
      },
      'backend.environment',
      /DATABASE_READ_URL/,
    ],
  ]);
});
