import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { httpApiEvent } from './handlers-dynamodb';
import { HandlerRig, synthShop, ShopUnderTest } from './handlers-fixture';

// The example handlers (examples/serverless/handlers) run under Node against moto's DynamoDB,
// with the tables made from the synthesized template's AWS::DynamoDB::Table properties.

const PRODUCTS = Array.from({ length: 25 }, (_, i) => ({
  pk: 'PRODUCT',
  sk: `p-${String(i + 1).padStart(2, '0')}`,
  name: `Product ${i + 1}`,
  priceCents: 100 * (i + 1) + 99,
  currency: 'EUR',
}));
const CUSTOMER = '3f1c2b9e-0d4a-4c4e-9a57-6c1c0f7f2a10';

let shop: ShopUnderTest;
let rig: HandlerRig;
let catalogTable: string;
let ordersTable: string;

/** The table the function's variable names, as moto knows it. */
const tableOf = (route: string, variable: string) => rig.environment(route)[variable];

beforeAll(async () => {
  shop = synthShop();
  rig = await HandlerRig.start(shop);
  catalogTable = tableOf('GET /api/products', 'TABLE_CATALOG');
  ordersTable = tableOf('POST /api/orders', 'TABLE_ORDERS');
  PRODUCTS.push({ pk: 'PRODUCT', sk: 'usd-1', name: 'Dollar product', priceCents: 500, currency: 'USD' });
  for (let i = 0; i < PRODUCTS.length; i += 25) {
    const puts = PRODUCTS.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    await rig.client.send(new BatchWriteCommand({ RequestItems: { [catalogTable]: puts } }));
  }
  PRODUCTS.sort((a, b) => (a.sk < b.sk ? -1 : 1));
});

afterAll(async () => {
  await rig?.stop();
});

const json = (response: any) => JSON.parse(response.body);
const listPage = (query: Record<string, string> = {}) =>
  rig.invoke('GET /api/products', httpApiEvent('GET /api/products', '/api/products', { query }));
const getProduct = (id: string) =>
  rig.invoke(
    'GET /api/products/{id}',
    httpApiEvent('GET /api/products/{id}', `/api/products/${id}`, { pathParameters: { id } }),
  );
const order = (
  body: unknown,
  options: { key?: string; claims?: Record<string, string> | null; raw?: boolean } = {},
) =>
  rig.invoke(
    'POST /api/orders',
    httpApiEvent('POST /api/orders', '/api/orders', {
      body: options.raw ? (body as string) : JSON.stringify(body),
      headers: options.key ? { 'idempotency-key': options.key } : {},
      claims:
        options.claims === null ? undefined : (options.claims ?? { sub: CUSTOMER, token_use: 'access' }),
    }),
  );
const customerOrders = async (sub = CUSTOMER) =>
  (
    await rig.client.send(
      new QueryCommand({
        TableName: ordersTable,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `CUSTOMER#${sub}` },
      }),
    )
  ).Items ?? [];

describe('the tables in moto are the synthesized ones', () => {
  test('each AWS::DynamoDB::Table of the template exists with its key schema and attributes', async () => {
    for (const id of shop.tables) {
      const properties = shop.template.Resources[id].Properties;
      const { Table } = await rig.client.send(new DescribeTableCommand({ TableName: rig.tableNames[id] }));
      expect(Table?.KeySchema).toEqual(properties.KeySchema);
      expect(Table?.AttributeDefinitions).toEqual(expect.arrayContaining(properties.AttributeDefinitions));
      expect(Table?.BillingModeSummary?.BillingMode ?? 'PROVISIONED').toBe(
        properties.BillingMode ?? 'PROVISIONED',
      );
    }
  });
});

describe('catalog-read', () => {
  test('GET /api/products pages through every product once, in id order', async () => {
    const first = await listPage();
    expect(first.statusCode).toBe(200);
    expect(json(first).products).toHaveLength(20);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listPage(cursor ? { limit: '10', cursor } : { limit: '10' });
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toBe('application/json');
      seen.push(...json(page).products.map((p: any) => p.id));
      cursor = json(page).cursor;
    } while (cursor);
    expect(seen).toEqual(PRODUCTS.map((p) => p.sk));
  });

  test('a product as the API shows it: id from the sort key, no key attributes', async () => {
    const product = json(await listPage({ limit: '1' })).products[0];
    expect(product).toEqual({
      id: PRODUCTS[0].sk,
      name: PRODUCTS[0].name,
      priceCents: PRODUCTS[0].priceCents,
      currency: 'EUR',
    });
  });

  test.each([['0'], ['101'], ['2.5'], ['ten']])('limit %s is refused with 400', async (limit) => {
    const response = await listPage({ limit });
    expect(response.statusCode).toBe(400);
    expect(json(response).error).toMatch(/limit/);
  });

  test('a cursor that is not one the API gave is refused with 400', async () => {
    for (const cursor of [
      '%%%',
      Buffer.from('{"pk":"ORDER"}').toString('base64url'),
      Buffer.from('"../x"').toString('base64url'),
    ]) {
      expect((await listPage({ cursor })).statusCode).toBe(400);
    }
  });

  test('GET /api/products/{id}: the item, 404 for an unknown id, 400 for an id that cannot be one', async () => {
    const hit = await getProduct('p-07');
    expect(hit.statusCode).toBe(200);
    expect(json(hit)).toEqual({ id: 'p-07', name: 'Product 7', priceCents: 799, currency: 'EUR' });
    expect(hit.headers['cache-control']).toMatch(/max-age=\d+/);
    expect((await getProduct('p-99')).statusCode).toBe(404);
    expect((await getProduct('p 1;drop')).statusCode).toBe(400);
  });
});

