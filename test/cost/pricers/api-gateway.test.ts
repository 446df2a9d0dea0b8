import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { CostEstimate, CostEstimator, CostEstimatorProps } from '../../../src/cost';
import { round4 } from '../hand-sum';
import { LIST_PRICES } from '../list-prices';

/*
 * List prices (data/prices/aws-us-east-1.json): apiGateway.http.perMillion 1.00,
 * apiGateway.rest.perMillion 3.50, lambda.requests.perMillion 0.20, lambda.arm.gbSecond
 * 0.0000133334, lambda.x86.gbSecond 0.0000166667, cloudfront.na.httpsPer10k 0.01.
 */

function fn(stack: Stack, id: string, props: Partial<lambda.FunctionProps> = {}): lambda.Function {
  return new lambda.Function(stack, id, {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });'),
    ...props,
  });
}

function estimate(build: (stack: Stack) => void, props: CostEstimatorProps = {}): CostEstimate {
  const stack = new Stack(new App(), 'Api');
  build(stack);
  return new CostEstimator({ ...LIST_PRICES, ...props }).estimateTemplate(
    Template.fromStack(stack).toJSON(),
    'Api',
  );
}

/** [logical ID prefix, price key, quantity, monthly] of the lines of the given price keys. */
function linesOf(e: CostEstimate, ...keys: string[]): [string, string, number, number][] {
  return e.lines
    .filter((l) => keys.includes(l.priceKey))
    .map((l) => [l.logicalId.replace(/[0-9A-F]{8}$/, ''), l.priceKey, l.quantity, l.monthlyUsd]);
}

