import { Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { CODE, fixture, Fixture } from './api-fixtures';
import { ShopApi, ShopApiProps, ShopApiType, TableAccess } from '../../../src';

/** The catalog read route, the order write route (protected), and an unprotected write. */
function shopApi(f: Fixture, extra: Partial<ShopApiProps> = {}): ShopApi {
  return new ShopApi(f.stack, 'Api', {
    tables: { catalog: f.catalog, orders: f.orders },
    userPool: f.userPool,
    userPoolClients: [f.client],
    routes: [
      { route: 'GET /api/products', code: CODE, tables: [{ table: 'catalog', access: TableAccess.READ }] },
      {
        route: 'POST /api/orders',
        code: CODE,
        protected: true,
        authorizationScopes: ['shop/orders.write'],
        tables: [
          { table: 'orders', access: TableAccess.WRITE },
          { table: 'catalog', access: TableAccess.of('dynamodb:GetItem') },
        ],
      },
    ],
    ...extra,
  });
}

/** The statements of the policy attached to a route function's role. */
function statements(stack: Stack, api: ShopApi, route: string): any[] {
  const fn = api.functionFor(route) as lambda.Function;
  const roleId = stack.resolve((fn.role!.node.defaultChild as iam.CfnRole).logicalId);
  const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy');
  return Object.values(policies)
    .filter((p: any) => p.Properties.Roles.some((r: any) => r.Ref === roleId))
    .flatMap((p: any) => p.Properties.PolicyDocument.Statement);
}

const arnOf = (stack: Stack, table: dynamodb.Table) => stack.resolve(table.tableArn);

describe('ShopApi functions', () => {
  test('defaults: Node.js 24 on ARM64, 512 MB, 10 s, active tracing, JSON logs in their own log group', () => {
    const f = fixture();
    shopApi(f);
    const t = Template.fromStack(f.stack);
    t.resourceCountIs('AWS::Lambda::Function', 2);
    t.allResourcesProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      MemorySize: 512,
      Timeout: 10,
      Handler: 'index.handler',
      TracingConfig: { Mode: 'Active' },
      LoggingConfig: { LogFormat: 'JSON', LogGroup: { Ref: Match.stringLikeRegexp('LogGroup') } },
      ReservedConcurrentExecutions: Match.absent(),
      VpcConfig: Match.absent(),
    });
    // one log group per function and the access log, a month each, kept on stack deletion
    t.resourceCountIs('AWS::Logs::LogGroup', 3);
    const groups = t.findResources('AWS::Logs::LogGroup');
    for (const group of Object.values(groups)) {
      expect(group).toMatchObject({ Properties: { RetentionInDays: 30 }, DeletionPolicy: 'Retain' });
    }
    // no logRetention custom resource, no AWS-managed policy on the roles
    t.resourceCountIs('Custom::LogRetention', 0);
    t.allResourcesProperties('AWS::IAM::Role', { ManagedPolicyArns: Match.absent() });
  });

  test('route settings reach the function; tracing can be turned off', () => {
    const f = fixture();
    new ShopApi(f.stack, 'Api', {
      tracing: false,
      logRetention: logs.RetentionDays.ONE_WEEK,
      routes: [
        {
          route: 'GET /api/report',
          code: CODE,
          handler: 'report.main',
          memorySize: 1024,
          timeout: Duration.seconds(25),
          reservedConcurrency: 5,
          runtime: lambda.Runtime.NODEJS_22_X,
          architecture: lambda.Architecture.X86_64,
          environment: { STAGE: 'test' },
        },
      ],
    });
    const t = Template.fromStack(f.stack);
    t.hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'report.main',
      MemorySize: 1024,
      Timeout: 25,
      ReservedConcurrentExecutions: 5,
      Runtime: 'nodejs22.x',
      Architectures: ['x86_64'],
      Environment: { Variables: { STAGE: 'test' } },
      TracingConfig: Match.absent(),
    });
    t.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 7 });
    // without tracing the role has no X-Ray statement
    const policy = JSON.stringify(t.findResources('AWS::IAM::Policy'));
    expect(policy).not.toContain('xray:');
  });

  test('each role writes only its own log group', () => {
    const f = fixture();
    const api = shopApi(f);
    for (const route of ['GET /api/products', 'POST /api/orders']) {
      const logStatements = statements(f.stack, api, route).filter((s) =>
        JSON.stringify(s.Action).includes('logs:'),
      );
      const fn = api.functionFor(route) as lambda.Function;
      const group = fn.node.scope!.node.findChild('LogGroup') as logs.LogGroup;
      expect(logStatements).toEqual([
        {
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Effect: 'Allow',
          Resource: f.stack.resolve(group.logGroupArn),
        },
      ]);
    }
  });
});

