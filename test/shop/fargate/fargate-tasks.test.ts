import { Duration } from 'aws-cdk-lib';
import {
  BASIC,
  container,
  environment,
  logicalId,
  Match,
  MEDUSA,
  PRODUCTS,
  serviceProps,
  shopStack,
  STOREFRONT,
} from './fargate-fixtures';
import { FargateShopPreset } from '../../../src';

describe('FargateShop: hardened task definitions', () => {
  const { template } = shopStack({ ...BASIC, worker: {} });

  test.each([
    ['Storefront', 'storefront', 1024, ['/tmp', '/app/.next/cache']],
    ['Backend', 'backend', 2048, ['/tmp', '/app/static']],
    ['Worker', 'worker', 2048, ['/tmp', '/app/static']],
  ])(
    '%s: read-only root, non-root user, hard memory limit, scratch volumes, stop timeout',
    (part, name, memory, dirs) => {
      const main = container(template, part, name);
      expect(main).toMatchObject({
        ReadonlyRootFilesystem: true,
        User: '1000',
        Memory: memory,
        StopTimeout: 30,
        Essential: true,
      });
      expect(main.MountPoints.map((m: any) => m.ContainerPath)).toEqual(dirs);
      expect(main.DependsOn).toEqual([{ ContainerName: 'scratch-permissions', Condition: 'SUCCESS' }]);
      const init = container(template, part, 'scratch-permissions');
      // pinned by the digest of busybox 1.37's multi-architecture index, never a mutable tag
      expect(init.Image).toMatch(/^public\.ecr\.aws\/docker\/library\/busybox@sha256:[0-9a-f]{64}$/);
      expect(init).toMatchObject({ Essential: false, ReadonlyRootFilesystem: true, User: '0' });
      expect(init.Command).toEqual(['chmod', '1777', ...dirs.map((_, i) => `/scratch/scratch-${i}`)]);
      const taskDefinition =
        template.toJSON().Resources[logicalId(template, 'AWS::ECS::TaskDefinition', part)];
      expect(taskDefinition.Properties.Volumes).toEqual(dirs.map((_, i) => ({ Name: `scratch-${i}` })));
      expect(taskDefinition.Properties.Memory).toBe(String(memory));
      expect(taskDefinition.Properties.Cpu).toBe('512');
    },
  );

  test('each service its own task role and a separate execution role', () => {
    const roles = ['Storefront', 'Backend', 'Worker'].map((part) => {
      const props =
        template.toJSON().Resources[logicalId(template, 'AWS::ECS::TaskDefinition', part)].Properties;
      return [props.TaskRoleArn['Fn::GetAtt'][0], props.ExecutionRoleArn['Fn::GetAtt'][0]];
    });
    const all = roles.flat();
    expect(new Set(all).size).toBe(6);
    for (const [task, execution] of roles) {
      expect(task).toMatch(/TaskRole/);
      expect(execution).toMatch(/ExecutionRole/);
    }
  });

  test('logs go to a retained log group per service, a week in DEVELOPMENT', () => {
    for (const part of ['Storefront', 'Backend', 'Worker']) {
      const id = logicalId(template, 'AWS::Logs::LogGroup', `Shop${part}Logs`);
      const group = template.toJSON().Resources[id];
      expect(group.DeletionPolicy).toBe('Retain');
      expect(group.Properties.RetentionInDays).toBe(7);
      const main = container(template, part, part.toLowerCase());
      expect(main.LogConfiguration.LogDriver).toBe('awslogs');
      expect(main.LogConfiguration.Options['awslogs-group']).toEqual({ Ref: id });
    }
  });

  test('Node health checks on the health path; the worker asks the backend port', () => {
    expect(container(template, 'Backend', 'backend').HealthCheck.Command[1]).toContain(
      "fetch('http://127.0.0.1:9000/health')",
    );
    expect(container(template, 'Storefront', 'storefront').HealthCheck.Command[1]).toContain(
      "fetch('http://127.0.0.1:3000/')",
    );
    const worker = container(template, 'Worker', 'worker');
    expect(worker.HealthCheck.Command[1]).toContain("fetch('http://127.0.0.1:9000/health')");
    expect(worker.HealthCheck.StartPeriod).toBe(180);
    expect(environment(worker).PORT).toBe('9000');
    const custom = shopStack({ ...BASIC, backend: { image: MEDUSA, port: 8080 }, worker: {} }).template;
    const customWorker = container(custom, 'Worker', 'worker');
    expect(environment(customWorker).PORT).toBe('8080');
    expect(customWorker.HealthCheck.Command[1]).toContain("fetch('http://127.0.0.1:8080/health')");
    expect(worker.PortMappings).toBeUndefined();
  });

  test('sizes and user are overridable per service', () => {
    const { template: t } = shopStack({
      ...BASIC,
      backendService: { cpu: 1024, memoryLimitMiB: 3072, user: 'node', scratchDirectories: ['/tmp'] },
    });
    const main = container(t, 'Backend', 'backend');
    expect(main).toMatchObject({ Memory: 3072, User: 'node' });
    expect(main.MountPoints.map((m: any) => m.ContainerPath)).toEqual(['/tmp']);
    const props = t.toJSON().Resources[logicalId(t, 'AWS::ECS::TaskDefinition', 'Backend')].Properties;
    expect([props.Cpu, props.Memory]).toEqual(['1024', '3072']);
  });
});

