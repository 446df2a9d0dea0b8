import { CfnResource, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { INLINE, synthShop } from './serverless-shop-fixtures';
import { IShop, TableAccess } from '../../../src';

/** Resources of `type` in a template. */
function resources(template: any, type: string): [string, any][] {
  return Object.entries<any>(template.Resources).filter(([, r]) => r.Type === type);
}

describe('ServerlessShop at its defaults', () => {
  const { shop, template } = synthShop({ alarmEmail: 'ops@example.com' });
  const json = template.toJSON();

  test('is an IShop whose URL is the distribution over HTTPS', () => {
    const asShop: IShop = shop;
    expect(asShop.alarmTopic).toBe(shop.alarmTopic);
    expect(Stack.of(shop).resolve(shop.url)).toEqual({
      'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [expect.any(String), 'DomainName'] }]],
    });
  });

  test('one distribution: the storefront by default, the API at /api/*, media at /media/*', () => {
    const [[, distribution]] = resources(json, 'AWS::CloudFront::Distribution');
    const config = distribution.Properties.DistributionConfig;
    const originOf = (id: string) => config.Origins.find((o: any) => o.Id === id);
    expect(originOf(config.DefaultCacheBehavior.TargetOriginId).S3OriginConfig).toBeDefined();
    expect(config.DefaultCacheBehavior.FunctionAssociations).toEqual([
      { EventType: 'viewer-request', FunctionARN: expect.anything() },
    ]);
    const byPath = Object.fromEntries(config.CacheBehaviors.map((b: any) => [b.PathPattern, b]));
    expect(Object.keys(byPath)).toEqual(expect.arrayContaining(['/api/*', '/media/*']));
    const api = originOf(byPath['/api/*'].TargetOriginId);
    expect(api.CustomOriginConfig.OriginProtocolPolicy).toBe('https-only');
    expect(JSON.stringify(api.DomainName)).toContain('execute-api');
    expect(byPath['/api/*'].AllowedMethods).toHaveLength(7);
    expect(originOf(byPath['/media/*'].TargetOriginId).S3OriginConfig).toBeDefined();
    expect(config.WebACLId).toBeDefined();
  });

  test('an HTTP API with one route per given route, the protected one behind the JWT authorizer', () => {
    const routes = resources(json, 'AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties);
    expect(routes.map((r) => r.RouteKey).sort()).toEqual(['GET /api/products', 'POST /api/orders']);
    expect(routes.find((r) => r.RouteKey === 'POST /api/orders').AuthorizationType).toBe('JWT');
    expect(routes.find((r) => r.RouteKey === 'GET /api/products').AuthorizationType).toBe('NONE');
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      JwtConfiguration: {
        Audience: [{ Ref: Match.stringLikeRegexp('CustomersStorefront') }],
        Issuer: Match.anyValue(),
      },
    });
  });

  test('the default table is `catalog`, on demand, with PITR and deletion protection, retained', () => {
    const tables = resources(json, 'AWS::DynamoDB::Table');
    expect(tables).toHaveLength(1);
    const [[id, table]] = tables;
    expect(id).toMatch(/CatalogTable/);
    expect(shop.table('catalog')).toBe(shop.tables[0]);
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      DeletionProtectionEnabled: true,
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
    });
  });

  test('a route naming a table the shop does not have is refused', () => {
    const tables = [{ table: 'orders', access: TableAccess.READ }];
    expect(() => synthShop({ routes: [{ route: 'GET /api/x', code: INLINE, tables }] })).toThrow(
      /^Shop\/Shop\/Api: invalid 'routes\[0\]\.tables\[0\]\.table'.*orders/,
    );
  });

  test('a Cognito user pool on the Essentials plan, retained', () => {
    const [[, pool]] = resources(json, 'AWS::Cognito::UserPool');
    expect(pool.Properties.UserPoolTier).toBe('ESSENTIALS');
    expect(pool.DeletionPolicy).toBe('Retain');
  });

  test('no VPC, no NAT and no database without `database` or `sessions`', () => {
    for (const type of [
      'AWS::EC2::VPC',
      'AWS::EC2::NatGateway',
      'AWS::RDS::DBInstance',
      'AWS::ElastiCache::ReplicationGroup',
    ]) {
      expect(resources(json, type)).toHaveLength(0);
    }
    expect(shop.vpc).toBeUndefined();
    for (const [, fn] of resources(json, 'AWS::Lambda::Function')) {
      expect(fn.Properties.VpcConfig).toBeUndefined();
    }
  });

  test('daily backups select the tables', () => {
    const [[, selection]] = resources(json, 'AWS::Backup::BackupSelection');
    const [[tableId]] = resources(json, 'AWS::DynamoDB::Table');
    expect(selection.Properties.BackupSelection.Resources).toEqual([{ 'Fn::GetAtt': [tableId, 'Arn'] }]);
  });

  test('alarm e-mails reach an encrypted-in-transit topic of its own', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });
});