describe('API Gateway HTTP API', () => {
  test('all of requestsPerMonth without a CDN; its two functions share them, another function shares functionInvocationsPerMonth', () => {
    const e = estimate(
      (stack) => {
        const api = new apigwv2.HttpApi(stack, 'Http');
        api.addRoutes({
          path: '/api/products',
          methods: [apigwv2.HttpMethod.GET],
          integration: new HttpLambdaIntegration(
            'Products',
            fn(stack, 'Products', { memorySize: 512, architecture: lambda.Architecture.ARM_64 }),
          ),
        });
        api.addRoutes({
          path: '/api/orders',
          methods: [apigwv2.HttpMethod.POST],
          integration: new HttpLambdaIntegration('Orders', fn(stack, 'Orders')),
        });
        fn(stack, 'Nightly', { memorySize: 1024 });
      },
      { requestsPerMonth: 4_000_000, functionInvocationsPerMonth: 300_000, functionDurationMs: 200 },
    );
    // the API: 4 million × 1.00 = 4.00
    expect(linesOf(e, 'apiGateway.http.perMillion')).toEqual([['Http', 'apiGateway.http.perMillion', 4, 4]]);
    const api = e.lines.find((l) => l.priceKey === 'apiGateway.http.perMillion')!;
    expect(api.assumption).toMatch(
      /^apiRequestsPerMonth not set: requestsPerMonth 4000000; its 2 integrated function\(s\) share these requests; metered in 512 KB increments/,
    );
    // each routed function 2 million invocations (0.40); Products arm64 512 MB:
    // 2,000,000 × 0.2 s × 0.5 GB = 200,000 GB-s × 0.0000133334 = 2.66668; Orders x86 128 MB:
    // 2,000,000 × 0.2 × 0.125 = 50,000 GB-s × 0.0000166667 = 0.833335.
    // Nightly is not routed: all of functionInvocationsPerMonth, 300,000 × 0.2 × 1 GB = 60,000 GB-s.
    expect(linesOf(e, 'lambda.requests.perMillion', 'lambda.arm.gbSecond', 'lambda.x86.gbSecond')).toEqual([
      ['Products', 'lambda.requests.perMillion', 2, 0.4],
      ['Products', 'lambda.arm.gbSecond', 200_000, round4(200_000 * 0.0000133334)],
      ['Orders', 'lambda.requests.perMillion', 2, 0.4],
      ['Orders', 'lambda.x86.gbSecond', 50_000, round4(50_000 * 0.0000166667)],
      ['Nightly', 'lambda.requests.perMillion', 0.3, 0.06],
      ['Nightly', 'lambda.x86.gbSecond', 60_000, round4(60_000 * 0.0000166667)],
    ]);
    expect(e.lines.find((l) => l.logicalId.startsWith('Products'))!.assumption).toMatch(
      /^integrated by an API: apiRequestsPerMonth not set: requestsPerMonth 4000000; 4000000 requests of API Http\w+ split evenly over its 2 function\(s\) = 2000000$/,
    );
    // stages, routes and integrations are free; nothing is left unpriced
    expect(e.notPriced).toEqual([]);
    expect(e.free.map((f) => f.type)).toEqual(
      expect.arrayContaining([
        'AWS::ApiGatewayV2::Stage',
        'AWS::ApiGatewayV2::Route',
        'AWS::ApiGatewayV2::Integration',
      ]),
    );
  });

  test('behind a CloudFront distribution, a quarter of requestsPerMonth by default; apiRequestsPerMonth replaces it', () => {
    const build = (stack: Stack) => {
      const api = new apigwv2.HttpApi(stack, 'Http', {
        defaultIntegration: new HttpLambdaIntegration('All', fn(stack, 'All')),
      });
      new cloudfront.Distribution(stack, 'Cdn', {
        defaultBehavior: {
          origin: new origins.HttpOrigin(`${api.apiId}.execute-api.us-east-1.amazonaws.com`),
        },
      });
    };
    // 2,000,000 × 0.25 = 500,000 API requests: 0.50; CloudFront still sees all 2 million (200 × 0.01 = 2.00)
    const byDefault = estimate(build, { requestsPerMonth: 2_000_000 });
    expect(
      linesOf(
        byDefault,
        'apiGateway.http.perMillion',
        'lambda.requests.perMillion',
        'cloudfront.na.httpsPer10k',
      ),
    ).toEqual([
      ['All', 'lambda.requests.perMillion', 0.5, 0.1],
      ['Http', 'apiGateway.http.perMillion', 0.5, 0.5],
      ['Cdn', 'cloudfront.na.httpsPer10k', 200, 2],
    ]);
    expect(byDefault.lines.find((l) => l.priceKey === 'apiGateway.http.perMillion')!.assumption).toMatch(
      /^apiRequestsPerMonth not set: requestsPerMonth 2000000 × 0.25 = 500000 \(the template has a CloudFront distribution/,
    );
    const given = estimate(build, { requestsPerMonth: 2_000_000, apiRequestsPerMonth: 1_500_000 });
    expect(linesOf(given, 'apiGateway.http.perMillion', 'lambda.requests.perMillion')).toEqual([
      ['All', 'lambda.requests.perMillion', 1.5, 0.3],
      ['Http', 'apiGateway.http.perMillion', 1.5, 1.5],
    ]);
    expect(given.assumptions.apiRequestsPerMonth).toBe(1_500_000);
    expect(byDefault.assumptions.apiRequestsPerMonth).toBeUndefined();
  });
});

describe('API Gateway REST API', () => {
  test('per request at the REST price; methods, resources, deployment, stage and account are free', () => {
    const e = estimate(
      (stack) => {
        const api = new apigw.RestApi(stack, 'Rest');
        api.root.addResource('products').addMethod('GET', new apigw.LambdaIntegration(fn(stack, 'Products')));
        const orders = api.root.addResource('orders');
        const ordersFn = fn(stack, 'Orders');
        orders.addMethod('POST', new apigw.LambdaIntegration(ordersFn));
        orders.addMethod('GET', new apigw.LambdaIntegration(ordersFn));
      },
      { apiRequestsPerMonth: 3_000_000 },
    );
    // 3 million × 3.50 = 10.50; two distinct functions (Orders has two methods): 1.5 million each
    expect(linesOf(e, 'apiGateway.rest.perMillion', 'lambda.requests.perMillion')).toEqual([
      ['Rest', 'apiGateway.rest.perMillion', 3, 10.5],
      ['Products', 'lambda.requests.perMillion', 1.5, 0.3],
      ['Orders', 'lambda.requests.perMillion', 1.5, 0.3],
    ]);
    expect(e.notPriced).toEqual([]);
    expect(new Set(e.free.map((f) => f.type))).toEqual(
      new Set([
        'AWS::ApiGateway::Resource',
        'AWS::ApiGateway::Method',
        'AWS::ApiGateway::Deployment',
        'AWS::ApiGateway::Stage',
        'AWS::ApiGateway::Account',
        'AWS::IAM::Role',
        'AWS::Lambda::Permission',
      ]),
    );
  });

  test('a stage with a cache cluster is listed as not priced, with its size', () => {
    const e = estimate((stack) => {
      const api = new apigw.RestApi(stack, 'Rest', {
        deployOptions: { cacheClusterEnabled: true, cacheClusterSize: '0.5' },
      });
      api.root.addMethod('GET', new apigw.MockIntegration());
    });
    expect(e.notPriced.map((n) => [n.type, n.reason])).toEqual([
      ['AWS::ApiGateway::Stage', 'a cache cluster of 0.5 GB: charged per hour, not in the price table'],
    ]);
  });
});

describe('several APIs, aliases and WebSocket APIs (templates by hand)', () => {
  const http = (extra: any = {}) => ({
    Type: 'AWS::ApiGatewayV2::Api',
    Properties: { ProtocolType: 'HTTP', ...extra },
  });
  const integration = (api: string, uri: any) => ({
    Type: 'AWS::ApiGatewayV2::Integration',
    Properties: { ApiId: { Ref: api }, IntegrationType: 'AWS_PROXY', IntegrationUri: uri },
  });
  const arn = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
  const lambdaFn = { Type: 'AWS::Lambda::Function', Properties: { MemorySize: 1024 } };

  test('two APIs split apiRequestsPerMonth; a function both integrate (one through an alias) gets a share of each', () => {
    const e = new CostEstimator({ ...LIST_PRICES, apiRequestsPerMonth: 1_200_000 }).estimateTemplate(
      {
        Resources: {
          Public: http(),
          Admin: http(),
          Shared: lambdaFn,
          SharedLive: {
            Type: 'AWS::Lambda::Alias',
            Properties: { FunctionName: { Ref: 'Shared' }, Name: 'live' },
          },
          Other: lambdaFn,
          I1: integration('Public', arn('Shared')),
          I2: integration('Public', arn('Other')),
          I3: integration('Admin', { Ref: 'SharedLive' }),
          Socket: { Type: 'AWS::ApiGatewayV2::Api', Properties: { ProtocolType: 'WEBSOCKET' } },
          SocketFn: lambdaFn,
          I4: integration('Socket', arn('SocketFn')),
        },
      },
      'Apis',
    );
    // 600,000 requests per HTTP API: Public's over Shared and Other (300,000 each), Admin's all to
    // Shared: Shared 900,000, Other 300,000. SocketFn is not routed by a priced API: all of
    // functionInvocationsPerMonth (1,000,000).
    expect(
      e.lines
        .filter((l) => l.priceKey === 'lambda.requests.perMillion')
        .map((l) => [l.logicalId, l.quantity]),
    ).toEqual([
      ['Shared', 0.9],
      ['Other', 0.3],
      ['SocketFn', 1],
    ]);
    expect(
      e.lines
        .filter((l) => l.priceKey === 'apiGateway.http.perMillion')
        .map((l) => [l.logicalId, l.quantity, l.monthlyUsd]),
    ).toEqual([
      ['Public', 0.6, 0.6],
      ['Admin', 0.6, 0.6],
    ]);
    expect(e.notPriced).toEqual([
      {
        logicalId: 'Socket',
        type: 'AWS::ApiGatewayV2::Api',
        reason: 'a WebSocket API: priced per message and connection minute, not in the price table',
      },
    ]);
  });

  test('above the first tier the price is still the first tier, and the line says so', () => {
    const e = new CostEstimator({ ...LIST_PRICES, apiRequestsPerMonth: 400_000_000 }).estimateTemplate(
      { Resources: { Api: http() } },
      'Big',
    );
    expect(e.lines[0]).toMatchObject({ quantity: 400, monthlyUsd: 400 });
    expect(e.lines[0].assumption).toMatch(/above 300 million a month the price per million is lower/);
  });

  test('an API imported from OpenAPI without ProtocolType is an HTTP API; its Body names its functions', () => {
    const e = new CostEstimator({ ...LIST_PRICES, apiRequestsPerMonth: 1_000_000 }).estimateTemplate(
      {
        Resources: {
          Api: http({
            ProtocolType: undefined,
            Body: { paths: { '/': { get: { 'x-amazon-apigateway-integration': { uri: arn('Fn') } } } } },
          }),
          Fn: lambdaFn,
        },
      },
      'OpenApi',
    );
    expect(e.lines.map((l) => [l.logicalId, l.priceKey, l.quantity])).toEqual([
      ['Api', 'apiGateway.http.perMillion', 1],
      ['Fn', 'lambda.requests.perMillion', 1],
      ['Fn', 'lambda.x86.gbSecond', 100_000],
    ]);
  });
});
