import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { IConstruct } from 'constructs';
import type { RouteBinding } from './api-binding';
import type { RouteFunction } from './api-function';
import { acknowledge, Finding } from '../../private/acknowledge';

export interface ApiFindingsContext {
  readonly bindings: RouteBinding[];
  readonly defined: RouteFunction[];
  readonly logGroups: logs.LogGroup[];
  readonly logRetentionDays: number;
  readonly rest: boolean;
  readonly tracing: boolean;
  /** Wildcard index resources granted on tables defined elsewhere, as cdk-nag names them. */
  readonly indexWildcards: Map<lambda.IFunction, string[]>;
  /** An HTTP API's routes, in the order of the bindings. */
  readonly httpRoutes: apigwv2.HttpRoute[];
}

const SYNCHRONOUS =
  'API Gateway invokes the function synchronously and answers the caller with its error; a dead-letter queue only receives failed asynchronous invocations (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html).';
const NO_RESERVATION =
  "The stage's throttling (ShopApiProps.throttle) caps the requests; reserving concurrency would take it from the account's pool for every other function. Set reservedConcurrency on a route to reserve.";
const OUTSIDE_VPC =
  'The function reaches DynamoDB over its HTTPS endpoint with IAM credentials; a VPC would add network interfaces and endpoints and protect nothing more. Routes with database or sessions run in the VPC.';
const LOGS_ENCRYPTION =
  'CloudWatch Logs encrypts log data at rest with a service key; the functions and the access log write no secrets, and a customer-managed key would add its cost and a key policy for log delivery.';
const SCOPED_PERMISSION =
  "API Gateway may invoke the function only from this API's route: the permission's SourceArn names the API and the path (an Fn::Join the rule does not read as a reference).";

/** The cdk-nag and cfn-guard findings a `ShopApi` accepts by design, with their reasons. */
export function acknowledgeApiFindings(api: IConstruct, context: ApiFindingsContext): void {
  for (const defined of context.defined) acknowledgeFunction(defined, context);
  for (const logGroup of context.logGroups) {
    const findings: Finding[] = [
      { id: 'NIST.800.53.R5-CloudWatchLogGroupEncrypted', reason: LOGS_ENCRYPTION },
      { id: 'guard:cloudwatch_log_group_encrypted_check', reason: LOGS_ENCRYPTION },
    ];
    if (context.logRetentionDays < 365) {
      findings.push({
        id: 'guard:cloudwatch_log_group_retention_period_check',
        reason: `API and function logs serve troubleshooting, not audit; they are kept ${context.logRetentionDays} days by choice (logRetention) to keep the bill small.`,
      });
    }
    acknowledge(logGroup, ...findings);
  }
  for (const permission of api.node.findAll().filter((c) => c instanceof lambda.CfnPermission)) {
    acknowledge(permission, {
      id: 'guard:lambda_function_public_access_prohibited_check',
      reason: SCOPED_PERMISSION,
    });
  }
  if (context.rest) acknowledgeRest(api, context);
  else acknowledgeHttp(context);
}