describe('FargateShop: settings without plain-text secrets', () => {
  const { template, shop } = shopStack({ ...BASIC, worker: {} });

  test('the backend gets the URL wrapper, the passwords and the generated secrets as ECS secrets', () => {
    const backend = container(template, 'Backend', 'backend');
    expect(backend.EntryPoint[0]).toBe('/bin/sh');
    expect(backend.EntryPoint[1]).toBe('-c');
    expect(backend.EntryPoint[3]).toBe('sh');
    const script = JSON.stringify(backend.EntryPoint[2]);
    expect(script).toContain('export DATABASE_URL=\\"postgres://shop_admin:$DATABASE_PASSWORD@');
    expect(script).toContain('export REDIS_URL=\\"rediss://default:$REDIS_PASSWORD@');
    expect(script).toContain('exec \\"$@\\"');
    expect(script).not.toContain('${');
    expect(backend.Command).toEqual(['npx', 'medusa', 'start']);
    expect(backend.Secrets.map((s: any) => s.Name).sort()).toEqual(
      ['COOKIE_SECRET', 'DATABASE_PASSWORD', 'JWT_SECRET', 'REDIS_PASSWORD'].sort(),
    );
    const env = environment(backend);
    for (const secret of ['DATABASE_URL', 'REDIS_URL', 'JWT_SECRET', 'COOKIE_SECRET', 'DATABASE_PASSWORD']) {
      expect(env[secret]).toBeUndefined();
    }
  });

  test('Medusa modes: the backend serves, the worker works; CORS and URLs from the load balancer', () => {
    const backend = environment(container(template, 'Backend', 'backend'));
    const worker = environment(container(template, 'Worker', 'worker'));
    expect(backend.MEDUSA_WORKER_MODE).toBe('server');
    expect(worker.MEDUSA_WORKER_MODE).toBe('worker');
    expect(worker.DISABLE_MEDUSA_ADMIN).toBe('true');
    const url = {
      'Fn::Join': ['', ['http://', { 'Fn::GetAtt': [expect.stringMatching(/LoadBalancer/), 'DNSName'] }]],
    };
    for (const name of ['STORE_CORS', 'ADMIN_CORS', 'AUTH_CORS', 'MEDUSA_BACKEND_URL']) {
      expect(backend[name]).toEqual(url);
    }
    expect(environment(container(template, 'Storefront', 'storefront')).MEDUSA_BACKEND_URL).toEqual(url);
  });

  test('without a worker the backend runs Medusa in shared mode', () => {
    const { template: t } = shopStack(BASIC);
    expect(environment(container(t, 'Backend', 'backend')).MEDUSA_WORKER_MODE).toBe('shared');
  });

  test('the storefront keeps its image entry point and gets no database settings', () => {
    const storefront = container(template, 'Storefront', 'storefront');
    expect(storefront.EntryPoint).toBeUndefined();
    expect(storefront.Command).toBeUndefined();
    // its only secret is the Next.js Server Actions key (test/shop/fargate/server-actions-key.test.ts)
    expect(storefront.Secrets).toEqual([
      {
        Name: 'NEXT_SERVER_ACTIONS_ENCRYPTION_KEY',
        ValueFrom: { Ref: expect.stringMatching(/^ShopServerActionsKey/) },
      },
    ]);
    expect(environment(storefront)).toMatchObject({ HOSTNAME: '0.0.0.0', PORT: '3000' });
  });

  test('JWT_SECRET and COOKIE_SECRET are generated secrets, retained', () => {
    for (const secret of [shop.jwtSecret!, shop.cookieSecret!]) {
      const id =
        template.toJSON().Resources[logicalId(template, 'AWS::SecretsManager::Secret', secret.node.id)];
      expect(id.DeletionPolicy).toBe('Retain');
      expect(id.Properties.GenerateSecretString).toMatchObject({
        PasswordLength: 64,
        ExcludePunctuation: true,
      });
    }
  });

  test("a user's command and environment reach the container; the user's CORS wins over the derived one", () => {
    const { template: t } = shopStack({
      ...BASIC,
      backend: { image: MEDUSA, environment: { STORE_CORS: 'https://a.example.com' } },
      backendService: { command: ['node', 'dist/main.js'] },
    });
    const backend = container(t, 'Backend', 'backend');
    expect(backend.Command).toEqual(['node', 'dist/main.js']);
    expect(environment(backend).STORE_CORS).toBe('https://a.example.com');
  });
});

