import { CfnParameter, Duration, SecretValue, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { CODE, fixture } from './api-fixtures';
import { ShopApi, ShopApiProps, ShopApiRoute, ShopApiType, TableAccess } from '../../../src';

/*
 * Every misuse fails at synth time with the library's one format:
 * `<construct path>: invalid '<prop>': <problem>. <fix>`.
 */

type Case = [string, (f: ReturnType<typeof fixture>) => Partial<ShopApiProps>, RegExp];

const route = (r: Partial<ShopApiRoute>): ShopApiRoute => ({ route: 'GET /api/products', code: CODE, ...r });
const one = (r: Partial<ShopApiRoute>) => () => ({ routes: [route(r)] });

const CASES: Case[] = [
  // route syntax
  ['no routes', () => ({ routes: [] }), /invalid 'routes': is empty\. Give at least one route/],
  ['an empty route key', one({ route: '' }), /invalid 'routes\[0\]\.route': is empty/],
  [
    'no space between method and path',
    one({ route: 'GET/api' }),
    /'GET\/api' is not a method, one space and a path/,
  ],
  ['two spaces', one({ route: 'GET  /api' }), /is not a method, one space and a path/],
  [
    'an unknown method',
    one({ route: 'FETCH /api' }),
    /has method 'FETCH', which is not one of ANY, DELETE, GET/,
  ],
  ['a lower-case method', one({ route: 'get /api' }), /Write the method in capitals: 'GET \/api'/],
  [
    'a path without a leading slash',
    one({ route: 'GET api/products' }),
    /does not start with '\/'\. Write 'GET \/api\/products'/,
  ],
  [
    'a trailing slash',
    one({ route: 'GET /api/products/' }),
    /has a trailing slash\. Write 'GET \/api\/products'/,
  ],
  ['an empty segment', one({ route: 'GET /api//products' }), /has an empty segment/],
  [
    'a greedy variable before the end',
    one({ route: 'GET /api/{proxy+}/x' }),
    /greedy variable '\{proxy\+\}' before the end/,
  ],
  [
    'a partial-segment variable',
    one({ route: 'GET /api/item-{id}' }),
    /neither a literal nor a whole-segment variable/,
  ],
  [
    'a variable name starting with a digit',
    one({ route: 'GET /api/{1id}' }),
    /neither a literal nor a whole-segment variable/,
  ],
  ['a space in the path', one({ route: 'GET /api/pro ducts' }), /is not a method, one space and a path/],
  ['a percent sign in a literal', one({ route: 'GET /api/50%' }), /characters API Gateway refuses/],
  [
    'the same variable twice',
    one({ route: 'GET /api/{id}/items/{id}' }),
    /names the path variable '\{id\}' twice/,
  ],
  ['$default', one({ route: '$default' }), /HTTP API catch-all.*Use 'ANY \/\{proxy\+\}'/],
  [
    'a duplicate route',
    () => ({ routes: [route({}), route({})] }),
    /invalid 'routes\[1\]\.route': 'GET \/api\/products' is the same route as routes\[0\]/,
  ],
  [
    'a duplicate route up to variable names',
    () => ({ routes: [route({ route: 'GET /api/p/{id}' }), route({ route: 'GET /api/p/{key}' })] }),
    /'GET \/api\/p\/\{key\}' is the same route as routes\[0\]/,
  ],
  [
    'two different variables under one REST resource',
    () => ({
      apiType: ShopApiType.REST,
      routes: [route({ route: 'GET /api/p/{id}' }), route({ route: 'DELETE /api/p/{key}/x' })],
    }),
    /puts '\{key\}' under '\/api\/p', where routes\[0\] has '\{id\}'; a REST API resource has at most one variable child/,
  ],
  // code / function
  [
    'neither code nor function',
    one({ code: undefined }),
    /invalid 'routes\[0\]': 'GET \/api\/products' has neither code nor function/,
  ],
  [
    'both code and function',
    (f) => one({ function: existing(f.stack) })(),
    /has both code and function\. Give exactly one/,
  ],
  [
    'function settings on an existing function',
    (f) => one({ code: undefined, function: existing(f.stack), memorySize: 256 })(),
    /invalid 'routes\[0\]\.memorySize': 'GET \/api\/products' uses an existing function.*Set memorySize on the function itself/,
  ],
  ['an empty handler', one({ handler: ' ' }), /invalid 'routes\[0\]\.handler': is empty/],
  // limits
  [
    'memory below 128 MB',
    one({ memorySize: 64 }),
    /invalid 'routes\[0\]\.memorySize': is 64 MB; Lambda takes 128 to 10240/,
  ],
  ['memory above 10,240 MB', one({ memorySize: 10241 }), /is 10241 MB; Lambda takes 128 to 10240/],
  ['fractional memory', one({ memorySize: 512.5 }), /is 512\.5 MB/],
  [
    'memory as a token',
    (f) => one({ memorySize: new CfnParameter(f.stack, 'Mem', { type: 'Number' }).valueAsNumber })(),
    /memorySize': is a token/,
  ],
  [
    'an HTTP timeout over 30 s',
    one({ timeout: Duration.seconds(31) }),
    /is 31 s; API Gateway stops waiting for an HTTP API integration after 30 s/,
  ],
  [
    'a REST timeout over 29 s',
    () => ({ apiType: ShopApiType.REST, routes: [route({ timeout: Duration.seconds(30) })] }),
    /is 30 s; API Gateway stops waiting for a REST API integration after 29 s/,
  ],
  ['a timeout under 1 s', one({ timeout: Duration.millis(500) }), /is 0\.5 s/],
  [
    'negative reserved concurrency',
    one({ reservedConcurrency: -1 }),
    /invalid 'routes\[0\]\.reservedConcurrency': is -1/,
  ],
  // authorization
  [
    'a protected route without a user pool',
    one({ protected: true }),
    /invalid 'routes\[0\]\.protected': 'GET \/api\/products' is protected but there is no user pool.*Give userPool/,
  ],
  [
    'a protected HTTP route without app clients',
    (f) => ({ userPool: f.userPool, routes: [route({ protected: true })] }),
    /invalid 'userPoolClients': routes\[0\] is protected and an HTTP API's JWT authorizer needs an audience/,
  ],
  [
    'scopes on an unprotected route',
    one({ authorizationScopes: ['shop/read'] }),
    /authorizationScopes': 'GET \/api\/products' is not protected/,
  ],
  [
    'a scope with a space',
    (f) => ({
      userPool: f.userPool,
      userPoolClients: [f.client],
      routes: [route({ protected: true, authorizationScopes: ['shop read'] })],
    }),
    /authorizationScopes': holds an empty or malformed scope/,
  ],
  // grants
  [
    'an unknown table',
    (f) => ({
      tables: { catalog: f.catalog },
      routes: [route({ tables: [{ table: 'orders', access: TableAccess.READ }] })],
    }),
    /invalid 'routes\[0\]\.tables\[0\]\.table': 'orders' is not one of the tables \(catalog\)/,
  ],
  [
    'a table granted twice',
    (f) => ({
      tables: { catalog: f.catalog },
      routes: [
        route({
          tables: [
            { table: 'catalog', access: TableAccess.READ },
            { table: 'catalog', access: TableAccess.WRITE },
          ],
        }),
      ],
    }),
    /tables\[1\]\.table': 'catalog' is granted twice/,
  ],
  [
    'two table names with one variable',
    (f) => ({ tables: { 'order-items': f.catalog, order_items: f.orders }, routes: [route({})] }),
    /'order-items' and 'order_items' would both reach the functions as TABLE_ORDER_ITEMS/,
  ],
  [
    'a database route without vpc or database',
    one({ database: true }),
    /invalid 'routes\[0\]\.database': .*has no vpc and no database.*Give vpc and database/,
  ],
  [
    'a sessions route with a vpc but no cache',
    (f) => ({ vpc: new ec2.Vpc(f.stack, 'Vpc'), routes: [route({ sessions: true })] }),
    /invalid 'routes\[0\]\.sessions': .*the session cache but the API has no cache \(a ShopCache\)/,
  ],
  // environment
  [
    'a reserved Lambda variable',
    one({ environment: { AWS_REGION: 'x' } }),
    /AWS_REGION is set by Lambda itself/,
  ],
  [
    'a table variable set by hand',
    one({ environment: { TABLE_CATALOG: 'x' }, tables: [{ table: 'catalog', access: TableAccess.READ }] }),
    /TABLE_CATALOG is the variable that carries a granted table's name/,
  ],
  [
    'a secret in the environment',
    one({ environment: { DB_PASSWORD: SecretValue.secretsManager('db').unsafeUnwrap() } }),
    /DB_PASSWORD holds a secret dynamic reference/,
  ],
  [
    'a bad variable name',
    one({ environment: { 'MY-VAR': 'x' } }),
    /'MY-VAR' is not an environment variable name/,
  ],
  // REST-only / HTTP-only options
  [
    'stageName on an HTTP API',
    () => ({ stageName: 'live', routes: [route({})] }),
    /invalid 'stageName': is a REST API option.*set apiType: ShopApiType\.REST/,
  ],
  [
    'apiKeyRequired on an HTTP API',
    one({ apiKeyRequired: true }),
    /routes\[0\]\.apiKeyRequired': is a REST API option: HTTP APIs have no API keys/,
  ],
  [
    'a bad stage name',
    () => ({ apiType: ShopApiType.REST, stageName: 'my stage', routes: [route({})] }),
    /'my stage' is not a stage name/,
  ],
  [
    'a negative throttle rate',
    () => ({ throttle: { rateLimit: -5 }, routes: [route({})] }),
    /invalid 'throttle\.rateLimit': is -5/,
  ],
  [
    'a fractional burst',
    () => ({ throttle: { burstLimit: 2.5 }, routes: [route({})] }),
    /invalid 'throttle\.burstLimit': is 2\.5/,
  ],
  [
    'a bad database user',
    () => ({ databaseUser: 'shop-api', routes: [route({})] }),
    /'shop-api' is not a PostgreSQL user name/,
  ],
];

function existing(stack: Stack): lambda.IFunction {
  return new lambda.Function(stack, 'Existing', {
    code: CODE,
    handler: 'index.handler',
    runtime: lambda.Runtime.NODEJS_22_X,
  });
}

describe('ShopApi refuses bad input with the construct path, the prop and the fix', () => {
  test.each(CASES)('%s', (_name, props, message) => {
    const f = fixture();
    const given = props(f);
    expect(() => new ShopApi(f.stack, 'Api', { routes: [], ...given } as ShopApiProps)).toThrow(message);
    expect(() => new ShopApi(f.stack, 'Api2', { routes: [], ...given } as ShopApiProps)).toThrow(
      /^Stack\/Api2: invalid '/,
    );
  });

  test('at least 40 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
  });
});