describe('ShopApi grants', () => {
  test('exactly the TableAccess actions on the tables named, indexes only for Query and Scan', () => {
    const f = fixture();
    const api = shopApi(f);
    const dynamo = (route: string) =>
      statements(f.stack, api, route).filter((s) => JSON.stringify(s.Action).includes('dynamodb:'));
    expect(dynamo('GET /api/products')).toEqual([
      { Action: TableAccess.READ.actions, Effect: 'Allow', Resource: arnOf(f.stack, f.catalog) },
      {
        Action: ['dynamodb:Query', 'dynamodb:Scan'],
        Effect: 'Allow',
        Resource: { 'Fn::Join': ['', [arnOf(f.stack, f.catalog), '/index/byCategory']] },
      },
    ]);
    expect(dynamo('POST /api/orders')).toEqual([
      { Action: TableAccess.WRITE.actions, Effect: 'Allow', Resource: arnOf(f.stack, f.orders) },
      { Action: 'dynamodb:GetItem', Effect: 'Allow', Resource: arnOf(f.stack, f.catalog) },
    ]);
    // nothing else: every statement is logs, X-Ray or one of the above
    for (const route of ['GET /api/products', 'POST /api/orders']) {
      const other = statements(f.stack, api, route).filter(
        (s) => !/^"?(logs|xray|dynamodb):/.test(JSON.stringify(s.Action).replace(/^\[/, '')),
      );
      expect(other).toEqual([]);
    }
  });

  test('table names reach the functions as TABLE_<NAME>', () => {
    const f = fixture();
    const api = new ShopApi(f.stack, 'Api', {
      tables: { 'order-items': f.orders, catalog: f.catalog },
      routes: [
        {
          route: 'GET /api/items',
          code: CODE,
          tables: [
            { table: 'order-items', access: TableAccess.READ },
            { table: 'catalog', access: TableAccess.READ },
          ],
        },
        { route: 'GET /api/health', code: CODE },
      ],
    });
    const t = Template.fromStack(f.stack);
    const fnId = (route: string) =>
      f.stack.resolve((api.functionFor(route).node.defaultChild as lambda.CfnFunction).logicalId);
    expect(t.toJSON().Resources[fnId('GET /api/items')].Properties.Environment).toEqual({
      Variables: {
        TABLE_ORDER_ITEMS: f.stack.resolve(f.orders.tableName),
        TABLE_CATALOG: f.stack.resolve(f.catalog.tableName),
      },
    });
    expect(t.toJSON().Resources[fnId('GET /api/health')].Properties.Environment).toBeUndefined();
  });

  test('a customer-managed key: Decrypt for readers, Encrypt and data keys for writers, only via DynamoDB', () => {
    const f = fixture();
    const key = new kms.Key(f.stack, 'Key', { enableKeyRotation: true });
    const secured = new dynamodb.Table(f.stack, 'Secured', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: key,
    });
    const api = new ShopApi(f.stack, 'Api', {
      tables: { secured },
      routes: [
        { route: 'GET /api/s', code: CODE, tables: [{ table: 'secured', access: TableAccess.READ }] },
        {
          route: 'PUT /api/s',
          code: CODE,
          tables: [{ table: 'secured', access: TableAccess.of('dynamodb:PutItem') }],
        },
      ],
    });
    const kmsOf = (route: string) =>
      statements(f.stack, api, route).filter((s) => JSON.stringify(s.Action).includes('kms:'));
    const via = {
      StringEquals: {
        'kms:ViaService': { 'Fn::Join': ['', ['dynamodb.eu-west-1.', { Ref: 'AWS::URLSuffix' }]] },
      },
    };
    expect(kmsOf('GET /api/s')).toEqual([
      {
        Action: ['kms:Decrypt', 'kms:DescribeKey'],
        Condition: via,
        Effect: 'Allow',
        Resource: f.stack.resolve(key.keyArn),
      },
    ]);
    expect(kmsOf('PUT /api/s')).toEqual([
      {
        Action: [
          'kms:Decrypt',
          'kms:DescribeKey',
          'kms:Encrypt',
          'kms:GenerateDataKey',
          'kms:ReEncryptFrom',
          'kms:ReEncryptTo',
        ],
        Condition: via,
        Effect: 'Allow',
        Resource: f.stack.resolve(key.keyArn),
      },
    ]);
  });

  test('a table defined elsewhere: its indexes as <ARN>/index/*', () => {
    const f = fixture();
    const imported = dynamodb.Table.fromTableName(f.stack, 'Imported', 'legacy-catalog');
    const api = new ShopApi(f.stack, 'Api', {
      tables: { legacy: imported },
      routes: [
        {
          route: 'GET /api/legacy',
          code: CODE,
          tables: [{ table: 'legacy', access: TableAccess.of('dynamodb:Query') }],
        },
      ],
    });
    const resources = statements(f.stack, api, 'GET /api/legacy')
      .filter((s) => s.Action === 'dynamodb:Query')
      .map((s) => JSON.stringify(s.Resource));
    expect(resources).toHaveLength(2);
    expect(resources[0]).toContain('table/legacy-catalog"');
    expect(resources[1]).toContain('table/legacy-catalog/index/*');
  });

  test('an existing function gets the grants on its own role and the table variable', () => {
    const f = fixture();
    const existing = new lambda.Function(f.stack, 'Existing', {
      code: CODE,
      handler: 'index.handler',
      runtime: lambda.Runtime.NODEJS_24_X,
    });
    const api = new ShopApi(f.stack, 'Api', {
      tables: { catalog: f.catalog },
      routes: [
        {
          route: 'GET /api/products',
          function: existing,
          tables: [{ table: 'catalog', access: TableAccess.READ }],
        },
      ],
    });
    expect(api.functionFor('GET /api/products')).toBe(existing);
    expect(api.definedFunctions).toEqual([]);
    expect(statements(f.stack, api, 'GET /api/products')).toContainEqual({
      Action: TableAccess.READ.actions,
      Effect: 'Allow',
      Resource: arnOf(f.stack, f.catalog),
    });
    Template.fromStack(f.stack).hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: { TABLE_CATALOG: f.stack.resolve(f.catalog.tableName) } },
    });
  });

  test('an imported function with a role gets the grants; its variables are left to the user, with a warning', () => {
    const f = fixture();
    const role = iam.Role.fromRoleArn(f.stack, 'Role', 'arn:aws:iam::111111111111:role/legacy', {
      mutable: true,
    });
    const imported = lambda.Function.fromFunctionAttributes(f.stack, 'Imported', {
      functionArn: 'arn:aws:lambda:eu-west-1:111111111111:function:legacy',
      role,
      sameEnvironment: true,
    });
    new ShopApi(f.stack, 'Api', {
      tables: { catalog: f.catalog },
      routes: [
        {
          route: 'GET /api/products',
          function: imported,
          tables: [{ table: 'catalog', access: TableAccess.READ }],
        },
      ],
    });
    Template.fromStack(f.stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: ['legacy'],
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Action: TableAccess.READ.actions })]),
      },
    });
    const warnings = Annotations.fromStack(f.stack).findWarning(
      '/Stack/Api',
      Match.stringLikeRegexp('TABLE_CATALOG=catalog'),
    );
    expect(warnings).toHaveLength(1);
  });

  test('an imported function without a role is refused: its grants would silently be lost', () => {
    const f = fixture();
    const imported = lambda.Function.fromFunctionArn(
      f.stack,
      'Imported',
      'arn:aws:lambda:eu-west-1:111111111111:function:legacy',
    );
    expect(
      () =>
        new ShopApi(f.stack, 'Api', {
          tables: { catalog: f.catalog },
          routes: [
            {
              route: 'GET /api/products',
              function: imported,
              tables: [{ table: 'catalog', access: TableAccess.READ }],
            },
          ],
        }),
    ).toThrow(/Stack\/Api: invalid 'routes\[0\]\.tables': the route's function has no role/);
  });
});