describe('FargateShop: data tier', () => {
  test('database in the isolated data subnets, admitted from the backend, the worker and the migration only', () => {
    const { template } = shopStack({
      ...BASIC,
      worker: {},
      services: [{ name: 'products', image: PRODUCTS, port: 8000, pathPatterns: ['/products/*'] }],
    });
    const subnetGroup = Object.values(template.findResources('AWS::RDS::DBSubnetGroup'))[0] as any;
    for (const ref of subnetGroup.Properties.SubnetIds) expect(ref.Ref).toMatch(/DataSubnet|Isolated/);
    const ingress = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress')) as any[];
    const sourcesOn = (port: number) =>
      ingress
        .filter((i) => i.Properties.FromPort === port)
        .map((i) => i.Properties.SourceSecurityGroupId['Fn::GetAtt'][0])
        .sort();
    expect(sourcesOn(5432)).toEqual([
      expect.stringMatching(/ShopBackendSecurityGroup/),
      expect.stringMatching(/ShopMigrationTaskSecurityGroup/),
      expect.stringMatching(/ShopWorkerSecurityGroup/),
    ]);
    expect(sourcesOn(6379)).toEqual([
      expect.stringMatching(/ShopBackendSecurityGroup/),
      expect.stringMatching(/ShopMigrationTaskSecurityGroup/),
      expect.stringMatching(/ShopWorkerSecurityGroup/),
    ]);
    const products = container(template, 'Products', 'products');
    expect(products.EntryPoint).toBeUndefined();
    expect(products.Secrets).toBeUndefined();
  });

  test('an extra service with database: true gets DATABASE_URL and the ingress, and needs a command', () => {
    const { template } = shopStack({
      ...BASIC,
      services: [
        {
          name: 'orders',
          image: PRODUCTS,
          port: 8001,
          database: true,
          command: ['node', 'orders.js'],
          public: false,
        },
      ],
    });
    const orders = container(template, 'Orders', 'orders');
    expect(JSON.stringify(orders.EntryPoint)).toContain('DATABASE_URL');
    expect(JSON.stringify(orders.EntryPoint)).not.toContain('REDIS_URL');
    expect(orders.Command).toEqual(['node', 'orders.js']);
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      FromPort: 5432,
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('ShopOrdersSecurityGroup'), 'GroupId'] },
    });
  });

  test('a storefront-only shop has no database unless something uses or asks for one', () => {
    shopStack({ storefront: { image: STOREFRONT } }).template.resourceCountIs('AWS::RDS::DBInstance', 0);
    const withUser = shopStack({
      storefront: { image: STOREFRONT },
      services: [
        {
          name: 'orders',
          image: PRODUCTS,
          port: 8080,
          pathPatterns: ['/orders*'],
          database: true,
          command: ['node', 'server.js'],
        },
      ],
    }).template;
    withUser.resourceCountIs('AWS::RDS::DBInstance', 1);
    shopStack({ storefront: { image: STOREFRONT }, databaseEnabled: true }).template.resourceCountIs(
      'AWS::RDS::DBInstance',
      1,
    );
  });

  test('a shop without a backend gets a cache when a service uses one, and hands it REDIS_URL', () => {
    const storefrontOnly = shopStack({ storefront: { image: STOREFRONT } }).template;
    storefrontOnly.resourceCountIs('AWS::ElastiCache::ReplicationGroup', 0);
    const { template } = shopStack({
      storefront: { image: STOREFRONT },
      services: [
        {
          name: 'orders',
          image: PRODUCTS,
          port: 8080,
          pathPatterns: ['/orders*'],
          cache: true,
          command: ['node', 'server.js'],
        },
      ],
    });
    template.resourceCountIs('AWS::ElastiCache::ReplicationGroup', 1);
    expect(JSON.stringify(container(template, 'Orders', 'orders').EntryPoint)).toContain('REDIS_URL');
  });

  test.each([
    ['DEVELOPMENT', FargateShopPreset.DEVELOPMENT, 7],
    ['HIGHLY_AVAILABLE', FargateShopPreset.HIGHLY_AVAILABLE, 30],
  ])("%s: the database's and the cache's logs keep the preset's retention", (_name, preset, days) => {
    const { template } = shopStack({ ...BASIC, preset });
    // every log group but the VPC flow logs (the network's own, a year)
    const groups = Object.entries({
      ...template.findResources('AWS::Logs::LogGroup'),
      ...template.findResources('Custom::LogRetention'),
    }).filter(([id]) => !id.startsWith('ShopNetwork'));
    expect(groups.map(([id]) => id)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^ShopCache/), expect.stringMatching(/^ShopDatabase/)]),
    );
    for (const [, group] of groups) expect((group as any).Properties.RetentionInDays).toBe(days);
  });

  test('cache only with a backend by default; databaseEnabled: false leaves out the database and its URL', () => {
    const storefrontOnly = shopStack({ storefront: { image: STOREFRONT } }).template;
    storefrontOnly.resourceCountIs('AWS::ElastiCache::ReplicationGroup', 0);
    const noDatabase = shopStack({ ...BASIC, databaseEnabled: false, cacheEnabled: false }).template;
    noDatabase.resourceCountIs('AWS::RDS::DBInstance', 0);
    noDatabase.resourceCountIs('AWS::ElastiCache::ReplicationGroup', 0);
    const backend = container(noDatabase, 'Backend', 'backend');
    expect(backend.EntryPoint).toBeUndefined();
    expect(backend.Secrets.map((s: any) => s.Name).sort()).toEqual(['COOKIE_SECRET', 'JWT_SECRET']);
  });

  test('DEVELOPMENT: db.t4g.micro single-AZ and a single cache.t4g.micro node', () => {
    const { template } = shopStack(BASIC);
    template.hasResourceProperties('AWS::RDS::DBInstance', {
      DBInstanceClass: 'db.t4g.micro',
      MultiAZ: false,
    });
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      CacheNodeType: 'cache.t4g.micro',
      NumCacheClusters: 1,
    });
  });
});

