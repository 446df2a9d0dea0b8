import { Stack, RemovalPolicy } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigateway';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { RouteBinding, routeIds, StageThrottle } from './api-binding';
import { connectRoute } from './api-connections';
import { API_DEFAULTS } from './api-defaults';
import { acknowledgeApiFindings } from './api-findings';
import { defineRouteFunction, RouteFunction } from './api-function';
import { defineHttpApi } from './api-http';
import { defineRestApi } from './api-rest';
import { grantTables } from './api-table-grants';
import { validateApiProps } from './api-validation';
import type { ShopApiProps } from './shop-api-props';
import { ShopApiType } from './shop-api-type';

/**
 * The shop's API: API Gateway (an HTTP API by default, or REST) with one Lambda function per
 * route, the customers' JWT required on protected routes, and each function granted exactly the
 * table actions its route names.
 *
 * Functions defined from `code` run Node.js 24 on ARM64 with 512 MB and 10 s, JSON logs in
 * their own log group (one month), X-Ray active tracing, and a role that can write their logs
 * and nothing more than their grants. Each table a route names reaches its function as
 * `TABLE_<NAME>` (`catalog` → `TABLE_CATALOG`) holding the table's physical name.
 *
 * `origin` is what a CloudFront distribution puts in front (ShopEdge at `/api/*`). The
 * execute-api endpoint (`url`) stays callable directly, past CloudFront and its WAF: protected
 * routes still need a token, and the stage's throttling still applies.

 */
export class ShopApi extends Construct {
  /** HTTP or REST. */
  public readonly apiType: ShopApiType;
  /** The HTTP API, when `apiType` is HTTP. */
  public readonly httpApi?: apigwv2.HttpApi;
  /** The HTTP API's `$default` stage (auto-deploy, access logs, throttling). */
  public readonly httpStage?: apigwv2.HttpStage;
  /** The REST API, when `apiType` is REST; its stage is `restApi.deploymentStage`. */
  public readonly restApi?: apigw.RestApi;
  /** The API's access log group. */
  public readonly accessLogGroup: logs.LogGroup;
  /** The CloudFront origin for the API: HTTPS only, TLS 1.2; REST's path is `/<stage>`. */
  public readonly origin: cloudfront.IOrigin;
  /** The execute-api host name the origin points at. */
  public readonly domainName: string;
  /** The function of each route, in the order of `routes`. */
  public readonly functions: lambda.IFunction[];
  /** The functions this construct defined (routes given as `code`), with their log groups. */
  public readonly definedFunctions: lambda.Function[];
  /** The base URL of the stage, ending in '/' (the execute-api endpoint). */
  public readonly url: string;

  private readonly functionsByRoute = new Map<string, lambda.IFunction>();

  constructor(scope: Construct, id: string, props: ShopApiProps) {
    super(scope, id);
    const parsed = validateApiProps(this, props);
    this.apiType = props.apiType ?? ShopApiType.HTTP;
    const rest = this.apiType === ShopApiType.REST;
    const logRetention = props.logRetention ?? API_DEFAULTS.logRetention;
    const tracing = props.tracing ?? true;

    const ids = routeIds(parsed.map((p) => p.key));
    const defined: RouteFunction[] = [];
    const indexWildcards = new Map<lambda.IFunction, string[]>();
    const bindings: RouteBinding[] = props.routes.map((route, i) => {
      let fn: lambda.IFunction;
      if (route.code) {
        const made = defineRouteFunction(new Construct(this, ids[i]), route, {
          tracing,
          logRetention,
          vpc: props.vpc,
        });
        defined.push(made);
        fn = made.function;
      } else {
        fn = route.function!;
      }
      indexWildcards.set(
        fn,
        grantTables(this, `routes[${i}].tables`, fn, route.tables ?? [], props.tables ?? {}),
      );
      connectRoute(this, `routes[${i}]`, fn, route, props);
      this.functionsByRoute.set(route.route, fn);
      return { route, parsed: parsed[i], function: fn, id: ids[i] };
    });
    this.functions = bindings.map((b) => b.function);
    this.definedFunctions = defined.map((d) => d.function);

    this.accessLogGroup = new logs.LogGroup(this, 'AccessLogs', {
      retention: logRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const throttle: StageThrottle = {
      rateLimit: props.throttle?.rateLimit ?? API_DEFAULTS.throttleRateLimit,
      burstLimit: props.throttle?.burstLimit ?? API_DEFAULTS.throttleBurstLimit,
    };
    const stack = Stack.of(this);
    let originPath: string | undefined;
    let httpRoutes: apigwv2.HttpRoute[] = [];
    if (rest) {
      const stageName = props.stageName ?? API_DEFAULTS.restStageName;
      const parts = defineRestApi(this, bindings, {
        apiName: props.apiName,
        stageName,
        accessLogs: this.accessLogGroup,
        throttle,
        tracing,
        userPool: props.userPool,
      });
      this.restApi = parts.api;
      this.domainName = `${parts.api.restApiId}.execute-api.${stack.region}.${stack.urlSuffix}`;
      this.url = parts.api.url;
      originPath = `/${stageName}`;
    } else {
      const parts = defineHttpApi(this, bindings, {
        apiName: props.apiName,
        accessLogs: this.accessLogGroup,
        throttle,
        userPool: props.userPool,
        userPoolClients: props.userPoolClients ?? [],
      });
      this.httpApi = parts.api;
      this.httpStage = parts.stage;
      httpRoutes = parts.routes;
      this.domainName = `${parts.api.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`;
      this.url = parts.stage.url;
    }
    this.origin = new origins.HttpOrigin(this.domainName, {
      originPath,
      protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
    });
    acknowledgeApiFindings(this, {
      bindings,
      defined,
      rest,
      tracing,
      httpRoutes,
      logGroups: [this.accessLogGroup, ...defined.map((d) => d.logGroup)],
      logRetentionDays: logRetention,
      indexWildcards,
    });
  }

  /**
   * The function answering a route, by its route key exactly as given in `routes`.
   *
   * @param route e.g. 'GET /api/products'
   */
  public functionFor(route: string): lambda.IFunction {
    const fn = this.functionsByRoute.get(route);
    if (!fn) {
      throw new Error(
        `${this.node.path}: no route '${route}'. The routes are: ${[...this.functionsByRoute.keys()].join(', ')}.`,
      );
    }
    return fn;
  }
}
