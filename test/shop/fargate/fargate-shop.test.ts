import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { BASIC, container, logicalId, Match, PRODUCTS, serviceProps, shopStack } from './fargate-fixtures';
import { FargateShop, FargateShopPreset, ShopCapacity, ShopImage, ShopRepository } from '../../../src';

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

  test('each service admits the load balancer on its container port only', () => {
    const ingress = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress')) as any[];
    for (const [part, port] of [
      ['Storefront', 3000],
      ['Backend', 9000],
    ] as const) {
      const rules = ingress.filter((i) =>
        i.Properties.GroupId['Fn::GetAtt']?.[0].startsWith(`Shop${part}SecurityGroup`),
      );
      expect(rules.map((r) => [r.Properties.FromPort, r.Properties.ToPort])).toEqual([[port, port]]);
      expect(rules[0].Properties.SourceSecurityGroupId['Fn::GetAtt'][0]).toMatch(/LoadBalancer/);
    }
  });

  test('target groups on the containers ports with their health paths', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      Port: 3000,
      TargetType: 'ip',
      HealthCheckPath: '/',
      // the Medusa Next.js starter answers / with 307 to /<countryCode>
      Matcher: { HttpCode: '200-399' },
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      Port: 9000,
      TargetType: 'ip',
      HealthCheckPath: '/health',
      Matcher: { HttpCode: '200-299' },
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

  test('each public service depends on its deployment alarms (named literally, so no reference orders them)', () => {
    const stack = Stack.of(shop);
    for (const [part, name] of [
      ['Storefront', 'storefront'],
      ['Backend', 'backend'],
    ] as const) {
      const id = logicalId(template, 'AWS::ECS::Service', part);
      const dependsOn: string[] = template.toJSON().Resources[id].DependsOn ?? [];
      const own = shop.deploymentAlarms
        .filter((alarm) => alarm.node.id.startsWith(`${name}-`))
        .map((alarm) => stack.getLogicalId(alarm.node.defaultChild as any));
      expect(own.length).toBe(2);
      expect(dependsOn).toEqual(expect.arrayContaining(own));
    }
  });

  test('IShop: alarms hold every alarm the shop made; metrics are the backend service', () => {
    const alarmIds = Object.keys(template.findResources('AWS::CloudWatch::Alarm')).sort();
    expect(alarmIds.length).toBeGreaterThan(0);
    expect(shop.alarms.length).toBe(alarmIds.length);
    const stack = Stack.of(shop);
    const listed = shop.alarms.map((alarm) => stack.getLogicalId(alarm.node.defaultChild as any)).sort();
    expect(listed).toEqual(alarmIds);
    expect(shop.alarms).toEqual(expect.arrayContaining(shop.deploymentAlarms));
    expect(shop.deploymentAlarms.length).toBe(4);
    const cpu = shop.metricCpuUtilization();
    expect(cpu.namespace).toBe('AWS/ECS');
    expect(cpu.metricName).toBe('CPUUtilization');
    expect(Object.keys(cpu.dimensions ?? {}).sort()).toEqual(['ClusterName', 'ServiceName']);
    expect(shop.metricMemoryUtilization().metricName).toBe('MemoryUtilization');
    expect(shop.metricMemoryUtilization().dimensions!.ServiceName).toBe(shop.backend!.serviceName);
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

describe('FargateShop images', () => {
  test('an ECR image: the execution role may pull from that repository only, and log in', () => {
    const stack = new Stack(new App(), 'Stack', { env: { region: 'us-east-1' } });
    const repository = new ShopRepository(stack, 'Images', { repositoryName: 'acme/medusa' });
    new FargateShop(stack, 'Shop', { ...BASIC, backend: { image: repository.image('1.4.2') } });
    const template = Template.fromStack(stack);
    const backend = container(template, 'Backend', 'backend');
    expect(JSON.stringify(backend.Image)).toContain(':1.4.2');
    const policies = Object.entries(template.findResources('AWS::IAM::Policy')) as [string, any][];
    const pulls = policies.filter(([, p]) =>
      JSON.stringify(p.Properties.PolicyDocument).includes('ecr:BatchGetImage'),
    );
    // the backend's and the migration's (the backend's image) execution roles
    expect(pulls.map(([id]) => id)).toEqual([
      expect.stringMatching(/^ShopBackendExecutionRoleDefaultPolicy/),
      expect.stringMatching(/^ShopMigrationTaskExecutionRoleDefaultPolicy/),
    ]);
    const statements = pulls[0][1].Properties.PolicyDocument.Statement as any[];
    const pull = statements.find((s) => JSON.stringify(s.Action).includes('ecr:BatchGetImage'));
    expect(pull.Resource).toEqual({
      'Fn::GetAtt': [logicalId(template, 'AWS::ECR::Repository', 'Images'), 'Arn'],
    });
    expect(statements.find((s) => s.Action === 'ecr:GetAuthorizationToken').Resource).toBe('*');
  });

  test('an image built by CDK from a directory runs on the ARM64 capacity', () => {
    const image = ShopImage.fromAsset(path.join(__dirname, '..', 'base', 'fixtures', 'storefront'));
    expect(image.cpuArchitecture).toBe(ecs.CpuArchitecture.ARM64);
    const { template } = shopStack({ ...BASIC, storefront: { image } });
    const storefront = container(template, 'Storefront', 'storefront');
    expect(JSON.stringify(storefront.Image)).toContain('cdk-hnb659fds-container-assets');
    const taskDefinition =
      template.toJSON().Resources[logicalId(template, 'AWS::ECS::TaskDefinition', 'Storefront')];
    expect(taskDefinition.Properties.RuntimePlatform.CpuArchitecture).toBe('ARM64');
  });
});
