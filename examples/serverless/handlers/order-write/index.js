'use strict';
/*
 * order-write: a signed-in customer places an order, an API Gateway HTTP API (payload format
 * 2.0) handler for Lambda's Node.js runtimes (22 and later), which ship the AWS SDK for JavaScript v3.
 *
 *   POST /api/orders   body { "items": [{ "productId": "p-1", "quantity": 2 }, ...] }
 *                      optional header Idempotency-Key (8-64 of A-Z a-z 0-9 _ -): the order id,
 *                      so a retried request cannot place the order twice (409 the second time)
 *                      → 201 { orderId, items, totalCents, currency }, Location /api/orders/{id}
 *
 * The customer is the JWT's `sub`, which API Gateway's JWT authorizer passes in
 * requestContext.authorizer.jwt.claims (the route must be protected). Prices come from the
 * catalog, never from the request.
 *
 * Tables: TABLE_CATALOG (BatchGetItem of the ordered products) and TABLE_ORDERS (PutItem of
 * { pk: 'CUSTOMER#<sub>', sk: 'ORDER#<id>', ... } on the condition that it does not exist yet).
 * So the route needs TableAccess.of('dynamodb:BatchGetItem') on catalog and
 * TableAccess.of('dynamodb:PutItem') on orders.
 */
const { randomUUID } = require('crypto');
const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const { BatchGetCommand, DynamoDBDocumentClient, PutCommand } = require('@aws-sdk/lib-dynamodb');

const PRODUCT_PARTITION = 'PRODUCT';
const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const KEY_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;
const MAX_ITEMS = 25;
const MAX_QUANTITY = 99;
const BATCH_GET_ATTEMPTS = 3;

// One client per execution environment, reused by every invocation (created at init).
const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));

function respond(statusCode, body, headers = {}) {
  return {
    statusCode,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers },
    body: JSON.stringify(body),
  };
}

function table(variable) {
  const name = process.env[variable];
  if (!name) throw new Error(`${variable} is not set: grant the route its table`);
  return name;
}

/** The order lines of the body, or the reason they are not valid. */
function orderLines(event) {
  let body;
  try {
    const text = event.isBase64Encoded
      ? Buffer.from(event.body ?? '', 'base64').toString('utf8')
      : event.body;
    body = JSON.parse(text ?? '');
  } catch {
    return { problem: 'the body must be JSON' };
  }
  const items = body?.items;
  if (!Array.isArray(items) || items.length < 1 || items.length > MAX_ITEMS) {
    return { problem: `items must be a list of 1 to ${MAX_ITEMS} order lines` };
  }
  const seen = new Set();
  for (const [index, line] of items.entries()) {
    if (typeof line?.productId !== 'string' || !ID_PATTERN.test(line.productId)) {
      return { problem: `items[${index}].productId must be 1-64 of A-Z a-z 0-9 _ -` };
    }
    if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > MAX_QUANTITY) {
      return { problem: `items[${index}].quantity must be a whole number from 1 to ${MAX_QUANTITY}` };
    }
    if (seen.has(line.productId))
      return { problem: `items[${index}].productId ${line.productId} is listed twice` };
    seen.add(line.productId);
  }
  return { lines: items.map(({ productId, quantity }) => ({ productId, quantity })) };
}

/** The catalog's products of these ids, by id (BatchGetItem, unprocessed keys retried). */
async function products(ids) {
  const catalog = table('TABLE_CATALOG');
  const found = new Map();
  let keys = ids.map((id) => ({ pk: PRODUCT_PARTITION, sk: id }));
  for (let attempt = 1; keys.length > 0; attempt++) {
    if (attempt > BATCH_GET_ATTEMPTS)
      throw new Error(`catalog reads still unprocessed after ${BATCH_GET_ATTEMPTS} tries`);
    const result = await documents.send(
      new BatchGetCommand({
        RequestItems: {
          [catalog]: {
            Keys: keys,
            ProjectionExpression: 'sk, #name, priceCents, currency',
            ExpressionAttributeNames: { '#name': 'name' },
          },
        },
      }),
    );
    for (const item of result.Responses?.[catalog] ?? []) found.set(item.sk, item);
    keys = result.UnprocessedKeys?.[catalog]?.Keys ?? [];
  }
  return found;
}

exports.handler = async (event) => {
  if (event.requestContext?.http?.method !== 'POST') return respond(405, { error: 'only POST' });
  const customer = event.requestContext?.authorizer?.jwt?.claims?.sub;
  if (typeof customer !== 'string' || customer.length === 0) {
    return respond(401, { error: 'sign in first (no JWT sub claim: is the route protected?)' });
  }
  const idempotencyKey = event.headers?.['idempotency-key'];
  if (idempotencyKey !== undefined && !KEY_PATTERN.test(idempotencyKey)) {
    return respond(400, { error: 'Idempotency-Key must be 8-64 of A-Z a-z 0-9 _ -' });
  }
  const { lines, problem } = orderLines(event);
  if (problem) return respond(400, { error: problem });

  const catalog = await products(lines.map((line) => line.productId));
  const missing = lines.filter((line) => !catalog.has(line.productId)).map((line) => line.productId);
  if (missing.length > 0) return respond(422, { error: `no such product: ${missing.join(', ')}` });
  const currencies = new Set(lines.map((line) => catalog.get(line.productId).currency));
  if (currencies.size !== 1)
    return respond(422, { error: 'the products are priced in different currencies' });

  const items = lines.map(({ productId, quantity }) => {
    const { name, priceCents } = catalog.get(productId);
    return { productId, name, quantity, unitPriceCents: priceCents, lineCents: priceCents * quantity };
  });
  const order = {
    orderId: idempotencyKey ?? randomUUID(),
    items,
    totalCents: items.reduce((sum, item) => sum + item.lineCents, 0),
    currency: [...currencies][0],
  };
  try {
    await documents.send(
      new PutCommand({
        TableName: table('TABLE_ORDERS'),
        Item: {
          pk: `CUSTOMER#${customer}`,
          sk: `ORDER#${order.orderId}`,
          ...order,
          status: 'PLACED',
          createdAt: new Date().toISOString(),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  } catch (error) {
    if (error?.name === 'ConditionalCheckFailedException') {
      return respond(409, { error: `order ${order.orderId} exists already`, orderId: order.orderId });
    }
    throw error;
  }
  return respond(201, order, { location: `/api/orders/${order.orderId}` });
};