function acknowledgeFunction(defined: RouteFunction, context: ApiFindingsContext): void {
  const policy = defined.role.node.tryFindChild('DefaultPolicy');
  if (policy) {
    const findings: Finding[] = [
      {
        id: 'NIST.800.53.R5-IAMNoInlinePolicy',
        reason:
          "The role belongs to this one function; its policy holds the function's own grants, which a managed policy would only make shareable.",
      },
    ];
    const star = [
      context.tracing
        ? 'X-Ray PutTraceSegments and PutTelemetryRecords (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsx-ray.html)'
        : undefined,
      defined.inVpc
        ? 'the network-interface actions Lambda needs to join the VPC (https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html#configuration-vpc-permissions)'
        : undefined,
    ].filter((s) => s !== undefined);
    if (star.length > 0) {
      findings.push({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: `Resource '*' only for actions that take no resource ARN: ${star.join('; and ')}.`,
      });
    }
    for (const wildcard of context.indexWildcards.get(defined.function) ?? []) {
      findings.push({
        id: `AwsSolutions-IAM5[Resource::${wildcard}]`,
        reason:
          "Query and Scan on the indexes of a table defined outside this stack, whose index names are not known here; the table's own ARN bounds the wildcard.",
      });
    }
    acknowledge(policy, ...findings);
  }
  const fn = defined.function;
  const findings: Finding[] = [
    { id: 'NIST.800.53.R5-LambdaDLQ', reason: SYNCHRONOUS },
    { id: 'guard:lambda_dlq_check', reason: SYNCHRONOUS },
  ];
  if ((fn.node.defaultChild as lambda.CfnFunction).reservedConcurrentExecutions === undefined) {
    findings.push(
      { id: 'NIST.800.53.R5-LambdaConcurrency', reason: NO_RESERVATION },
      { id: 'guard:lambda_concurrency_check', reason: NO_RESERVATION },
    );
  }
  if (!defined.inVpc) {
    findings.push(
      { id: 'NIST.800.53.R5-LambdaInsideVPC', reason: OUTSIDE_VPC },
      { id: 'guard:lambda_inside_vpc_check', reason: OUTSIDE_VPC },
    );
  }
  acknowledge(fn, ...findings);
}

function publicRoute(binding: RouteBinding): string {
  return `${binding.route.route} is public by design (protected: false): the storefront calls it before anyone signs in. Protected routes carry the customers' authorizer.`;
}

function acknowledgeHttp(context: ApiFindingsContext): void {
  context.bindings.forEach((binding, i) => {
    const route = context.httpRoutes[i];
    if (binding.route.protected || !route) return;
    acknowledge(
      route,
      { id: 'AwsSolutions-APIG4', reason: publicRoute(binding) },
      { id: 'guard:api_gw_v2_authorization_type_configured_check', reason: publicRoute(binding) },
    );
  });
}

function acknowledgeRest(api: IConstruct, context: ApiFindingsContext): void {
  const methods = api.node.findAll().filter((c): c is apigw.Method => c instanceof apigw.Method);
  for (const method of methods) {
    const binding = context.bindings.find(
      (b) => b.parsed.method === method.httpMethod && b.parsed.path === method.resource.path,
    );
    if (!binding || binding.route.protected) continue;
    acknowledge(
      method,
      { id: 'AwsSolutions-APIG4', reason: publicRoute(binding) },
      { id: 'AwsSolutions-COG4', reason: publicRoute(binding) },
    );
  }
  const restApi = api.node.findAll().find((c): c is apigw.RestApi => c instanceof apigw.RestApi)!;
  acknowledge(restApi, {
    id: 'AwsSolutions-APIG2',
    reason:
      'Every method is a Lambda proxy integration whose handler validates its own input; request models would duplicate that schema in the API.',
  });
  const stage = restApi.deploymentStage;
  const waf =
    "The API sits behind the shop's CloudFront distribution, whose web ACL (ShopEdge) filters requests at the edge; associate a regional web ACL with restApi.deploymentStage to filter direct execute-api calls too.";
  const executionLogs =
    'Access logs record every request; execution logs would need the account-wide API Gateway CloudWatch role (AWS::ApiGateway::Account, one per region, which stacks overwrite), so they are left to the account owner.';
  acknowledge(
    stage,
    { id: 'AwsSolutions-APIG3', reason: waf },
    { id: 'NIST.800.53.R5-APIGWAssociatedWithWAF', reason: waf },
    { id: 'AwsSolutions-APIG6', reason: executionLogs },
    { id: 'NIST.800.53.R5-APIGWExecutionLoggingEnabled', reason: executionLogs },
    { id: 'guard:api_gw_v1_execution_logging_enabled_check', reason: executionLogs },
    {
      id: 'NIST.800.53.R5-APIGWCacheEnabledAndEncrypted',
      reason:
        'No stage cache: CloudFront caches what may be cached, and a cache cluster bills every hour (from 0.5 GB) whatever the traffic.',
    },
    {
      id: 'NIST.800.53.R5-APIGWSSLEnabled',
      reason:
        'Stage client certificates authenticate API Gateway to an HTTP backend; every integration here is a Lambda function, invoked through the Lambda API.',
    },
  );
}