describe('ShopApi HTTP API', () => {
  test('the $default stage auto-deploys with throttling and JSON access logs', () => {
    const f = fixture();
    const api = shopApi(f, { throttle: { rateLimit: 50 } });
    const t = Template.fromStack(f.stack);
    t.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    t.resourceCountIs('AWS::ApiGatewayV2::Stage', 1);
    t.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 200 },
      AccessLogSettings: {
        DestinationArn: f.stack.resolve(api.accessLogGroup.logGroupArn),
        Format: Match.stringLikeRegexp(
          '"routeKey":"\\$context.routeKey".*"authorizerError":"\\$context.authorizer.error"',
        ),
      },
    });
    expect(api.restApi).toBeUndefined();
    expect(api.apiType).toBe(ShopApiType.HTTP);
  });

  test('one Lambda proxy route per route key; the JWT authorizer on protected routes only, with their scopes', () => {
    const f = fixture();
    shopApi(f);
    const t = Template.fromStack(f.stack);
    t.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
    t.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'GET /api/products',
      AuthorizationType: 'NONE',
      AuthorizerId: Match.absent(),
      AuthorizationScopes: Match.absent(),
    });
    t.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'POST /api/orders',
      AuthorizationType: 'JWT',
      AuthorizerId: { Ref: Match.stringLikeRegexp('CustomersAuthorizer') },
      AuthorizationScopes: ['shop/orders.write'],
    });
    t.allResourcesProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
    });
  });

  test('without protected routes there is no authorizer', () => {
    const f = fixture();
    new ShopApi(f.stack, 'Api', {
      userPool: f.userPool,
      routes: [{ route: 'GET /api/products', code: CODE }],
    });
    Template.fromStack(f.stack).resourceCountIs('AWS::ApiGatewayV2::Authorizer', 0);
  });

  test('the origin: the execute-api host, HTTPS only with TLS 1.2, no path', () => {
    const f = fixture();
    const api = shopApi(f);
    const bound = api.origin.bind(f.stack, { originId: 'api' });
    expect(f.stack.resolve(bound.originProperty?.domainName)).toEqual({
      'Fn::Join': [
        '',
        [
          { Ref: f.stack.resolve((api.httpApi!.node.defaultChild as any).logicalId) },
          '.execute-api.eu-west-1.',
          { Ref: 'AWS::URLSuffix' },
        ],
      ],
    });
    expect(bound.originProperty?.originPath).toBeUndefined();
    expect(bound.originProperty?.customOriginConfig).toMatchObject({
      originProtocolPolicy: 'https-only',
      originSslProtocols: ['TLSv1.2'],
    });
    expect(f.stack.resolve(api.url)).toEqual(f.stack.resolve(api.httpStage!.url));
  });

  test('functionFor names the routes it knows when asked for another', () => {
    const f = fixture();
    const api = shopApi(f);
    expect(() => api.functionFor('GET /api/nothing')).toThrow(
      /Stack\/Api: no route 'GET \/api\/nothing'\. The routes are: GET \/api\/products, POST \/api\/orders\./,
    );
  });
});

