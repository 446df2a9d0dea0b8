import { CfnResource } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { CODE } from './api-fixtures';
import { dataStack } from './data-access-fixture';
import { ShopApi, ShopApiProps } from '../../../src';
import { VPC_ACCESS_ACTIONS } from '../../../src/shop/serverless/api-function';
import { guardFindings } from '../../helpers/guard';
import { acknowledgements, expectNagClean } from '../../helpers/nag';

/*
 * Routes with `database` / `sessions`: the function runs in the VPC's isolated subnets and is
 * connected by orders13's connectFunctionToDatabase / connectFunctionToCache.
 */

function dataApi(extra: Partial<ShopApiProps> = {}) {
  const data = dataStack();
  const api = new ShopApi(data.stack, 'Api', {
    vpc: data.network.vpc,
    database: data.database,
    cache: data.cache,
    routes: [
      { route: 'POST /api/orders', code: CODE, database: true },
      { route: 'GET /api/cart', code: CODE, sessions: true },
      { route: 'GET /api/products', code: CODE },
    ],
    ...extra,
  });
  return { ...data, api };
}

const fnOf = (api: ShopApi, route: string) => api.functionFor(route) as lambda.Function;

describe('ShopApi database and sessions routes', () => {
  test('run in the isolated subnets with their own security group; other routes stay outside the VPC', () => {
    const { stack, api, network } = dataApi();
    const t = Template.fromStack(stack);
    const isolated = network.vpc.isolatedSubnets.map((s) => stack.resolve(s.subnetId));
    for (const route of ['POST /api/orders', 'GET /api/cart']) {
      const fn = fnOf(api, route);
      const props =
        t.toJSON().Resources[
          stack.resolve(fn.node.defaultChild && (fn.node.defaultChild as CfnResource).logicalId)
        ].Properties;
      expect(props.VpcConfig.SubnetIds).toEqual(isolated);
      expect(props.VpcConfig.SecurityGroupIds).toHaveLength(1);
    }
    expect(fnOf(api, 'GET /api/products').isBoundToVpc).toBe(false);
  });

  test('the order function reaches the proxy on 5432 as shop_api with an IAM token; never a password', () => {
    const { stack, api, database } = dataApi();
    const fn = fnOf(api, 'POST /api/orders');
    const t = Template.fromStack(stack);
    const fnGroup = stack.resolve(fn.connections.securityGroups[0].securityGroupId);
    t.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      FromPort: 5432,
      ToPort: 5432,
      SourceSecurityGroupId: fnGroup,
    });
    const fnProps =
      t.toJSON().Resources[stack.resolve((fn.node.defaultChild as CfnResource).logicalId)].Properties;
    expect(fnProps.Environment.Variables).toMatchObject({
      DATABASE_HOST: stack.resolve(database.endpoint),
      DATABASE_PORT: '5432',
      DATABASE_USER: 'shop_api',
      PGSSLMODE: 'verify-full',
    });
    expect(JSON.stringify(fnProps.Environment)).not.toMatch(/PASSWORD|secretsmanager/i);
    const roleId = stack.resolve((fn.role!.node.defaultChild as iam.CfnRole).logicalId);
    const policy = JSON.stringify(
      Object.values(t.findResources('AWS::IAM::Policy')).filter((p: any) =>
        p.Properties.Roles.some((r: any) => r.Ref === roleId),
      ),
    );
    expect(policy).toContain('rds-db:connect');
    expect(policy).toContain('/shop_api');
    for (const action of VPC_ACCESS_ACTIONS) expect(policy).toContain(action);
  });

  test('the cart function reaches the cache on 6379 and reads only the AUTH token secret; no database access', () => {
    const { stack, api, cache } = dataApi();
    const fn = fnOf(api, 'GET /api/cart');
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      FromPort: 6379,
      ToPort: 6379,
      SourceSecurityGroupId: stack.resolve(fn.connections.securityGroups[0].securityGroupId),
    });
    const env =
      t.toJSON().Resources[stack.resolve((fn.node.defaultChild as CfnResource).logicalId)].Properties
        .Environment.Variables;
    expect(env.REDIS_AUTH_TOKEN_SECRET_ARN).toEqual(stack.resolve(cache.authToken.secretArn));
    expect(env.DATABASE_HOST).toBeUndefined();
    const roleId = stack.resolve((fn.role!.node.defaultChild as iam.CfnRole).logicalId);
    const policy = JSON.stringify(
      Object.values(t.findResources('AWS::IAM::Policy')).filter((p: any) =>
        p.Properties.Roles.some((r: any) => r.Ref === roleId),
      ),
    );
    expect(policy).not.toContain('rds-db:connect');
    expect(policy).toContain('secretsmanager:GetSecretValue');
  });

  test('a databaseUser of its own; the master user is refused by the connection', () => {
    const { stack, api } = dataApi({ databaseUser: 'shop_orders' });
    const fn = fnOf(api, 'POST /api/orders');
    const env =
      Template.fromStack(stack).toJSON().Resources[
        stack.resolve((fn.node.defaultChild as CfnResource).logicalId)
      ].Properties.Environment.Variables;
    expect(env.DATABASE_USER).toBe('shop_orders');
    expect(() => dataApi({ databaseUser: 'shop_admin' })).toThrow(
      /would log in as the master user shop_admin/,
    );
  });

  test('a route may not set the variables its connection sets', () => {
    expect(() =>
      dataApi({
        routes: [
          { route: 'POST /api/orders', code: CODE, database: true, environment: { DATABASE_HOST: 'x' } },
        ],
      }),
    ).toThrow(
      /Stack\/Api: invalid 'routes\[0\]\.environment': DATABASE_HOST is set by the database connection/,
    );
    expect(() =>
      dataApi({
        routes: [{ route: 'GET /api/cart', code: CODE, sessions: true, environment: { REDIS_HOST: 'x' } }],
      }),
    ).toThrow(/REDIS_HOST is set by the cache connection/);
  });

  test('cdk-nag clean with reasons; only the function outside the VPC is acknowledged for LambdaInsideVPC', () => {
    const { api } = dataApi();
    expectNagClean(api);
    const insideVpc = [
      ...new Set(
        acknowledgements(api)
          .filter((a) => a.rule === 'NIST.800.53.R5-LambdaInsideVPC')
          .map((a) => a.path),
      ),
    ];
    expect(insideVpc).toEqual(['Stack/Api/GetApiProducts/Function']);
  });

  test('cfn-guard: nothing on the API and its VPC functions', () => {
    const { app, stack, api } = dataApi();
    const ours = new Set(
      api.node
        .findAll()
        .filter(CfnResource.isCfnResource)
        .map((r) => stack.resolve(r.logicalId)),
    );
    expect(ours.size).toBeGreaterThanOrEqual(20);
    const findings = guardFindings(app, 'Stack')
      .map((f) => ({ rule: f.rule, resources: f.resources.filter((id) => ours.has(id)) }))
      .filter((f) => f.resources.length > 0);
    expect(findings).toEqual([]);
  });
});