describe('FargateShop: safe deployments', () => {
  const { template, shop } = shopStack({ ...BASIC, worker: {} });

  test.each(['Storefront', 'Backend', 'Worker'])(
    '%s: rolling 100/200 with circuit breaker and rollback',
    (part) => {
      expect(serviceProps(template, part).DeploymentConfiguration).toMatchObject({
        MinimumHealthyPercent: 100,
        MaximumPercent: 200,
        DeploymentCircuitBreaker: { Enable: true, Rollback: true },
      });
    },
  );

  test('public services roll back on their literal-named deployment alarms', () => {
    for (const part of ['Storefront', 'Backend']) {
      const alarms = serviceProps(template, part).DeploymentConfiguration.Alarms;
      expect(alarms.Enable).toBe(true);
      expect(alarms.Rollback).toBe(true);
      expect(alarms.AlarmNames.length).toBe(2);
      for (const name of alarms.AlarmNames) {
        expect(typeof name).toBe('string');
        template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: name });
      }
    }
    expect(shop.deploymentAlarms.length).toBe(4);
  });

  test('grace periods: Medusa boots for 3 minutes, the storefront 1; ECS Exec off', () => {
    expect(serviceProps(template, 'Backend').HealthCheckGracePeriodSeconds).toBe(180);
    expect(serviceProps(template, 'Storefront').HealthCheckGracePeriodSeconds).toBe(60);
    expect(serviceProps(template, 'Worker').HealthCheckGracePeriodSeconds).toBeUndefined();
    for (const part of ['Storefront', 'Backend', 'Worker']) {
      expect(serviceProps(template, part).EnableExecuteCommand).toBe(false);
    }
    const grace = shopStack({
      ...BASIC,
      backendService: { healthCheckGracePeriod: Duration.minutes(10) },
    }).template;
    expect(serviceProps(grace, 'Backend').HealthCheckGracePeriodSeconds).toBe(600);
  });

  test("container health checks start after the service's grace, capped at ECS's 300 s", () => {
    const startPeriod = (t: typeof template, part: string, name: string) =>
      container(t, part, name).HealthCheck.StartPeriod;
    expect(startPeriod(template, 'Backend', 'backend')).toBe(180);
    expect(startPeriod(template, 'Storefront', 'storefront')).toBe(60);
    expect(startPeriod(template, 'Worker', 'worker')).toBe(180);
    const short = shopStack({ ...BASIC, backendService: { healthCheckGracePeriod: Duration.seconds(90) } });
    expect(startPeriod(short.template, 'Backend', 'backend')).toBe(90);
    const long = shopStack({ ...BASIC, backendService: { healthCheckGracePeriod: Duration.minutes(10) } });
    expect(startPeriod(long.template, 'Backend', 'backend')).toBe(300);
  });

  test('enableExecuteCommand: sessions encrypted with a rotated key and logged; an output with the command', () => {
    const { template: t } = shopStack({ ...BASIC, enableExecuteCommand: true });
    expect(serviceProps(t, 'Backend').EnableExecuteCommand).toBe(true);
    const keyId = logicalId(t, 'AWS::KMS::Key', 'ExecKey');
    t.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    const logsId = logicalId(t, 'AWS::Logs::LogGroup', 'ExecLogs');
    t.hasResourceProperties('AWS::ECS::Cluster', {
      Configuration: {
        ExecuteCommandConfiguration: {
          KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
          Logging: 'OVERRIDE',
          LogConfiguration: { CloudWatchEncryptionEnabled: true, CloudWatchLogGroupName: { Ref: logsId } },
        },
      },
    });
    const output = Object.entries(t.findOutputs('*')).find(([id]) => id.startsWith('ShopEcsExecCommand'))![1];
    expect(JSON.stringify(output.Value)).toContain('aws ecs execute-command');
    expect(JSON.stringify(output.Value)).toContain('--container backend --interactive');
  });

  test("enableExecuteCommand: the SSM agent's directories are writable volumes (read-only root file system)", () => {
    const { template: t } = shopStack({ ...BASIC, enableExecuteCommand: true });
    const agentDirs = ['/managed-agents', '/var/lib/amazon/ssm', '/var/log/amazon/ssm'];
    for (const [part, name] of [
      ['Storefront', 'storefront'],
      ['Backend', 'backend'],
    ] as const) {
      const main = container(t, part, name);
      expect(main.ReadonlyRootFilesystem).toBe(true);
      const mounted = main.MountPoints.map((m: any) => m.ContainerPath);
      expect(mounted).toEqual(expect.arrayContaining(['/tmp', ...agentDirs]));
      const volumes = t.toJSON().Resources[logicalId(t, 'AWS::ECS::TaskDefinition', part)].Properties.Volumes;
      expect(volumes.length).toBe(mounted.length);
      const init = container(t, part, 'scratch-permissions');
      expect(init.Command.length).toBe(2 + mounted.length);
    }
    // off: no agent directories
    const off = container(template, 'Backend', 'backend').MountPoints.map((m: any) => m.ContainerPath);
    for (const dir of agentDirs) expect(off).not.toContain(dir);
  });

  test('enableExecuteCommand: CloudWatch Logs may use the exec key for the exec log group only', () => {
    const { template: t } = shopStack({ ...BASIC, enableExecuteCommand: true });
    const key = t.toJSON().Resources[logicalId(t, 'AWS::KMS::Key', 'ExecKey')];
    const statements = key.Properties.KeyPolicy.Statement as any[];
    const forLogs = statements.filter((st) => JSON.stringify(st.Principal ?? {}).includes('logs.us-east-1'));
    // every grant to CloudWatch Logs is bound to a log group ARN (aws-cdk-lib's ECS service adds one for the region)
    expect(forLogs.length).toBeGreaterThan(0);
    for (const st of forLogs) {
      expect(st.Condition?.ArnLike?.['kms:EncryptionContext:aws:logs:arn']).toBeDefined();
    }
    const logGroup = t.toJSON().Resources[logicalId(t, 'AWS::Logs::LogGroup', 'ExecLogs')];
    const name: string = logGroup.Properties.LogGroupName;
    expect(name).toMatch(/^\/cdk-shop\/.+\/ecs-exec$/);
    const arns = forLogs.map((st) =>
      JSON.stringify(st.Condition.ArnLike['kms:EncryptionContext:aws:logs:arn']),
    );
    expect(arns.some((arn) => arn.includes(`:log-group:${name}"`))).toBe(true);
  });
});

