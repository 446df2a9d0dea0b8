import { avg, KindSignals, max, stat, sum } from './dashboard-signal';
import { MonitoredResource, ResourceKind } from './monitored-resource';

/*
 * The shop dashboard's data, part two: the edge (CloudFront, AWS WAF), the serverless kinds
 * (Lambda, API Gateway, DynamoDB) and NAT gateways. Each kind with the AWS page of its metrics
 * and dimensions. Internal.
 */

const CLOUDFRONT = 'AWS/CloudFront';
const WAF = 'AWS/WAFV2';
const LAMBDA = 'AWS/Lambda';
const API = 'AWS/ApiGateway';
const DYNAMODB = 'AWS/DynamoDB';
const NAT = 'AWS/NATGateway';

/**
 * DynamoDB publishes request latency, system errors and throttled requests per operation
 * (`TableName` + `Operation`): the operations a shop's tables mostly serve.
 */
const TABLE_OPERATIONS = ['GetItem', 'Query', 'PutItem', 'UpdateItem'];
const perOperation = {
  dimensionSets: (r: MonitoredResource) =>
    TABLE_OPERATIONS.map((Operation) => ({ ...r.dimensions, Operation })),
};

/** API Gateway's request count, errors and latency of a REST API (stage) or an HTTP API (stage). */
function apiSignals(title: string, errors5xx: string, errors4xx: string, source: string): KindSignals {
  return {
    title,
    signals: {
      traffic: [{ label: 'requests', metric: sum(API, 'Count') }],
      errors: [
        { label: '5XX', metric: sum(API, errors5xx) },
        { label: '4XX', metric: sum(API, errors4xx) },
      ],
      latency: [
        { label: 'latency p99 (ms)', metric: stat(API, 'Latency', 'p99') },
        { label: 'integration latency p99 (ms)', metric: stat(API, 'IntegrationLatency', 'p99') },
      ],
      saturation: [],
    },
    units: { latency: 'ms' },
    sources: [source],
  };
}

export const MORE_SIGNALS: { readonly [kind in ResourceKind]?: KindSignals } = {
  // https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/programming-cloudwatch-metrics.html
  // (DistributionId + Region=Global, in us-east-1; the error rates in percent; OriginLatency and
  // cache hit rate only with additional metrics, a paid subscription: not drawn)
  'cloudfront-distribution': {
    title: 'Edge (CloudFront)',
    signals: {
      traffic: [
        { label: 'requests', metric: sum(CLOUDFRONT, 'Requests') },
        { label: 'bytes downloaded', metric: sum(CLOUDFRONT, 'BytesDownloaded') },
      ],
      errors: [
        { label: '5xx error rate (%)', metric: avg(CLOUDFRONT, '5xxErrorRate') },
        { label: '4xx error rate (%)', metric: avg(CLOUDFRONT, '4xxErrorRate') },
      ],
      latency: [],
      saturation: [],
    },
    units: { errors: '%' },
    sources: [
      'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/programming-cloudwatch-metrics.html',
    ],
  },
  // https://docs.aws.amazon.com/waf/latest/developerguide/waf-metrics.html (WebACL + Rule, and
  // Region for a REGIONAL web ACL; counts of requests)
  'waf-web-acl': {
    title: 'Web ACL (AWS WAF)',
    signals: {
      traffic: [{ label: 'allowed', metric: sum(WAF, 'AllowedRequests') }],
      errors: [{ label: 'blocked', metric: sum(WAF, 'BlockedRequests') }],
      latency: [],
      saturation: [],
    },
    sources: ['https://docs.aws.amazon.com/waf/latest/developerguide/waf-metrics.html'],
  },
  'rest-api': apiSignals(
    'REST APIs (API Gateway)',
    '5XXError',
    '4XXError',
    'https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-metrics-and-dimensions.html',
  ),
  'http-api': apiSignals(
    'HTTP APIs (API Gateway)',
    '5xx',
    '4xx',
    'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-metrics.html',
  ),
  // https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html (by FunctionName;
  // Duration in milliseconds)
  'lambda-function': {
    title: 'Functions (Lambda)',
    signals: {
      traffic: [{ label: 'invocations', metric: sum(LAMBDA, 'Invocations') }],
      errors: [
        { label: 'errors', metric: sum(LAMBDA, 'Errors') },
        { label: 'throttles', metric: sum(LAMBDA, 'Throttles') },
      ],
      latency: [
        { label: 'duration p99 (ms)', metric: stat(LAMBDA, 'Duration', 'p99') },
        { label: 'duration average (ms)', metric: avg(LAMBDA, 'Duration') },
      ],
      saturation: [{ label: 'concurrent executions', metric: max(LAMBDA, 'ConcurrentExecutions') }],
    },
    units: { latency: 'ms' },
    sources: ['https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html'],
  },
  // https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway-cloudwatch.html (by NatGatewayId)
  'nat-gateway': {
    title: 'NAT gateways',
    signals: {
      traffic: [
        { label: 'bytes out to destinations', metric: sum(NAT, 'BytesOutToDestination') },
        { label: 'bytes in from destinations', metric: sum(NAT, 'BytesInFromDestination') },
      ],
      errors: [
        { label: 'port allocation errors', metric: sum(NAT, 'ErrorPortAllocation') },
        { label: 'packets dropped', metric: sum(NAT, 'PacketsDropCount') },
      ],
      latency: [],
      saturation: [{ label: 'active connections', metric: max(NAT, 'ActiveConnectionCount') }],
    },
    sources: ['https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway-cloudwatch.html'],
  },
  // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/metrics-dimensions.html
  // (consumed capacity and throttle events by TableName; latency and system errors by TableName
  // + Operation; SuccessfulRequestLatency in milliseconds)
  'dynamodb-table': {
    title: 'Tables (DynamoDB)',
    signals: {
      traffic: [
        { label: 'read capacity units', metric: sum(DYNAMODB, 'ConsumedReadCapacityUnits') },
        { label: 'write capacity units', metric: sum(DYNAMODB, 'ConsumedWriteCapacityUnits') },
      ],
      errors: [{ label: 'system errors', metric: sum(DYNAMODB, 'SystemErrors'), ...perOperation }],
      latency: [
        { label: 'latency (ms)', metric: avg(DYNAMODB, 'SuccessfulRequestLatency'), ...perOperation },
      ],
      saturation: [
        { label: 'read throttle events', metric: sum(DYNAMODB, 'ReadThrottleEvents') },
        { label: 'write throttle events', metric: sum(DYNAMODB, 'WriteThrottleEvents') },
      ],
    },
    units: { latency: 'ms' },
    sources: ['https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/metrics-dimensions.html'],
  },
};
