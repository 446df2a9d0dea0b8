import { Match, Template } from 'aws-cdk-lib/assertions';
import { dataStack, PROXY_IAM, vpcFunction } from './data-access-fixture';
import { ShopDatabaseProps } from '../../../src';
import {
  CACHE_ENVIRONMENT,
  connectFunctionToCache,
  connectFunctionToDatabase,
  DATABASE_ENVIRONMENT,
} from '../../../src/shop/serverless/data-access';
import { acknowledgements, expectNagClean } from '../../helpers/nag';

function logicalId(stack: ReturnType<typeof dataStack>['stack'], construct: { node: any }): string {
  return stack.getLogicalId(construct.node.defaultChild);
}

function connected() {
  const built = dataStack();
  connectFunctionToDatabase(built.fn, built.database, 'shop_orders');
  connectFunctionToCache(built.fn, built.cache);
  return { ...built, template: Template.fromStack(built.stack) };
}

describe('connectFunctionToDatabase and connectFunctionToCache', () => {
  const { stack, fn, database, cache, template } = connected();
  const fnGroup = logicalId(stack, fn.connections.securityGroups[0]);
  const databaseGroup = logicalId(stack, database.connections.securityGroups[0]);
  const cacheGroup = logicalId(stack, cache.securityGroup);

  test("the function's security group may reach the proxy on 5432 and the cache on 6379, nothing else", () => {
    const fromFunction = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress'))
      .map((r: any) => r.Properties)
      .filter((p) => JSON.stringify(p.SourceSecurityGroupId).includes(fnGroup))
      .map((p) => ({
        to: p.GroupId['Fn::GetAtt'][0],
        protocol: p.IpProtocol,
        from: p.FromPort,
        until: p.ToPort,
      }));
    expect(fromFunction.sort((a, b) => a.from - b.from)).toEqual([
      { to: databaseGroup, protocol: 'tcp', from: 5432, until: 5432 },
      { to: cacheGroup, protocol: 'tcp', from: 6379, until: 6379 },
    ]);
  });

  test('rds-db:connect on exactly the proxy user shop_orders, and read on the cache token only', () => {
    const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((p: any) =>
      JSON.stringify(p.Properties.Roles).includes(logicalId(stack, fn.role!)),
    ) as any[];
    const statements = policies.flatMap((p) => p.Properties.PolicyDocument.Statement);
    const connect = statements.filter((s) => [s.Action].flat().includes('rds-db:connect'));
    expect(connect).toHaveLength(1);
    const resource = JSON.stringify(connect[0].Resource);
    expect(resource).toContain(':dbuser:');
    expect(resource).toContain('/shop_orders');
    expect(resource).toContain(logicalId(stack, database.proxy!));
    expect(resource).not.toContain('*');
    const secretReads = statements.filter((s) => [s.Action].flat().includes('secretsmanager:GetSecretValue'));
    expect(secretReads.map((s) => s.Resource)).toEqual([{ Ref: logicalId(stack, cache.authToken) }]);
    expect(
      statements.some((s) => JSON.stringify(s.Resource).includes(logicalId(stack, database.secret))),
    ).toBe(false);
  });

  test('the proxy logs in end to end with IAM as that same user on the instance, TLS required, no secret', () => {
    template.hasResourceProperties('AWS::RDS::DBProxy', {
      DefaultAuthScheme: 'IAM_AUTH',
      RequireTLS: true,
      Auth: Match.absent(),
    });
    const proxyRole = logicalId(stack, database.proxyRole!);
    template.hasResourceProperties('AWS::RDS::DBProxy', { RoleArn: { 'Fn::GetAtt': [proxyRole, 'Arn'] } });
    const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((p: any) =>
      JSON.stringify(p.Properties.Roles).includes(proxyRole),
    ) as any[];
    const statements = policies.flatMap((p) => p.Properties.PolicyDocument.Statement);
    expect(statements).toHaveLength(1);
    expect(statements[0].Action).toBe('rds-db:connect');
    const resource = JSON.stringify(statements[0].Resource);
    expect(resource).toContain('DbiResourceId');
    expect(resource).toContain('/shop_orders');
  });

  test('the environment: endpoints, ports, user, TLS verified; no password or secret value', () => {
    const variables =
      template.findResources('AWS::Lambda::Function')[logicalId(stack, fn)].Properties.Environment.Variables;
    expect(variables).toMatchObject({
      [DATABASE_ENVIRONMENT.host]: { 'Fn::GetAtt': [logicalId(stack, database.proxy!), 'Endpoint'] },
      [DATABASE_ENVIRONMENT.port]: '5432',
      [DATABASE_ENVIRONMENT.name]: 'shop',
      [DATABASE_ENVIRONMENT.user]: 'shop_orders',
      PGSSLMODE: 'verify-full',
      PGSSLROOTCERT: 'system',
      [CACHE_ENVIRONMENT.host]: {
        'Fn::GetAtt': [stack.resolve(cache.replicationGroup.logicalId), 'PrimaryEndPoint.Address'],
      },
      [CACHE_ENVIRONMENT.port]: '6379',
      [CACHE_ENVIRONMENT.tls]: 'true',
      [CACHE_ENVIRONMENT.clusterMode]: 'false',
      [CACHE_ENVIRONMENT.authTokenSecretArn]: { Ref: logicalId(stack, cache.authToken) },
    });
    expect(Object.keys(variables).sort()).toHaveLength(11);
    const text = JSON.stringify(variables);
    expect(text).not.toMatch(/resolve:secretsmanager|password/i);
    expect(text).not.toContain(logicalId(stack, database.secret));
  });

  test('two functions get one ingress rule each, one grant each, and the proxy one statement per user', () => {
    const built = dataStack();
    const other = vpcFunction(built.stack, 'Catalog', built.network.vpc);
    connectFunctionToDatabase(built.fn, built.database, 'shop_orders');
    connectFunctionToDatabase(other, built.database, 'shop_catalog');
    const t = Template.fromStack(built.stack);
    const ingress = Object.values(t.findResources('AWS::EC2::SecurityGroupIngress')).filter(
      (r: any) => r.Properties.FromPort === 5432 && r.Properties.SourceSecurityGroupId,
    );
    // the proxy's own rule to the instance, and one per function
    expect(ingress).toHaveLength(3);
    const proxyRole = logicalId(built.stack, built.database.proxyRole!);
    const proxyStatements = Object.values(t.findResources('AWS::IAM::Policy'))
      .filter((p: any) => JSON.stringify(p.Properties.Roles).includes(proxyRole))
      .flatMap((p: any) => p.Properties.PolicyDocument.Statement);
    const users = proxyStatements.map((s: any) => JSON.stringify(s.Resource).match(/\/(shop_\w+)/)![1]);
    expect(users.sort()).toEqual(['shop_catalog', 'shop_orders']);
  });
});

