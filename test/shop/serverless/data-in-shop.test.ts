import { CfnResource } from 'aws-cdk-lib';
import { INLINE, synthShop } from './serverless-shop-fixtures';

/*
 * The data tier as ServerlessShop wires it: each route's function reaches exactly the store it
 * asks for, on its port only, with exactly its grants and no password in its environment.
 */

const ROUTES = [
  { route: 'POST /api/orders', code: INLINE, protected: true, database: true },
  { route: 'GET /api/session', code: INLINE, sessions: true },
  { route: 'GET /api/products', code: INLINE },
];

describe('ServerlessShop: what each route function may reach in the data tier', () => {
  const { shop, stack, template } = synthShop({ routes: ROUTES, database: {}, sessions: true });
  const json = template.toJSON();
  const id = (c: { node: any }) => stack.getLogicalId((c.node.defaultChild ?? c) as CfnResource);
  const fnOf = (route: string) => shop.api.functionFor(route) as any;
  const fnGroup = (route: string) => {
    const groups = fnOf(route).isBoundToVpc ? fnOf(route).connections.securityGroups : [];
    return groups.map((g: any) => id(g));
  };
  const ingressFrom = (route: string) =>
    Object.values(json.Resources)
      .filter((r: any) => r.Type === 'AWS::EC2::SecurityGroupIngress')
      .map((r: any) => r.Properties)
      .filter((p: any) =>
        fnGroup(route).some((g: string) => JSON.stringify(p.SourceSecurityGroupId).includes(g)),
      )
      .map((p: any) => ({ to: p.GroupId['Fn::GetAtt'][0], ports: [p.FromPort, p.ToPort] }));
  const statementsOf = (route: string) => {
    const role = id(fnOf(route).role);
    return Object.values(json.Resources)
      .filter((r: any) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes(role))
      .flatMap((r: any) => r.Properties.PolicyDocument.Statement);
  };
  const actions = (route: string) => statementsOf(route).flatMap((s: any) => [s.Action].flat());

  test('the orders function: 5432 to the database group only; the session function: 6379 to the cache only', () => {
    const databaseGroup = id(shop.database!.connections.securityGroups[0]);
    const cacheGroup = id(shop.cache!.securityGroup);
    expect(ingressFrom('POST /api/orders')).toEqual([{ to: databaseGroup, ports: [5432, 5432] }]);
    expect(ingressFrom('GET /api/session')).toEqual([{ to: cacheGroup, ports: [6379, 6379] }]);
    expect(fnOf('GET /api/products').isBoundToVpc).toBe(false);
  });

  test('rds-db:connect on exactly shop_api of the proxy for the orders function, nothing of it elsewhere', () => {
    const connect = statementsOf('POST /api/orders').filter((s: any) => s.Action === 'rds-db:connect');
    expect(connect).toHaveLength(1);
    const resource = JSON.stringify(connect[0].Resource);
    expect(resource).toContain(id(shop.database!.proxy!));
    expect(resource).toMatch(/:dbuser:.*\/shop_api"/);
    expect(actions('GET /api/session')).not.toContain('rds-db:connect');
    expect(actions('GET /api/products')).not.toContain('rds-db:connect');
    // no function may read the master password
    for (const route of ROUTES.map((r) => r.route)) {
      expect(JSON.stringify(statementsOf(route))).not.toContain(id(shop.database!.secret as any));
    }
  });

  test("the proxy's role logs in as shop_api on the instance, and as nobody else", () => {
    const role = id(shop.database!.proxyRole!);
    const statements = Object.values(json.Resources)
      .filter((r: any) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes(role))
      .flatMap((r: any) => r.Properties.PolicyDocument.Statement);
    expect(statements.map((s: any) => JSON.stringify(s.Resource).match(/\/(\w+)"\]/)?.[1])).toEqual([
      'shop_api',
    ]);
  });

  test('only the session function reads the cache token, and no environment holds a password', () => {
    const reads = (route: string) =>
      statementsOf(route).filter((s: any) => [s.Action].flat().includes('secretsmanager:GetSecretValue'));
    expect(reads('GET /api/session').map((s: any) => s.Resource)).toEqual([
      { Ref: id(shop.cache!.authToken) },
    ]);
    expect(reads('POST /api/orders')).toEqual([]);
    for (const route of ROUTES.map((r) => r.route)) {
      const env = json.Resources[id(fnOf(route))].Properties.Environment?.Variables ?? {};
      expect(JSON.stringify(env)).not.toMatch(/password|resolve:secretsmanager/i);
    }
    const orders = json.Resources[id(fnOf('POST /api/orders'))].Properties.Environment.Variables;
    expect(orders).toMatchObject({
      DATABASE_USER: 'shop_api',
      PGSSLMODE: 'verify-full',
      DATABASE_PORT: '5432',
    });
  });
});