describe('ServerlessShop with orders in PostgreSQL and sessions', () => {
  const routes = [
    {
      route: 'POST /api/orders',
      code: INLINE,
      protected: true,
      database: true,
    },
    { route: 'GET /api/session', code: INLINE, sessions: true },
    { route: 'GET /api/products', code: INLINE },
  ];
  let shop: ReturnType<typeof synthShop>['shop'];
  let template: ReturnType<typeof synthShop>['template'];
  let json: any;
  beforeAll(() => {
    ({ shop, template } = synthShop({ routes, database: {}, sessions: true }));
    json = template.toJSON();
  });

  test('a VPC without NAT gateways, DynamoDB and S3 through gateway endpoints', () => {
    expect(resources(json, 'AWS::EC2::VPC')).toHaveLength(1);
    expect(resources(json, 'AWS::EC2::NatGateway')).toHaveLength(0);
    const gateways = resources(json, 'AWS::EC2::VPCEndpoint')
      .map(([, e]) => e.Properties)
      .filter((p) => p.VpcEndpointType === 'Gateway');
    const services = gateways.map((p) => JSON.stringify(p.ServiceName));
    expect(services.some((s) => s.includes('dynamodb'))).toBe(true);
    expect(services.some((s) => s.includes('.s3'))).toBe(true);
  });

  test('the database sits behind an RDS Proxy with IAM authentication', () => {
    // end-to-end IAM authentication: the proxy signs in to PostgreSQL with IAM too, no secret
    template.hasResourceProperties('AWS::RDS::DBProxy', {
      RequireTLS: true,
      DefaultAuthScheme: 'IAM_AUTH',
      EngineFamily: 'POSTGRESQL',
    });
    expect(shop.database?.proxy).toBeDefined();
    expect(shop.cache).toBeDefined();
  });

  test('only the database and sessions routes run in the VPC', () => {
    const inVpc = (route: string) => {
      const fn = shop.api.functionFor(route).node.defaultChild as CfnResource;
      return json.Resources[Stack.of(fn).getLogicalId(fn)].Properties.VpcConfig;
    };
    expect(inVpc('POST /api/orders')).toBeDefined();
    expect(inVpc('GET /api/session')).toBeDefined();
    expect(inVpc('GET /api/products')).toBeUndefined();
  });

  test('the backups select the tables and the database', () => {
    const [[, selection]] = resources(json, 'AWS::Backup::BackupSelection');
    const selected = JSON.stringify(selection.Properties.BackupSelection.Resources);
    expect(selected).toContain(':db:');
    expect(selected).toContain(resources(json, 'AWS::DynamoDB::Table')[0][0]);
  });
});

describe('ServerlessShop with a domain', () => {
  const withZone = (stack: Stack) => ({
    domainName: 'shop.example.com',
    hostedZone: route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', {
      hostedZoneId: 'Z123',
      zoneName: 'example.com',
    }),
  });

  test('in us-east-1: a DNS-validated certificate of its own and the A/AAAA records', () => {
    const { template } = synthShop(withZone, { account: '111111111111', region: 'us-east-1' });
    template.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: 'shop.example.com',
      ValidationMethod: 'DNS',
    });
    template.resourcePropertiesCountIs('AWS::Route53::RecordSet', { Name: 'shop.example.com.' }, 2);
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({ Aliases: ['shop.example.com'] }),
    });
  });

  test('elsewhere: the certificate and the web ACL come from a us-east-1 stack beside it', () => {
    const { shop, stack } = synthShop(withZone, { account: '111111111111', region: 'eu-west-1' });
    const siblings = stack.node.scope!.node.children.filter(
      (c) => c !== stack && Stack.isStack(c) && c.region === 'us-east-1',
    );
    expect(siblings).toHaveLength(1);
    expect(shop.edge.webAcl).toBeUndefined();
    expect(stack.resolve(shop.edge.webAclArn)).toMatch(/^{{resolve:ssm:\/cdk-shop\/edge\/.*\/web-acl-arn}}$/);
  });
});
