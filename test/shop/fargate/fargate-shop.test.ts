import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as route53 from 'aws-cdk-lib/aws-route53';
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
import { FargateShop, FargateShopPreset, ShopCapacity } from '../../../src';

describe('FargateShop: services on Fargate behind one load balancer', () => {
  const { template, shop } = shopStack(BASIC);

  test('one ECS service per part, on Fargate Spot (DEVELOPMENT), ARM64, one task each', () => {
    template.resourceCountIs('AWS::ECS::Service', 2);
    for (const part of ['Storefront', 'Backend']) {
      const service = serviceProps(template, part);
      expect(service.DesiredCount).toBe(1);
      expect(service.CapacityProviderStrategy).toEqual(
        expect.arrayContaining([expect.objectContaining({ CapacityProvider: 'FARGATE_SPOT' })]),
      );
      expect(service.LaunchType).toBeUndefined();
    }
    template.allResourcesProperties('AWS::ECS::TaskDefinition', {
      RequiresCompatibilities: ['FARGATE'],
      RuntimePlatform: { CpuArchitecture: 'ARM64', OperatingSystemFamily: 'LINUX' },
      NetworkMode: 'awsvpc',
    });
  });

  test('tasks run in the private application subnets without public IPs', () => {
    const subnets = template.findResources('AWS::EC2::Subnet');
    for (const part of ['Storefront', 'Backend']) {
      const config = serviceProps(template, part).NetworkConfiguration.AwsvpcConfiguration;
      expect(config.AssignPublicIp).toBe('DISABLED');
      for (const ref of config.Subnets) {
        expect(ref.Ref).toMatch(/ApplicationSubnet/);
        expect(subnets[ref.Ref].Properties.MapPublicIpOnLaunch).toBe(false);
      }
    }
  });

  test('target groups on the containers ports with their health paths', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      Port: 3000,
      TargetType: 'ip',
      HealthCheckPath: '/',
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      Port: 9000,
      TargetType: 'ip',
      HealthCheckPath: '/health',
    });
    const backend = serviceProps(template, 'Backend');
    expect(backend.LoadBalancers).toEqual([
      {
        ContainerName: 'backend',
        ContainerPort: 9000,
        TargetGroupArn: {
          Ref: logicalId(template, 'AWS::ElasticLoadBalancingV2::TargetGroup', 'BackendTargets'),
        },
      },
    ]);
  });

  test("the backend's Medusa prefixes become listener path patterns", () => {
    const rules = Object.values(template.findResources('AWS::ElasticLoadBalancingV2::ListenerRule'));
    const patterns = rules.flatMap((r: any) =>
      r.Properties.Conditions.filter((c: any) => c.Field === 'path-pattern').flatMap(
        (c: any) => c.PathPatternConfig?.Values ?? c.Values,
      ),
    );
    expect(patterns.sort()).toEqual(
      [
        '/store',
        '/store/*',
        '/admin',
        '/admin/*',
        '/auth',
        '/auth/*',
        '/app',
        '/app/*',
        '/health',
        '/health/*',
      ].sort(),
    );
  });

  test('services expose storefront, backend and service(name); unknown names fail with the list', () => {
    expect(shop.service('storefront')).toBe(shop.storefront);
    expect(shop.service('backend')).toBe(shop.backend);
    expect(shop.worker).toBeUndefined();
    expect(() => shop.service('products')).toThrow(
      "Stack/Shop: no service named 'products'. The shop's services: storefront, backend.",
    );
  });

  test('without a domain the URL is the load balancer over HTTP, and an output says so', () => {
    expect(shop.url).toMatch(/^http:\/\/\$\{Token/);
    const outputs = template.findOutputs('*');
    const url = Object.entries(outputs).find(([id]) => id.startsWith('ShopUrl'))![1];
    expect(url.Description).toMatch(/plain HTTP: no domainName/);
    expect(url.Value).toEqual({
      'Fn::Join': ['', ['http://', { 'Fn::GetAtt': [expect.stringMatching(/LoadBalancer/), 'DNSName'] }]],
    });
    const ids = Object.keys(outputs).map((id) => id.replace(/[0-9A-F]{8}$/, ''));
    expect(ids.sort()).toEqual(
      [
        'ShopUrl',
        'ShopLoadBalancerDnsName',
        'ShopClusterName',
        'ShopStorefrontServiceName',
        'ShopBackendServiceName',
      ].sort(),
    );
  });

  test('IShop: alarms hold every alarm the shop made; metrics are the backend service', () => {
    const alarmNames = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map(
      (a: any) => a.Properties.AlarmName,
    );
    expect(shop.alarms).toEqual(expect.arrayContaining(shop.deploymentAlarms));
    expect(shop.deploymentAlarms.length).toBe(4);
    for (const alarm of shop.alarms) {
      expect(alarmNames).toContainEqual((alarm.node.defaultChild as any).alarmName);
    }
    const cpu = shop.metricCpuUtilization();
    expect(cpu.namespace).toBe('AWS/ECS');
    expect(cpu.metricName).toBe('CPUUtilization');
    expect(Object.keys(cpu.dimensions ?? {}).sort()).toEqual(['ClusterName', 'ServiceName']);
    expect(shop.metricMemoryUtilization().metricName).toBe('MemoryUtilization');
    expect(shop.metricMemoryUtilization().dimensions!.ServiceName).toBe(shop.backend!.serviceName);
  });
});

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
    expect(storefront.Secrets).toBeUndefined();
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
  test('database in the isolated data subnets, admitted from the backend and the worker only', () => {
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
      expect.stringMatching(/ShopWorkerSecurityGroup/),
    ]);
    expect(sourcesOn(6379)).toEqual([
      expect.stringMatching(/ShopBackendSecurityGroup/),
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

  test('cache only with a backend by default; databaseEnabled: false leaves out the database and its URL', () => {
    const storefrontOnly = shopStack({ storefront: { image: STOREFRONT } }).template;
    storefrontOnly.resourceCountIs('AWS::ElastiCache::ReplicationGroup', 0);
    storefrontOnly.resourceCountIs('AWS::RDS::DBInstance', 1);
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

describe('FargateShop: extra services', () => {
  const { template, shop } = shopStack({
    ...BASIC,
    services: [
      {
        name: 'products',
        image: PRODUCTS,
        port: 8000,
        pathPatterns: ['/products', '/products/*'],
        healthPath: '/healthz',
      },
      { name: 'orders', image: PRODUCTS, port: 8001, public: false },
    ],
  });

  test('a public one gets a target group and a rule; a private one neither', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      Port: 8000,
      HealthCheckPath: '/healthz',
    });
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::TargetGroup', 3);
    expect(serviceProps(template, 'Orders').LoadBalancers).toBeUndefined();
    expect(shop.service('orders')).toBeDefined();
  });

  test('with a private service every service joins a Service Connect namespace; the private one is published', () => {
    template.resourceCountIs('AWS::ServiceDiscovery::HttpNamespace', 1);
    const orders = serviceProps(template, 'Orders').ServiceConnectConfiguration;
    expect(orders.Enabled).toBe(true);
    expect(orders.Services).toEqual([
      { PortName: 'orders', ClientAliases: [{ DnsName: 'orders', Port: 8001 }] },
    ]);
    const backend = serviceProps(template, 'Backend').ServiceConnectConfiguration;
    expect(backend.Enabled).toBe(true);
  });

  test('the private service admits the other services on its port, nothing else', () => {
    const ingress = (Object.values(template.findResources('AWS::EC2::SecurityGroupIngress')) as any[]).filter(
      (i) => i.Properties.GroupId['Fn::GetAtt'][0].includes('ShopOrdersSecurityGroup'),
    );
    expect(ingress.map((i) => i.Properties.FromPort)).toEqual([8001, 8001, 8001]);
    expect(ingress.map((i) => i.Properties.SourceSecurityGroupId['Fn::GetAtt'][0]).sort()).toEqual([
      expect.stringMatching(/ShopBackendSecurityGroup/),
      expect.stringMatching(/ShopProductsSecurityGroup/),
      expect.stringMatching(/ShopStorefrontSecurityGroup/),
    ]);
  });

  test('without private services there is no namespace', () => {
    shopStack(BASIC).template.resourceCountIs('AWS::ServiceDiscovery::HttpNamespace', 0);
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
});

describe('FargateShop: domain, certificate and records', () => {
  const zoneFor = (stack: Stack) =>
    route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', {
      hostedZoneId: 'Z123',
      zoneName: 'example.com',
    });

  test('a DNS-validated certificate, HTTPS, an alias record and the https URL', () => {
    const stack = new Stack(new App(), 'Stack', { env: { region: 'us-east-1' } });
    const shop = new FargateShop(stack, 'Shop', {
      ...BASIC,
      domainName: 'shop.example.com',
      hostedZone: zoneFor(stack),
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: 'shop.example.com',
      ValidationMethod: 'DNS',
      DomainValidationOptions: [{ DomainName: 'shop.example.com', HostedZoneId: 'Z123' }],
    });
    template.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'shop.example.com.',
      Type: 'A',
      AliasTarget: Match.objectLike({ DNSName: Match.anyValue() }),
    });
    template.resourcePropertiesCountIs('AWS::Route53::RecordSet', { Type: 'AAAA' }, 0);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 443, Protocol: 'HTTPS' });
    expect(shop.url).toBe('https://shop.example.com');
    expect(shop.httpsListener).toBeDefined();
    expect(shop.certificate).toBeDefined();
  });

  test('a given certificate is used, no new one', () => {
    const stack = new Stack(new App(), 'Stack', { env: { region: 'us-east-1' } });
    const certificate = acm.Certificate.fromCertificateArn(
      stack,
      'Cert',
      'arn:aws:acm:us-east-1:111111111111:certificate/abc',
    );
    new FargateShop(stack, 'Shop', { ...BASIC, domainName: 'shop.example.com', certificate });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::CertificateManager::Certificate', 0);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Certificates: [{ CertificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/abc' }],
    });
  });
});

