/**
 * The metric publication table, part two: the serverless and edge services (Lambda, API Gateway,
 * DynamoDB, CloudFront, AWS WAF, CloudWatch Synthetics, EventBridge, Step Functions), from
 * AWS's documentation, each namespace with its source page. See `metric-publications.ts`.
 */
import { ALL, COUNT, each, GAUGE, NamespacePublication, ref } from './publication-model';

// https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html
const LAMBDA_SETS = [['FunctionName'], ['FunctionName', 'Resource'], ['ExecutedVersion', 'FunctionName']];
export const LAMBDA: NamespacePublication = {
  namespace: 'AWS/Lambda',
  source: 'https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html',
  dimensions: {
    FunctionName: [ref('AWS::Lambda::Function')],
    Resource: [{ kind: 'literal', value: /^[\w-]+:[\w-]+$/, what: 'function name:alias or version' }],
    ExecutedVersion: [{ kind: 'literal', value: /^\d+$/, what: 'a version number' }],
  },
  metrics: {
    ...each(
      `Invocations Errors Throttles DeadLetterErrors DestinationDeliveryFailures
    RecursiveInvocationsDropped AsyncEventsReceived AsyncEventsDropped
    ProvisionedConcurrencySpilloverInvocations`,
      { dimensionSets: LAMBDA_SETS, statistics: ['Sum', 'Average', 'Maximum'] },
    ),
    ...each(`Duration PostRuntimeExtensionsDuration IteratorAge AsyncEventAge`, {
      dimensionSets: LAMBDA_SETS,
      statistics: GAUGE,
      percentiles: true,
    }),
    ConcurrentExecutions: { dimensionSets: [[], ...LAMBDA_SETS], statistics: ['Maximum', 'Average'] },
    ...each(`UnreservedConcurrentExecutions ClaimedAccountConcurrency`, {
      dimensionSets: [[]],
      statistics: ['Maximum', 'Average'],
    }),
    ProvisionedConcurrencyUtilization: { dimensionSets: [['FunctionName', 'Resource']], statistics: GAUGE },
  },
};

