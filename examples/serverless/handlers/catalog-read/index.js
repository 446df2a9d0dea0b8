'use strict';
/*
 * catalog-read: the storefront's product reads, an API Gateway HTTP API (payload format 2.0)
 * handler for Lambda's Node.js runtimes (22 and later), which ship the AWS SDK for JavaScript v3.
 *
 *   GET /api/products             Query of the catalog's PRODUCT partition, by id, paginated
 *                                 (?limit=1..100, default 20; ?cursor= from the previous page)
 *   GET /api/products/{id}        GetItem of one product
 *
 * Table: TABLE_CATALOG (set by ShopApi for a route granted the `catalog` table). Items:
 * { pk: 'PRODUCT', sk: <id>, name, priceCents, currency, ... }. DynamoDB calls: Query for the
 * list, GetItem for one product, on that table only: so the list route needs
 * TableAccess.of('dynamodb:Query') and the product route TableAccess.of('dynamodb:GetItem').
 */
const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const { DynamoDBDocumentClient, GetCommand, QueryCommand } = require('@aws-sdk/lib-dynamodb');

const PRODUCT_PARTITION = 'PRODUCT';
const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;

// One client per execution environment, reused by every invocation (created at init).
const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));

function respond(statusCode, body, cacheControl = 'no-store') {
  return {
    statusCode,
    headers: { 'content-type': 'application/json', 'cache-control': cacheControl },
    body: JSON.stringify(body),
  };
}

/** A product as the API shows it: the item without its keys, its id from the sort key. */
function product(item) {
  const { pk, sk, ...attributes } = item;
  return { id: sk, ...attributes };
}

function catalogTable() {
  const name = process.env.TABLE_CATALOG;
  if (!name) throw new Error('TABLE_CATALOG is not set: grant the route the catalog table');
  return name;
}

/** The page cursor is the last key of the previous page, base64url JSON of its sort key. */
function decodeCursor(cursor) {
  try {
    const sk = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return typeof sk === 'string' && ID_PATTERN.test(sk) ? { pk: PRODUCT_PARTITION, sk } : undefined;
  } catch {
    return undefined;
  }
}

async function listProducts(query) {
  const limit = query.limit === undefined ? DEFAULT_LIMIT : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    return respond(400, { error: `limit must be a whole number from 1 to ${MAX_LIMIT}` });
  }
  const startKey = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  if (query.cursor !== undefined && !startKey) return respond(400, { error: 'cursor is not valid' });
  const page = await documents.send(
    new QueryCommand({
      TableName: catalogTable(),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': PRODUCT_PARTITION },
      Limit: limit,
      ExclusiveStartKey: startKey,
    }),
  );
  const body = { products: (page.Items ?? []).map(product) };
  if (page.LastEvaluatedKey) {
    body.cursor = Buffer.from(JSON.stringify(page.LastEvaluatedKey.sk)).toString('base64url');
  }
  return respond(200, body, 'public, max-age=60');
}

async function getProduct(id) {
  if (!ID_PATTERN.test(id)) return respond(400, { error: 'product id must be 1-64 of A-Z a-z 0-9 _ -' });
  const result = await documents.send(
    new GetCommand({ TableName: catalogTable(), Key: { pk: PRODUCT_PARTITION, sk: id } }),
  );
  if (!result.Item) return respond(404, { error: `no product ${id}` });
  return respond(200, product(result.Item), 'public, max-age=60');
}

exports.handler = async (event) => {
  const method = event.requestContext?.http?.method;
  if (method !== 'GET') return respond(405, { error: 'only GET' });
  const id = event.pathParameters?.id;
  return id === undefined ? listProducts(event.queryStringParameters ?? {}) : getProduct(id);
};