describe('FargateShop: presets', () => {
  test('HIGHLY_AVAILABLE: two on-demand tasks per service, NAT gateways, Multi-AZ data tier, insights, protection', () => {
    const { template } = shopStack({ ...BASIC, preset: FargateShopPreset.HIGHLY_AVAILABLE });
    for (const part of ['Storefront', 'Backend']) {
      const service = serviceProps(template, part);
      expect(service.DesiredCount).toBe(2);
      expect(service.CapacityProviderStrategy).toEqual([
        expect.objectContaining({ CapacityProvider: 'FARGATE' }),
      ]);
    }
    template.resourceCountIs('AWS::EC2::NatGateway', 2);
    template.hasResourceProperties('AWS::RDS::DBInstance', { MultiAZ: true, DeletionProtection: true });
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      AutomaticFailoverEnabled: true,
      MultiAZEnabled: true,
    });
    template.hasResourceProperties('AWS::ECS::Cluster', {
      ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }],
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.arrayWith([{ Key: 'deletion_protection.enabled', Value: 'true' }]),
    });
    template.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 2);
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      MinCapacity: 2,
      MaxCapacity: 10,
    });
  });

  test('DEVELOPMENT: one NAT instance, insights off, no autoscaling target (min = max = 1)', () => {
    const { template } = shopStack(BASIC);
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
    template.resourcePropertiesCountIs('AWS::EC2::Instance', { InstanceType: 't4g.nano' }, 1);
    template.hasResourceProperties('AWS::ECS::Cluster', {
      ClusterSettings: [{ Name: 'containerInsights', Value: 'disabled' }],
    });
    template.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 0);
  });

  test('preset fields are readable and every one is overridable by a prop', () => {
    const ha = FargateShopPreset.HIGHLY_AVAILABLE;
    expect([
      ha.name,
      ha.tasksPerService,
      ha.maxTasksPerService,
      ha.deletionProtection,
      ha.containerInsights,
    ]).toEqual(['HIGHLY_AVAILABLE', 2, 10, true, true]);
    const { template } = shopStack({
      ...BASIC,
      preset: ha,
      capacity: ShopCapacity.fargateSpot({ onDemandBase: 1, onDemandWeight: 1 }),
      containerInsights: false,
      deletionProtection: false,
      logRetention: 14 as any,
      backendService: { minCapacity: 3, maxCapacity: 6 },
    });
    expect(serviceProps(template, 'Backend').DesiredCount).toBe(3);
    expect(serviceProps(template, 'Backend').CapacityProviderStrategy).toEqual(
      expect.arrayContaining([expect.objectContaining({ CapacityProvider: 'FARGATE_SPOT' })]),
    );
    template.hasResourceProperties('AWS::ECS::Cluster', {
      ClusterSettings: [{ Name: 'containerInsights', Value: 'disabled' }],
    });
    template.hasResourceProperties('AWS::RDS::DBInstance', { DeletionProtection: false });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 14 });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      MinCapacity: 3,
      MaxCapacity: 6,
    });
  });

  test('an ECS image is what ShopImage hands ECS', () => {
    const { template } = shopStack(BASIC);
    expect(container(template, 'Backend', 'backend').Image).toBe('ghcr.io/acme/medusa:1.4.2');
  });
});

test("without database and cache the backend keeps its image's entry point and command", () => {
  const { template } = shopStack({ ...BASIC, databaseEnabled: false, cacheEnabled: false });
  const backend = container(template, 'Backend', 'backend');
  expect(backend.EntryPoint).toBeUndefined();
  expect(backend.Command).toBeUndefined();
});
