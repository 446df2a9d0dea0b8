import { Stack } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as authorizers from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import * as integrations from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { httpAccessLogFormat } from './api-access-log';
import type { RouteBinding, StageThrottle } from './api-binding';

/** The identity source of the JWT authorizer: the bearer token in `Authorization`. */
export const JWT_IDENTITY_SOURCE = '$request.header.Authorization';

export interface HttpApiParts {
  readonly api: apigwv2.HttpApi;
  readonly stage: apigwv2.HttpStage;
  readonly authorizer?: authorizers.HttpJwtAuthorizer;
  /** One route per binding, in order. */
  readonly routes: apigwv2.HttpRoute[];
}

export interface HttpApiOptions {
  readonly apiName?: string;
  readonly accessLogs: logs.ILogGroup;
  readonly throttle: StageThrottle;
  readonly userPool?: cognito.IUserPool;
  readonly userPoolClients: cognito.IUserPoolClient[];
}

/**
 * Defines the HTTP API: the `$default` stage with auto-deploy, access logs and throttling; a JWT
 * authorizer for the user pool (issuer: the pool's provider URL, audience: its app clients)
 * when a route is protected; and one Lambda proxy route per binding, the authorizer on the
 * protected ones only.
 *
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html
 */
export function defineHttpApi(
  scope: Construct,
  bindings: RouteBinding[],
  options: HttpApiOptions,
): HttpApiParts {
  const api = new apigwv2.HttpApi(scope, 'HttpApi', {
    apiName: options.apiName,
    description: `cdk-shop ShopApi ${scope.node.path}`,
    createDefaultStage: false,
  });
  const stage = new apigwv2.HttpStage(scope, 'DefaultStage', {
    httpApi: api,
    stageName: '$default',
    autoDeploy: true,
    throttle: options.throttle,
    accessLogSettings: {
      destination: new apigwv2.LogGroupLogDestination(options.accessLogs),
      format: httpAccessLogFormat(),
    },
  });
  const authorizer =
    bindings.some((b) => b.route.protected) && options.userPool
      ? new authorizers.HttpJwtAuthorizer('CustomersAuthorizer', userPoolIssuer(scope, options.userPool), {
          authorizerName: 'customers',
          jwtAudience: options.userPoolClients.map((c) => c.userPoolClientId),
          identitySource: [JWT_IDENTITY_SOURCE],
        })
      : undefined;
  const routes = bindings.map((binding) => {
    const { parsed, route } = binding;
    return new apigwv2.HttpRoute(scope, `Route${binding.id}`, {
      httpApi: api,
      routeKey: apigwv2.HttpRouteKey.with(
        parsed.path,
        apigwv2.HttpMethod[parsed.method as keyof typeof apigwv2.HttpMethod],
      ),
      integration: new integrations.HttpLambdaIntegration(`Integration${binding.id}`, binding.function),
      authorizer: route.protected ? authorizer : undefined,
      authorizationScopes: route.protected ? route.authorizationScopes : undefined,
    });
  });
  return { api, stage, authorizer, routes };
}

/**
 * The issuer (`iss`) of a user pool's tokens: `https://cognito-idp.<region>.amazonaws.com/<pool id>`.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-id-token.html
 */
export function userPoolIssuer(scope: Construct, userPool: cognito.IUserPool): string {
  return `https://cognito-idp.${userPool.env.region}.${Stack.of(scope).urlSuffix}/${userPool.userPoolId}`;
}
