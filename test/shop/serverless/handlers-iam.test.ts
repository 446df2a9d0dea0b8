import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { httpApiEvent, RecordedCall } from './handlers-dynamodb';
import { HandlerRig, ROUTES, ShopUnderTest, synthShop } from './handlers-fixture';
import { exactnessProblems, functionStatements, PolicyStatement } from './handlers-iam';

// IAM exactness: the example handlers run against moto through a recording proxy, every code
// path that touches DynamoDB once; the policy each route's function gets in the synthesized
// template must allow every recorded call, allow nothing the handler did not call, and name no
// table the handler did not touch.

let shop: ShopUnderTest;
let rig: HandlerRig;

const CLAIMS = { sub: 'customer-iam' };

/** Every route's DynamoDB-touching paths: list pages, hit and miss, order placed and replayed. */
async function exercise(): Promise<void> {
  const list = (query: Record<string, string>) =>
    rig.invoke('GET /api/products', httpApiEvent('GET /api/products', '/api/products', { query }));
  const first = JSON.parse((await list({ limit: '2' })).body);
  expect(first.cursor).toBeDefined();
  expect((await list({ limit: '2', cursor: first.cursor })).statusCode).toBe(200);
  for (const [id, status] of [
    ['p-1', 200],
    ['p-404', 404],
  ] as const) {
    const event = httpApiEvent('GET /api/products/{id}', `/api/products/${id}`, { pathParameters: { id } });
    expect((await rig.invoke('GET /api/products/{id}', event)).statusCode).toBe(status);
  }
  for (const status of [201, 409]) {
    const event = httpApiEvent('POST /api/orders', '/api/orders', {
      body: JSON.stringify({
        items: [
          { productId: 'p-1', quantity: 1 },
          { productId: 'p-2', quantity: 2 },
        ],
      }),
      headers: { 'idempotency-key': 'iam-order-0001' },
      claims: CLAIMS,
    });
    expect((await rig.invoke('POST /api/orders', event)).statusCode).toBe(status);
  }
}

beforeAll(async () => {
  shop = synthShop();
  rig = await HandlerRig.start(shop);
  const catalog = rig.environment('GET /api/products').TABLE_CATALOG;
  const puts = [1, 2, 3].map((i) => ({
    PutRequest: {
      Item: { pk: 'PRODUCT', sk: `p-${i}`, name: `P${i}`, priceCents: i * 100, currency: 'EUR' },
    },
  }));
  await rig.client.send(new BatchWriteCommand({ RequestItems: { [catalog]: puts } }));
  await exercise();
});

afterAll(async () => {
  await rig?.stop();
});

const physicalNames = () => rig.tableNames;
const statementsOf = (template: any, route: string): PolicyStatement[] =>
  functionStatements(template, shop.functions[route], physicalNames()).statements;
/** The calls of every route served by the same function as `route` (one role for them all). */
const callsOfFunction = (route: string): RecordedCall[] =>
  ROUTES.filter((r) => shop.functions[r] === shop.functions[route]).flatMap((r) => rig.calls[r] ?? []);

describe('the calls each handler made, recorded on the wire', () => {
  const made = (route: string) => new Set(callsOfFunction(route).map((c) => `${c.action} ${c.table}`));

  test('catalog-read: Query on the catalog for the list, GetItem for one product', () => {
    const catalog = rig.environment('GET /api/products').TABLE_CATALOG;
    expect(made('GET /api/products')).toEqual(new Set([`dynamodb:Query ${catalog}`]));
    expect(made('GET /api/products/{id}')).toEqual(new Set([`dynamodb:GetItem ${catalog}`]));
  });

  test('order-write: BatchGetItem on the catalog, PutItem on the orders table', () => {
    const env = rig.environment('POST /api/orders');
    expect(made('POST /api/orders')).toEqual(
      new Set([`dynamodb:BatchGetItem ${env.TABLE_CATALOG}`, `dynamodb:PutItem ${env.TABLE_ORDERS}`]),
    );
  });
});

describe.each(ROUTES)('%s: its function policy is exactly what the handler calls', (route) => {
  test('every call allowed, every allowed DynamoDB action called, no other table', () => {
    const calls = callsOfFunction(route);
    expect(calls.length).toBeGreaterThan(0);
    expect(exactnessProblems(statementsOf(shop.template, route), calls)).toEqual([]);
  });

  test('the role has no managed policy that could grant DynamoDB', () => {
    const { managedPolicies } = functionStatements(shop.template, shop.functions[route], physicalNames());
    for (const arn of managedPolicies) {
      expect(JSON.stringify(arn)).toMatch(/service-role\/AWSLambda(BasicExecution|VPCAccessExecution)Role/);
    }
  });
});

describe('the exactness check fails where the policy is not exact', () => {
  /** A copy of the template with the DynamoDB statements of `route`'s policies changed. */
  function mutated(route: string, change: (statement: any) => void): any {
    const template = JSON.parse(JSON.stringify(shop.template));
    const roleId = template.Resources[shop.functions[route]].Properties.Role['Fn::GetAtt'][0];
    for (const resource of Object.values(template.Resources) as any[]) {
      if (
        resource.Type !== 'AWS::IAM::Policy' ||
        !resource.Properties.Roles.some((r: any) => r.Ref === roleId)
      ) {
        continue;
      }
      for (const s of resource.Properties.PolicyDocument.Statement) {
        if ([s.Action].flat().some((a: string) => a.startsWith('dynamodb:'))) change(s);
      }
    }
    return template;
  }
  const problems = (template: any, route: string) =>
    exactnessProblems(statementsOf(template, route), callsOfFunction(route));
  const route = 'GET /api/products';

  test('an action the handler never calls (Scan)', () => {
    const template = mutated(route, (s) => (s.Action = [s.Action].flat().concat('dynamodb:Scan')));
    expect(problems(template, route)).toEqual([
      expect.stringMatching(/dynamodb:Scan is allowed on .* but never called/),
    ]);
  });

  test('a call the policy does not allow (Query removed)', () => {
    const template = mutated(
      route,
      (s) => (s.Action = [s.Action].flat().filter((a: string) => a !== 'dynamodb:Query')),
    );
    expect(problems(template, route)).toEqual([expect.stringMatching(/dynamodb:Query on .* is not allowed/)]);
  });

  test('a table the handler does not touch (the orders table added)', () => {
    const ordersId = shop.tables.find(
      (id) => rig.tableNames[id] === rig.environment('POST /api/orders').TABLE_ORDERS,
    )!;
    const template = mutated(
      route,
      (s) => (s.Resource = [s.Resource].flat().concat({ 'Fn::GetAtt': [ordersId, 'Arn'] })),
    );
    expect(problems(template, route)).toEqual([
      expect.stringMatching(/on arn:aws:dynamodb:.*:table\/.*, a table the handler never called/),
    ]);
  });

  test('a wildcard action, and a wildcard resource', () => {
    expect(
      problems(
        mutated(route, (s) => (s.Action = 'dynamodb:*')),
        route,
      ),
    ).toEqual(expect.arrayContaining([expect.stringMatching(/wildcard action dynamodb:\*/)]));
    expect(
      problems(
        mutated(route, (s) => (s.Resource = '*')),
        route,
      ),
    ).toEqual([expect.stringMatching(/on \*, a table the handler never called/)]);
  });
});