describe('ShopApi REST API', () => {
  test('a regional API with one stage: tracing, access logs, throttling; no account-wide role', () => {
    const f = fixture();
    const api = shopApi(f, { apiType: ShopApiType.REST, stageName: 'live' });
    const t = Template.fromStack(f.stack);
    t.hasResourceProperties('AWS::ApiGateway::RestApi', { EndpointConfiguration: { Types: ['REGIONAL'] } });
    t.resourceCountIs('AWS::ApiGateway::Account', 0);
    t.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'live',
      TracingEnabled: true,
      AccessLogSetting: { DestinationArn: f.stack.resolve(api.accessLogGroup.logGroupArn) },
      MethodSettings: [Match.objectLike({ ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 })],
    });
    expect(api.httpApi).toBeUndefined();
  });

  test('the Cognito authorizer and scopes on protected methods only; API keys where asked', () => {
    const f = fixture();
    new ShopApi(f.stack, 'Api', {
      apiType: ShopApiType.REST,
      userPool: f.userPool,
      routes: [
        { route: 'GET /api/products', code: CODE, apiKeyRequired: true },
        {
          route: 'POST /api/orders',
          code: CODE,
          protected: true,
          authorizationScopes: ['shop/orders.write'],
        },
      ],
    });
    const t = Template.fromStack(f.stack);
    t.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'COGNITO_USER_POOLS',
      IdentitySource: 'method.request.header.Authorization',
      ProviderARNs: [f.stack.resolve(f.userPool.userPoolArn)],
    });
    t.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'GET',
      AuthorizationType: 'NONE',
      AuthorizerId: Match.absent(),
      ApiKeyRequired: true,
    });
    t.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'POST',
      AuthorizationType: 'COGNITO_USER_POOLS',
      AuthorizationScopes: ['shop/orders.write'],
    });
  });

  test('the origin path is the stage; the function timeout of 29 s is accepted', () => {
    const f = fixture();
    const api = new ShopApi(f.stack, 'Api', {
      apiType: ShopApiType.REST,
      routes: [{ route: 'ANY /api/{proxy+}', code: CODE, timeout: Duration.seconds(29) }],
    });
    const bound = api.origin.bind(f.stack, { originId: 'api' });
    expect(bound.originProperty?.originPath).toBe('/prod');
    expect(bound.originProperty?.customOriginConfig).toMatchObject({ originProtocolPolicy: 'https-only' });
    Template.fromStack(f.stack).hasResourceProperties('AWS::ApiGateway::Resource', { PathPart: '{proxy+}' });
  });
});