describe('order-write', () => {
  test('POST /api/orders puts the order under the JWT sub, priced from the catalog, 201 with Location', async () => {
    const lines = [
      { productId: 'p-03', quantity: 2 },
      { productId: 'p-10', quantity: 1 },
    ];
    const response = await order(
      { items: lines.map((l) => ({ ...l, priceCents: 1 })) },
      { key: 'order-key-0001' },
    );
    expect(response.statusCode).toBe(201);
    expect(response.headers.location).toBe('/api/orders/order-key-0001');
    const price = (id: string) => PRODUCTS.find((p) => p.sk === id)!.priceCents;
    const total = lines.reduce((sum, l) => sum + price(l.productId) * l.quantity, 0);
    expect(json(response)).toMatchObject({ orderId: 'order-key-0001', totalCents: total, currency: 'EUR' });
    const stored = (
      await rig.client.send(
        new GetCommand({
          TableName: ordersTable,
          Key: { pk: `CUSTOMER#${CUSTOMER}`, sk: 'ORDER#order-key-0001' },
        }),
      )
    ).Item;
    expect(stored).toMatchObject({ status: 'PLACED', totalCents: total, currency: 'EUR' });
    expect(stored!.items.map((i: any) => i.unitPriceCents)).toEqual(lines.map((l) => price(l.productId)));
    expect(Date.parse(stored!.createdAt)).not.toBeNaN();
  });

  test('the same Idempotency-Key again is 409 and the order stays as it was (PutItem condition)', async () => {
    await order({ items: [{ productId: 'p-01', quantity: 1 }] }, { key: 'order-key-0002' });
    const again = await order({ items: [{ productId: 'p-02', quantity: 5 }] }, { key: 'order-key-0002' });
    expect(again.statusCode).toBe(409);
    const stored = (await customerOrders()).filter((o) => o.orderId === 'order-key-0002');
    expect(stored).toHaveLength(1);
    expect(stored[0].items).toEqual([expect.objectContaining({ productId: 'p-01', quantity: 1 })]);
  });

  test('without an Idempotency-Key each order gets a new id, base64 bodies are read', async () => {
    const before = (await customerOrders('customer-b')).length;
    const event = (body: string) =>
      rig.invoke(
        'POST /api/orders',
        httpApiEvent('POST /api/orders', '/api/orders', {
          body,
          base64: true,
          claims: { sub: 'customer-b' },
        }),
      );
    const body = JSON.stringify({ items: [{ productId: 'p-05', quantity: 3 }] });
    const [a, b] = [await event(body), await event(body)];
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    expect(json(a).orderId).not.toBe(json(b).orderId);
    expect(await customerOrders('customer-b')).toHaveLength(before + 2);
  });

  const bad: [string, unknown, number, RegExp][] = [
    ['a body that is not JSON', '{"items": [', 400, /JSON/],
    ['no items', { items: [] }, 400, /items/],
    ['items not a list', { items: 'p-01' }, 400, /items/],
    [
      '26 lines',
      { items: Array.from({ length: 26 }, (_, i) => ({ productId: `p-${i}`, quantity: 1 })) },
      400,
      /items/,
    ],
    ['quantity 0', { items: [{ productId: 'p-01', quantity: 0 }] }, 400, /quantity/],
    ['quantity 1.5', { items: [{ productId: 'p-01', quantity: 1.5 }] }, 400, /quantity/],
    ['quantity 100', { items: [{ productId: 'p-01', quantity: 100 }] }, 400, /quantity/],
    ['a product id with a space', { items: [{ productId: 'p 01', quantity: 1 }] }, 400, /productId/],
    [
      'a product twice',
      {
        items: [
          { productId: 'p-01', quantity: 1 },
          { productId: 'p-01', quantity: 2 },
        ],
      },
      400,
      /twice/,
    ],
    [
      'an unknown product',
      {
        items: [
          { productId: 'p-01', quantity: 1 },
          { productId: 'nope', quantity: 1 },
        ],
      },
      422,
      /nope/,
    ],
    [
      'two currencies',
      {
        items: [
          { productId: 'p-01', quantity: 1 },
          { productId: 'usd-1', quantity: 1 },
        ],
      },
      422,
      /currenc/,
    ],
  ];
  test.each(bad)('%s: refused, nothing written', async (_, body, status, message) => {
    const before = (await customerOrders()).length;
    const response = await order(body, { raw: typeof body === 'string' });
    expect(response.statusCode).toBe(status);
    expect(json(response).error).toMatch(message);
    expect(await customerOrders()).toHaveLength(before);
  });

  test('no JWT claims (an unprotected route) is 401; a malformed Idempotency-Key is 400', async () => {
    const body = { items: [{ productId: 'p-01', quantity: 1 }] };
    expect((await order(body, { claims: null })).statusCode).toBe(401);
    expect((await order(body, { claims: { sub: '' } })).statusCode).toBe(401);
    expect((await order(body, { key: 'short' })).statusCode).toBe(400);
  });

  test('the template protects POST /api/orders with the JWT authorizer (the sub claim is a verified one), not the reads', () => {
    const routes = Object.values(shop.template.Resources as Record<string, any>)
      .filter((r) => r.Type === 'AWS::ApiGatewayV2::Route')
      .map((r) => r.Properties);
    const auth = (key: string) => routes.find((r) => r.RouteKey === key)?.AuthorizationType ?? 'NONE';
    expect(auth('POST /api/orders')).toBe('JWT');
    expect([auth('GET /api/products'), auth('GET /api/products/{id}')]).toEqual(['NONE', 'NONE']);
  });

  test('only POST', async () => {
    const response = await rig.invoke(
      'POST /api/orders',
      httpApiEvent('GET /api/orders', '/api/orders', { claims: { sub: CUSTOMER } }),
    );
    expect(response.statusCode).toBe(405);
  });
});
