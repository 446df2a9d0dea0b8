import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnResource, Duration, Stack } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { CODE, fixture } from './api-fixtures';
import { ShopApi, ShopApiType, TableAccess } from '../../../src';
import { guardFindings } from '../../helpers/guard';
import { acknowledgements, expectNagClean } from '../../helpers/nag';

function api(app: App, name: string, rest: boolean): ShopApi {
  const f = fixture(app, name);
  const legacy = dynamodb.Table.fromTableName(f.stack, 'Legacy', 'legacy-catalog');
  return new ShopApi(f.stack, 'Api', {
    apiType: rest ? ShopApiType.REST : ShopApiType.HTTP,
    tables: { catalog: f.catalog, orders: f.orders, legacy },
    userPool: f.userPool,
    userPoolClients: [f.client],
    routes: [
      { route: 'GET /api/products', code: CODE, tables: [{ table: 'catalog', access: TableAccess.READ }] },
      { route: 'GET /api/legacy/{id}', code: CODE, tables: [{ table: 'legacy', access: TableAccess.READ }] },
      {
        route: 'POST /api/orders',
        code: CODE,
        protected: true,
        reservedConcurrency: 10,
        timeout: Duration.seconds(20),
        tables: [{ table: 'orders', access: TableAccess.READ_WRITE }],
      },
    ],
  });
}

function logicalIds(scope: ShopApi): Set<string> {
  const stack = Stack.of(scope);
  return new Set(
    scope.node
      .findAll()
      .filter(CfnResource.isCfnResource)
      .map((r) => stack.resolve(r.logicalId)),
  );
}

describe('ShopApi passes cdk-nag and cfn-guard', () => {
  test.each([
    ['HTTP', false],
    ['REST', true],
  ])('%s: AwsSolutions and NIST 800-53 R5, every acknowledgement reasoned', (_kind, rest) => {
    const shop = api(new App(), 'Stack', rest);
    expectNagClean(shop);
    const rules = acknowledgements(shop).map((a) => a.rule);
    // public routes are acknowledged one by one, the protected one is not
    const apig4 = [
      ...new Set(
        acknowledgements(shop)
          .filter((a) => a.rule === 'AwsSolutions-APIG4')
          .map((a) => a.path),
      ),
    ];
    expect(apig4).toHaveLength(2);
    expect(apig4.join()).not.toMatch(/orders/i);
    // the wildcard on the indexes of the table defined elsewhere, and only there
    expect([...new Set(rules.filter((r) => r.includes('/index/*')))]).toEqual([
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:dynamodb:eu-west-1:111111111111:table/legacy-catalog/index/*]',
    ]);
    // the reserved function is not acknowledged for concurrency
    const concurrency = [
      ...new Set(
        acknowledgements(shop)
          .filter((a) => a.rule === 'NIST.800.53.R5-LambdaConcurrency')
          .map((a) => a.path),
      ),
    ];
    expect(concurrency.join()).not.toContain('PostApiOrders');
    expect(concurrency).toHaveLength(2);
  });

  test('cfn-guard with the Control Tower proactive rules: nothing on the API, its functions, roles or logs', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-shop-api-'));
    try {
      const app = new App({ outdir });
      const shops = [api(app, 'Http', false), api(app, 'Rest', true)];
      for (const shop of shops) {
        const ours = logicalIds(shop);
        expect(ours.size).toBeGreaterThanOrEqual(15);
        const findings = guardFindings(app, Stack.of(shop).stackName)
          .map((f) => ({ rule: f.rule, resources: f.resources.filter((id) => ours.has(id)) }))
          .filter((f) => f.resources.length > 0);
        expect(findings).toEqual([]);
      }
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  test('the guard run is live: the public route is flagged without its acknowledgement', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-shop-api-'));
    try {
      const app = new App({ outdir });
      const shop = api(app, 'Live', false);
      const stack = Stack.of(shop);
      // a route of our API, left public, that no acknowledgement covers
      const bare = new apigwv2.CfnRoute(stack, 'Bare', {
        apiId: shop.httpApi!.apiId,
        routeKey: 'GET /bare',
        authorizationType: 'NONE',
      });
      const bareId = stack.resolve(bare.logicalId);
      const flagged = guardFindings(app, 'Live')
        .filter((f) => f.resources.includes(bareId))
        .map((f) => f.rule);
      expect(flagged).toContain('api_gw_v2_authorization_type_configured_check');
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
