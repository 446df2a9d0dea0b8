import * as http from 'http';
import * as net from 'net';
import { CreateTableCommand, CreateTableCommandInput, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** One DynamoDB API call as it went over the wire: the action as IAM names it, and its tables. */
export interface RecordedCall {
  readonly action: string;
  readonly table: string;
  readonly index?: string;
}

/** The credentials and region the handlers and the test's own clients use against moto. */
export const EMULATOR_ENV: Record<string, string> = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'testing',
  AWS_SECRET_ACCESS_KEY: 'testing',
  AWS_CONFIG_FILE: '/dev/null',
  AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  AWS_EC2_METADATA_DISABLED: 'true',
  // the SDK's notice that its 2027 releases need Node 22 (the Lambda runtime is 22; tests run on 20)
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

/** The tables one request names: TableName, or the keys of RequestItems / TransactItems. */
function callsOf(target: string, body: any): RecordedCall[] {
  const action = `dynamodb:${target.split('.').pop()}`;
  if (typeof body?.TableName === 'string') return [{ action, table: body.TableName, index: body.IndexName }];
  if (body?.RequestItems) return Object.keys(body.RequestItems).map((table) => ({ action, table }));
  if (Array.isArray(body?.TransactItems)) {
    return body.TransactItems.map((item: any) => ({
      action,
      table: (Object.values(item)[0] as any).TableName,
    }));
  }
  return [{ action, table: '*' }];
}

/**
 * A loopback HTTP proxy in front of moto that records every DynamoDB call passing through it:
 * the handlers' endpoint (AWS_ENDPOINT_URL_DYNAMODB) points here, so what is recorded is what
 * the handlers sent, whatever SDK code sent it.
 */
export class RecordingProxy {
  static async start(upstream: string): Promise<RecordingProxy> {
    const proxy = new RecordingProxy(new URL(upstream));
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  private calls: RecordedCall[] = [];
  private readonly server: http.Server;

  private constructor(private readonly upstream: URL) {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        const target = req.headers['x-amz-target'];
        if (typeof target === 'string') {
          this.calls.push(...callsOf(target, JSON.parse(body.toString() || '{}')));
        }
        const forward = http.request(
          {
            host: this.upstream.hostname,
            port: this.upstream.port,
            path: req.url,
            method: req.method,
            headers: req.headers,
          },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        forward.on('error', (error) => res.destroy(error));
        forward.end(body);
      });
    });
  }

  get endpoint(): string {
    return `http://127.0.0.1:${(this.server.address() as net.AddressInfo).port}`;
  }

  /** The calls recorded since the last `take()`, which forgets them. */
  take(): RecordedCall[] {
    const taken = this.calls;
    this.calls = [];
    return taken;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A document client straight to moto (not through the proxy), for seeding and checking. */
export function emulatorClient(endpoint: string): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint,
      region: EMULATOR_ENV.AWS_REGION,
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    }),
  );
}

/**
 * CreateTable input from an AWS::DynamoDB::Table resource's properties as synthesized: the key
 * schema, attribute definitions and secondary indexes exactly as the template has them.
 * CloudFormation-only properties (deletion protection, PITR, SSE, tags...) do not shape the data.
 */
export function createTableInput(tableName: string, properties: any): CreateTableCommandInput {
  const onDemand = properties.BillingMode === 'PAY_PER_REQUEST';
  const throughput = (p: any) =>
    onDemand
      ? undefined
      : { ReadCapacityUnits: p.ReadCapacityUnits, WriteCapacityUnits: p.WriteCapacityUnits };
  const index = (i: any) => ({
    IndexName: i.IndexName,
    KeySchema: i.KeySchema,
    Projection: i.Projection,
    ProvisionedThroughput: i.ProvisionedThroughput && throughput(i.ProvisionedThroughput),
  });
  return {
    TableName: tableName,
    KeySchema: properties.KeySchema,
    AttributeDefinitions: properties.AttributeDefinitions,
    BillingMode: onDemand ? 'PAY_PER_REQUEST' : 'PROVISIONED',
    ProvisionedThroughput: onDemand ? undefined : throughput(properties.ProvisionedThroughput),
    GlobalSecondaryIndexes: properties.GlobalSecondaryIndexes?.map(index),
    LocalSecondaryIndexes: properties.LocalSecondaryIndexes?.map(index),
  };
}

/** Creates the table in moto from the template's properties. */
export async function createTable(client: DynamoDBDocumentClient, tableName: string, properties: any) {
  await client.send(new CreateTableCommand(createTableInput(tableName, properties)));
}

export interface HttpApiEventOptions {
  readonly pathParameters?: Record<string, string>;
  readonly query?: Record<string, string>;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly base64?: boolean;
  /** The JWT claims the JWT authorizer passes on (protected routes). */
  readonly claims?: Record<string, string>;
}

/**
 * An API Gateway HTTP API event, payload format 2.0, as Lambda receives it for `routeKey`.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 */
export function httpApiEvent(routeKey: string, rawPath: string, options: HttpApiEventOptions = {}): any {
  const [method] = routeKey.split(' ');
  const query = options.query ?? {};
  const body =
    options.body === undefined
      ? undefined
      : options.base64
        ? Buffer.from(options.body).toString('base64')
        : options.body;
  return {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString: new URLSearchParams(query).toString(),
    headers: { 'content-type': 'application/json', host: 'shop.example.com', ...options.headers },
    queryStringParameters: Object.keys(query).length > 0 ? query : undefined,
    pathParameters: options.pathParameters,
    requestContext: {
      accountId: '111122223333',
      apiId: 'api1234567',
      domainName: 'shop.example.com',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'jest' },
      requestId: 'request-1',
      routeKey,
      stage: '$default',
      time: '02/Dec/2026:18:00:00 +0000',
      timeEpoch: 1796234400000,
      authorizer: options.claims ? { jwt: { claims: options.claims, scopes: null } } : undefined,
    },
    body,
    isBase64Encoded: options.base64 === true,
  };
}
