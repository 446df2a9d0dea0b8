import * as apigw from 'aws-cdk-lib/aws-apigateway';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { restAccessLogFormat } from './api-access-log';
import type { RouteBinding, StageThrottle } from './api-binding';

/** The identity source of the Cognito authorizer: the token in `Authorization`. */
export const REST_IDENTITY_SOURCE = 'method.request.header.Authorization';

export interface RestApiParts {
  readonly api: apigw.RestApi;
  readonly authorizer?: apigw.CognitoUserPoolsAuthorizer;
}

export interface RestApiOptions {
  readonly apiName?: string;
  readonly stageName: string;
  readonly accessLogs: logs.ILogGroup;
  readonly throttle: StageThrottle;
  readonly tracing: boolean;
  readonly userPool?: cognito.IUserPool;
}

/**
 * Defines the REST API: a regional endpoint (CloudFront is in front), one deployment stage with
 * access logs, throttling and X-Ray tracing; a Cognito user pools authorizer when a route is
 * protected; one Lambda proxy method per binding, the authorizer (and scopes) on the protected
 * ones only. No account-wide CloudWatch role is created (`cloudWatchRole: false`).
 *
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-integrate-with-cognito.html
 */
export function defineRestApi(
  scope: Construct,
  bindings: RouteBinding[],
  options: RestApiOptions,
): RestApiParts {
  const api = new apigw.RestApi(scope, 'RestApi', {
    restApiName: options.apiName,
    description: `cdk-shop ShopApi ${scope.node.path}`,
    endpointTypes: [apigw.EndpointType.REGIONAL],
    cloudWatchRole: false,
    deployOptions: {
      stageName: options.stageName,
      tracingEnabled: options.tracing,
      accessLogDestination: new apigw.LogGroupLogDestination(options.accessLogs),
      accessLogFormat: restAccessLogFormat(),
      throttlingRateLimit: options.throttle.rateLimit,
      throttlingBurstLimit: options.throttle.burstLimit,
    },
  });
  const authorizer =
    bindings.some((b) => b.route.protected) && options.userPool
      ? new apigw.CognitoUserPoolsAuthorizer(scope, 'CustomersAuthorizer', {
          authorizerName: 'customers',
          cognitoUserPools: [options.userPool],
          identitySource: REST_IDENTITY_SOURCE,
        })
      : undefined;
  for (const binding of bindings) {
    const { parsed, route } = binding;
    const resource = parsed.path === '/' ? api.root : api.root.resourceForPath(parsed.path.slice(1));
    resource.addMethod(
      parsed.method,
      new apigw.LambdaIntegration(binding.function, { allowTestInvoke: false }),
      {
        authorizer: route.protected ? authorizer : undefined,
        authorizationType: route.protected ? apigw.AuthorizationType.COGNITO : apigw.AuthorizationType.NONE,
        authorizationScopes: route.protected ? route.authorizationScopes : undefined,
        apiKeyRequired: route.apiKeyRequired,
      },
    );
  }
  return { api, authorizer };
}