describe('the connected database passes cdk-nag', () => {
  test('AwsSolutions and NIST 800-53 R5 on the database with its end-to-end proxy and its grants', () => {
    const { database } = connected();
    expectNagClean(database);
  });

  test("the proxy role's inline policy is the one acknowledged, with its reason", () => {
    const { database } = connected();
    const proxyRole = database.proxyRole!;
    expect(
      acknowledgements(proxyRole)
        .filter((a) => a.rule === 'NIST.800.53.R5-IAMNoInlinePolicy')
        .map((a) => a.reason),
    ).toContainEqual(expect.stringContaining('one inline statement per user'));
  });
});

describe('connectFunctionToDatabase and connectFunctionToCache refuse', () => {
  test.each<[string, Partial<ShopDatabaseProps>, string, RegExp]>([
    [
      'a database without a proxy',
      { iamAuthentication: true },
      'shop_orders',
      /^Stack\/Database: invalid 'proxy': Stack\/Orders would open a connection per concurrent invocation .* Give the database proxy: true/,
    ],
    [
      'a database without IAM authentication',
      { proxy: true, instanceType: PROXY_IAM.instanceType },
      'shop_orders',
      /^Stack\/Database: invalid 'iamAuthentication': Stack\/Orders connects with an IAM token and no password/,
    ],
    [
      "a proxy that logs in with the master user's secret",
      { proxy: true, iamAuthentication: true, instanceType: PROXY_IAM.instanceType },
      'shop_orders',
      /^Stack\/Database: invalid 'endToEndIamAuthentication': the proxy logs in with the master user's secret only, so Stack\/Orders could not connect as 'shop_orders'/,
    ],
    [
      'the master user',
      PROXY_IAM,
      'shop_admin',
      /^Stack\/Orders: invalid 'user': Stack\/Orders would log in as the master user shop_admin, who owns every table\. Give the function a user of its own/,
    ],
    ['an empty user', PROXY_IAM, '', /^Stack\/Orders: invalid 'user': '' is not a PostgreSQL user name/],
    [
      'a user with a hyphen',
      PROXY_IAM,
      'shop-orders',
      /^Stack\/Orders: invalid 'user': 'shop-orders' is not/,
    ],
    [
      'a user starting with a digit',
      PROXY_IAM,
      '1orders',
      /^Stack\/Orders: invalid 'user': '1orders' is not/,
    ],
    ['a wildcard user', PROXY_IAM, '*', /^Stack\/Orders: invalid 'user': '\*' is not a PostgreSQL user name/],
    ['a user of 64 characters', PROXY_IAM, 'u'.repeat(64), /^Stack\/Orders: invalid 'user': 'u{64}' is not/],
  ])('%s', (_name, databaseProps, user, message) => {
    const { fn, database } = dataStack(databaseProps);
    expect(() => connectFunctionToDatabase(fn, database, user)).toThrow(message);
  });

  test('a function outside the VPC, for the database', () => {
    const { fn, database } = dataStack(PROXY_IAM, false);
    expect(() => connectFunctionToDatabase(fn, database, 'shop_orders')).toThrow(
      /^Stack\/Orders: invalid 'database': the function is not in a VPC, so it cannot reach the data store in it\. Create the function with the data store's VPC/,
    );
  });

  test('a function outside the VPC, for the cache', () => {
    const { fn, cache } = dataStack(PROXY_IAM, false);
    expect(() => connectFunctionToCache(fn, cache)).toThrow(
      /^Stack\/Orders: invalid 'sessions': the function is not in a VPC/,
    );
  });

  test.each<[string, Partial<ShopDatabaseProps>, RegExp]>([
    [
      'end to end without a proxy',
      { iamAuthentication: true, endToEndIamAuthentication: true },
      /^Stack\/Database: invalid 'endToEndIamAuthentication': .* the database has no proxy\. Set proxy: true and iamAuthentication: true/,
    ],
    [
      'end to end without IAM authentication',
      { proxy: true, endToEndIamAuthentication: true, instanceType: PROXY_IAM.instanceType },
      /^Stack\/Database: invalid 'endToEndIamAuthentication': .* the database has no IAM authentication/,
    ],
  ])('ShopDatabase: %s', (_name, databaseProps, message) => {
    expect(() => dataStack(databaseProps)).toThrow(message);
  });
});