// REST APIs: https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-metrics-and-dimensions.html
// HTTP APIs: https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-metrics.html
const REST_SETS = [['ApiName'], ['ApiName', 'Stage'], ['ApiName', 'Method', 'Resource', 'Stage']];
const HTTP_SETS = [['ApiId'], ['ApiId', 'Stage'], ['ApiId', 'Route', 'Stage']];
export const API_GATEWAY: NamespacePublication = {
  namespace: 'AWS/ApiGateway',
  source:
    'https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-metrics-and-dimensions.html',
  dimensions: {
    ApiName: [{ kind: 'property', resourceType: 'AWS::ApiGateway::RestApi', path: ['Name'] }],
    ApiId: [ref('AWS::ApiGatewayV2::Api')],
    Stage: [
      ref('AWS::ApiGateway::Stage'),
      { kind: 'property', resourceType: 'AWS::ApiGateway::Stage', path: ['StageName'] },
      { kind: 'property', resourceType: 'AWS::ApiGatewayV2::Stage', path: ['StageName'] },
    ],
    Method: [
      { kind: 'literal', value: /^(GET|PUT|POST|DELETE|PATCH|HEAD|OPTIONS|ANY)$/, what: 'an HTTP method' },
    ],
    Resource: [{ kind: 'literal', value: /^\//, what: 'a resource path' }],
    Route: [
      {
        kind: 'literal',
        value: /^(\$default|(ANY|GET|PUT|POST|DELETE|PATCH|HEAD|OPTIONS) \/.*)$/,
        what: 'a route key',
      },
    ],
  },
  metrics: {
    ...each(`4XXError 5XXError CacheHitCount CacheMissCount`, {
      dimensionSets: REST_SETS,
      statistics: ['Sum', 'Average'],
    }),
    ...each(`4xx 5xx DataProcessed`, { dimensionSets: HTTP_SETS, statistics: ['Sum', 'Average'] }),
    Count: { dimensionSets: [...REST_SETS, ...HTTP_SETS], statistics: ['Sum', 'SampleCount'] },
    ...each(`Latency IntegrationLatency`, {
      dimensionSets: [...REST_SETS, ...HTTP_SETS],
      statistics: GAUGE,
      percentiles: true,
    }),
  },
};

// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/metrics-dimensions.html
export const DYNAMODB: NamespacePublication = {
  namespace: 'AWS/DynamoDB',
  source: 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/metrics-dimensions.html',
  dimensions: {
    TableName: [ref('AWS::DynamoDB::Table'), ref('AWS::DynamoDB::GlobalTable')],
    GlobalSecondaryIndexName: [{ kind: 'literal', value: /^[\w.-]{3,255}$/, what: 'an index name' }],
    Operation: [
      {
        kind: 'literal',
        value:
          /^(GetItem|PutItem|UpdateItem|DeleteItem|Query|Scan|BatchGetItem|BatchWriteItem|TransactGetItems|TransactWriteItems|GetRecords|ExecuteStatement|BatchExecuteStatement|ExecuteTransaction)$/,
        what: 'a DynamoDB operation',
      },
    ],
    ReceivingRegion: [{ kind: 'literal', value: /^[a-z]{2}(-[a-z]+)+-\d$/, what: 'a region' }],
  },
  metrics: {
    ...each(
      `ConsumedReadCapacityUnits ConsumedWriteCapacityUnits ReadThrottleEvents
    WriteThrottleEvents ProvisionedReadCapacityUnits ProvisionedWriteCapacityUnits`,
      { dimensionSets: [['TableName'], ['GlobalSecondaryIndexName', 'TableName']], statistics: ALL },
    ),
    ...each(`ThrottledRequests SystemErrors ReturnedItemCount`, {
      dimensionSets: [['Operation', 'TableName']],
      statistics: ALL,
    }),
    SuccessfulRequestLatency: {
      dimensionSets: [['Operation', 'TableName']],
      statistics: ALL,
      percentiles: true,
    },
    ...each(`ConditionalCheckFailedRequests TimeToLiveDeletedItemCount`, {
      dimensionSets: [['TableName']],
      statistics: COUNT,
    }),
    UserErrors: { dimensionSets: [[]], statistics: COUNT },
    ReplicationLatency: { dimensionSets: [['ReceivingRegion', 'TableName']], statistics: GAUGE },
  },
};

/** CloudFront metrics published only with an `AWS::CloudFront::MonitoringSubscription` on the distribution. */
export const CLOUDFRONT_ADDITIONAL_METRICS =
  `OriginLatency CacheHitRate 401ErrorRate 403ErrorRate 404ErrorRate
  502ErrorRate 503ErrorRate 504ErrorRate`
    .trim()
    .split(/\s+/);

// https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/programming-cloudwatch-metrics.html
// The additional metrics (OriginLatency, CacheHitRate, the per-code rates) need a monitoring subscription.
export const CLOUDFRONT: NamespacePublication = {
  namespace: 'AWS/CloudFront',
  source:
    'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/programming-cloudwatch-metrics.html',
  region: 'us-east-1',
  dimensions: {
    DistributionId: [ref('AWS::CloudFront::Distribution')],
    Region: [{ kind: 'literal', value: /^Global$/, what: 'Global' }],
  },
  metrics: {
    ...each(`Requests BytesDownloaded BytesUploaded`, {
      dimensionSets: [['DistributionId', 'Region']],
      statistics: ['Sum'],
    }),
    ...each(['4xxErrorRate', '5xxErrorRate', 'TotalErrorRate', ...CLOUDFRONT_ADDITIONAL_METRICS.slice(1)], {
      dimensionSets: [['DistributionId', 'Region']],
      statistics: GAUGE,
    }),
    OriginLatency: { dimensionSets: [['DistributionId', 'Region']], statistics: GAUGE, percentiles: true },
  },
};

// https://docs.aws.amazon.com/waf/latest/developerguide/waf-metrics.html
// WebACL is the web ACL's VisibilityConfig.MetricName; Rule a rule's, or ALL. Region is on every
// metric except those of CLOUDFRONT-scope web ACLs, which are in us-east-1 (checked in the check).
const WAF_SETS = [
  ['Rule', 'WebACL'],
  ['Region', 'Rule', 'WebACL'],
];
export const WAFV2: NamespacePublication = {
  namespace: 'AWS/WAFV2',
  source: 'https://docs.aws.amazon.com/waf/latest/developerguide/waf-metrics.html',
  dimensions: {
    WebACL: [
      { kind: 'property', resourceType: 'AWS::WAFv2::WebACL', path: ['VisibilityConfig', 'MetricName'] },
    ],
    Rule: [{ kind: 'literal', value: /^[\w-]+$/, what: 'ALL or a rule metric name' }],
    Region: [{ kind: 'region' }],
  },
  metrics: each(
    `AllowedRequests BlockedRequests CountedRequests CaptchaRequests ChallengeRequests
    RequestsWithValidCaptchaToken RequestsWithValidChallengeToken PassedRequests`,
    { dimensionSets: WAF_SETS, statistics: COUNT },
  ),
};

// https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Synthetics_Canaries_metrics.html
export const SYNTHETICS: NamespacePublication = {
  namespace: 'CloudWatchSynthetics',
  source:
    'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Synthetics_Canaries_metrics.html',
  dimensions: {
    CanaryName: [ref('AWS::Synthetics::Canary')],
    StepName: [{ kind: 'literal', value: /^.+$/, what: 'a step name' }],
  },
  metrics: {
    ...each(`SuccessPercent Duration`, {
      dimensionSets: [['CanaryName'], ['CanaryName', 'StepName']],
      statistics: GAUGE,
      percentiles: true,
    }),
    ...each(['Failed', 'Failed requests', '2xx', '4xx', '5xx'], {
      dimensionSets: [['CanaryName'], ['CanaryName', 'StepName']],
      statistics: ['Sum', 'Average', 'Maximum'],
    }),
  },
};

// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-monitoring.html
// RuleName alone: a rule of the default event bus; EventBusName + RuleName: a custom bus.
export const EVENTS: NamespacePublication = {
  namespace: 'AWS/Events',
  source: 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-monitoring.html',
  dimensions: {
    RuleName: [ref('AWS::Events::Rule')],
    EventBusName: [ref('AWS::Events::EventBus')],
  },
  metrics: each(
    `Invocations FailedInvocations TriggeredRules MatchedEvents ThrottledRules
    DeadLetterInvocations InvocationsSentToDlq InvocationsFailedToBeSentToDlq
    InvocationAttempts SuccessfulInvocationAttempts RetryInvocationAttempts`,
    { dimensionSets: [['RuleName'], ['EventBusName', 'RuleName']], statistics: ['Sum', 'SampleCount'] },
  ),
};

// https://docs.aws.amazon.com/step-functions/latest/dg/procedure-cw-metrics.html
export const STATES: NamespacePublication = {
  namespace: 'AWS/States',
  source: 'https://docs.aws.amazon.com/step-functions/latest/dg/procedure-cw-metrics.html',
  dimensions: { StateMachineArn: [ref('AWS::StepFunctions::StateMachine')] },
  metrics: {
    ...each(
      `ExecutionsStarted ExecutionsSucceeded ExecutionsFailed ExecutionsAborted
    ExecutionsTimedOut ExecutionThrottled ExecutionsRedriven`,
      { dimensionSets: [['StateMachineArn']], statistics: COUNT },
    ),
    ExecutionTime: { dimensionSets: [['StateMachineArn']], statistics: GAUGE, percentiles: true },
  },
};