test("without database and cache the backend keeps its image's entry point and command", () => {
  const { template } = shopStack({ ...BASIC, databaseEnabled: false, cacheEnabled: false });
  const backend = container(template, 'Backend', 'backend');
  expect(backend.EntryPoint).toBeUndefined();
  expect(backend.Command).toBeUndefined();
});

test('no task definition holds ${NAME} text outside Fn::Sub (E1029 in cfn-lint and newer aws-cdk-lib)', () => {
  const { template } = shopStack({ ...BASIC, worker: {}, enableExecuteCommand: true });
  const embedded = (value: unknown, inSub = false): string[] => {
    if (typeof value === 'string') return !inSub && /\$\{[\w:.]+\}/.test(value) ? [value] : [];
    if (Array.isArray(value)) return value.flatMap((v) => embedded(v, inSub));
    if (value && typeof value === 'object') {
      return Object.entries(value).flatMap(([k, v]) => embedded(v, inSub || k === 'Fn::Sub'));
    }
    return [];
  };
  const definitions = template.findResources('AWS::ECS::TaskDefinition');
  // storefront, backend, worker and the migration
  expect(Object.keys(definitions).length).toBe(4);
  expect(embedded(definitions)).toEqual([]);
  // the wrapper's variables are there, in the form CloudFormation leaves alone
  expect(JSON.stringify(definitions)).toContain('$DATABASE_PASSWORD@');
});