describe('TableAccess.of refuses what is not a DynamoDB table action', () => {
  test.each([['s3:GetObject'], ['dynamodb:*'], ['dynamodb:CreateTable']])('%s', (action) => {
    expect(() => TableAccess.of(action)).toThrow(/is not a DynamoDB action on a table or index/);
  });
});

describe('good input next to each refusal passes', () => {
  test.each([
    ['ANY /api/{proxy+}'],
    ['GET /'],
    ['GET /api/products/{id}'],
    ['POST /api/orders:search'],
    ['DELETE /api/carts/{cart_id}/items/{itemId}'],
  ])('%s', (key) => {
    const f = fixture();
    const api = new ShopApi(f.stack, 'Api', { routes: [route({ route: key })] });
    expect(api.functionFor(key)).toBe(api.functions[0]);
  });

  test('HTTP takes a 30 s timeout, REST 29 s', () => {
    const f = fixture();
    expect(
      new ShopApi(f.stack, 'Http', { routes: [route({ timeout: Duration.seconds(30) })] }).functions,
    ).toHaveLength(1);
    const rest = new ShopApi(f.stack, 'Rest', {
      apiType: ShopApiType.REST,
      routes: [route({ timeout: Duration.seconds(29) })],
    });
    expect(rest.restApi).toBeDefined();
  });
});
