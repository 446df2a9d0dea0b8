/**
 * API Gateway: HTTP APIs and REST APIs are billed per request; stages, routes, integrations,
 * authorizers and deployments have no charge of their own. The functions an API integrates
 * share its requests (see `apiRoutes`), instead of a share of `functionInvocationsPerMonth`.
 * @see https://aws.amazon.com/api-gateway/pricing/
 */
import { bool, props, referencedIds, refTarget, Resources, str } from '../cfn';
import { fmt, lines, notPriced, Pricer, PricerFamily, PricingContext } from './helpers';

const API_SHARE = 'apigateway';

/** The share of `requestsPerMonth` that calls an API when a CDN serves the pages and assets. */
export const API_SHARE_BEHIND_CDN = 0.25;

/** The first-tier ceilings of the HTTP and REST request prices (a month, per account). */
const FIRST_TIER = { http: 300e6, rest: 333e6 };

/** The APIs of a template and the Lambda functions each integrates. */
export interface ApiRoutes {
  /** Whether the template has a CloudFront distribution (the default API requests depend on it). */
  readonly behindCdn: boolean;
  /** The functions each priced API integrates (logical IDs), by the API's logical ID. */
  readonly functionsByApi: ReadonlyMap<string, readonly string[]>;
  /** The APIs that integrate each function, by the function's logical ID. */
  readonly apisByFunction: ReadonlyMap<string, readonly string[]>;
}

/** An HTTP API (ProtocolType HTTP) or a REST API: priced per request. WebSocket APIs are not. */
function isRequestPricedApi(resource: any): boolean {
  if (resource?.Type === 'AWS::ApiGateway::RestApi') return true;
  return resource?.Type === 'AWS::ApiGatewayV2::Api' && protocolOf(resource) === 'HTTP';
}

/** An API's protocol: an API imported from an OpenAPI definition without ProtocolType is HTTP. */
function protocolOf(resource: any): string | undefined {
  const p = props(resource);
  if (p.ProtocolType === undefined) {
    return p.Body !== undefined || p.BodyS3Location !== undefined ? 'HTTP' : undefined;
  }
  return str(p.ProtocolType);
}

/** The function a reference to a function, an alias or a version stands for. */
function functionOf(resources: Resources, id: string): string | undefined {
  const r = resources[id];
  if (r?.Type === 'AWS::Lambda::Function') return id;
  if (r?.Type === 'AWS::Lambda::Alias' || r?.Type === 'AWS::Lambda::Version') {
    const fn = refTarget(props(r).FunctionName);
    return fn && resources[fn]?.Type === 'AWS::Lambda::Function' ? fn : undefined;
  }
  return undefined;
}

/**
 * Finds which functions each API integrates: an HTTP API's integrations (`IntegrationUri`) and
 * quick-create `Target`, a REST API's methods (`Integration.Uri`, proxy or not) and the functions
 * its OpenAPI `Body` names; through an alias or a version too. Lambda authorizers are not
 * integrations: they share `functionInvocationsPerMonth` as other functions do.
 */
export function apiRoutes(resources: Resources): ApiRoutes {
  const byApi = new Map<string, Set<string>>();
  const add = (api: string | undefined, value: unknown) => {
    if (!api || !isRequestPricedApi(resources[api])) return;
    const fns = byApi.get(api) ?? new Set<string>();
    for (const id of referencedIds(value)) {
      const fn = functionOf(resources, id);
      if (fn) fns.add(fn);
    }
    byApi.set(api, fns);
  };
  let behindCdn = false;
  for (const [id, r] of Object.entries(resources)) {
    const p = props(r);
    switch (r?.Type) {
      case 'AWS::CloudFront::Distribution':
        behindCdn = true;
        break;
      case 'AWS::ApiGatewayV2::Integration':
        add(refTarget(p.ApiId), p.IntegrationUri);
        break;
      case 'AWS::ApiGatewayV2::Api':
        add(id, [p.Target, p.Body]);
        break;
      case 'AWS::ApiGateway::Method':
        add(refTarget(p.RestApiId), p.Integration?.Uri);
        break;
      case 'AWS::ApiGateway::RestApi':
        add(id, p.Body);
        break;
    }
  }
  const functionsByApi = new Map<string, string[]>();
  const apisByFunction = new Map<string, string[]>();
  for (const [api, fns] of byApi) {
    functionsByApi.set(api, [...fns]);
    for (const fn of fns) apisByFunction.set(fn, [...(apisByFunction.get(fn) ?? []), api]);
  }
  return { behindCdn, functionsByApi, apisByFunction };
}

/** The stack's API requests a month and how they were found (for the lines' assumptions). */
export function apiRequests(ctx: PricingContext): { total: number; why: string } {
  const given = ctx.assumptions.apiRequestsPerMonth;
  if (given !== undefined) return { total: given, why: `apiRequestsPerMonth ${fmt(given)}` };
  const requests = ctx.assumptions.requestsPerMonth;
  if (ctx.facts.apiRoutes.behindCdn) {
    const total = requests * API_SHARE_BEHIND_CDN;
    return {
      total,
      why:
        `apiRequestsPerMonth not set: requestsPerMonth ${fmt(requests)} × ${API_SHARE_BEHIND_CDN} = ${fmt(total)} ` +
        '(the template has a CloudFront distribution, which serves the pages and assets)',
    };
  }
  return { total: requests, why: `apiRequestsPerMonth not set: requestsPerMonth ${fmt(requests)}` };
}

/** One API's even share of the stack's API requests, with how it was found. */
export function apiShare(ctx: PricingContext): { requests: number; why: string } {
  const { total, why } = apiRequests(ctx);
  const n = ctx.share(API_SHARE);
  return {
    requests: total / n,
    why: why + (n > 1 ? ` split evenly over ${n} APIs = ${fmt(total / n)} per API` : ''),
  };
}

function apiPricer(kind: 'http' | 'rest'): Pricer {
  return (id, resource, ctx) => {
    const protocol = kind === 'http' ? protocolOf(resource) : 'REST';
    if (protocol !== 'HTTP' && protocol !== 'REST') {
      return notPriced(
        protocol === 'WEBSOCKET'
          ? 'a WebSocket API: priced per message and connection minute, not in the price table'
          : 'ProtocolType not a literal',
      );
    }
    const { requests, why } = apiShare(ctx);
    const functions = ctx.facts.apiRoutes.functionsByApi.get(id) ?? [];
    const label = kind === 'http' ? 'HTTP API' : 'REST API';
    return lines({
      description: `${label} requests`,
      priceKey: `apiGateway.${kind}.perMillion`,
      quantity: requests / 1e6,
      unit: 'million requests',
      assumption: [
        why,
        functions.length > 0
          ? `its ${functions.length} integrated function(s) share these requests`
          : 'no Lambda integration found',
        kind === 'http' ? 'metered in 512 KB increments: a larger request counts once per 512 KB' : undefined,
        requests > FIRST_TIER[kind]
          ? `above ${fmt(FIRST_TIER[kind] / 1e6)} million a month the price per million is lower: priced at the first tier`
          : undefined,
        "API Gateway's free tier lasts the first 12 months only: not deducted",
        kind === 'rest' ? 'caching and data transfer priced apart (not here)' : undefined,
      ]
        .filter((s) => s !== undefined)
        .join('; '),
    });
  };
}

/** A REST API stage: no charge, unless it runs a cache cluster (hourly, not in the price table). */
const restStage: Pricer = (_id, resource) => {
  const p = props(resource);
  const cache = bool(p.CacheClusterEnabled);
  if (cache === true || (p.CacheClusterEnabled !== undefined && cache === undefined)) {
    return notPriced(
      `a cache cluster${str(p.CacheClusterSize) ? ` of ${str(p.CacheClusterSize)} GB` : ''}: charged per hour, not in the price table`,
    );
  }
  return { kind: 'free', reason: 'no charge of its own (requests are priced on the API)' };
};

/** HTTP and REST APIs, per request; WebSocket APIs and REST cache clusters are not priced. */
export const API_GATEWAY: PricerFamily = {
  pricers: {
    'AWS::ApiGatewayV2::Api': apiPricer('http'),
    'AWS::ApiGateway::RestApi': apiPricer('rest'),
    'AWS::ApiGateway::Stage': restStage,
  },
  shareRules: {
    'AWS::ApiGatewayV2::Api': (_id, r) => (isRequestPricedApi(r) ? API_SHARE : undefined),
    'AWS::ApiGateway::RestApi': () => API_SHARE,
  },
  free: {
    'AWS::ApiGatewayV2::Stage': 'no charge of its own (requests are priced on the API)',
    'AWS::ApiGatewayV2::Route': 'no charge of its own (requests are priced on the API)',
    'AWS::ApiGatewayV2::RouteResponse': 'no charge',
    'AWS::ApiGatewayV2::Integration': 'no charge of its own (invocations are priced on the function)',
    'AWS::ApiGatewayV2::IntegrationResponse': 'no charge',
    'AWS::ApiGatewayV2::Authorizer': 'no charge (a Lambda authorizer is priced on its function)',
    'AWS::ApiGatewayV2::Deployment': 'no charge',
    'AWS::ApiGatewayV2::Model': 'no charge',
    'AWS::ApiGatewayV2::DomainName': 'no charge (custom domain names are free)',
    'AWS::ApiGatewayV2::ApiMapping': 'no charge',
    'AWS::ApiGatewayV2::VpcLink': 'no charge (HTTP API VPC links are free)',
    'AWS::ApiGateway::Deployment': 'no charge (a stage cache it describes is listed on the stage)',
    'AWS::ApiGateway::Resource': 'no charge',
    'AWS::ApiGateway::Method': 'no charge of its own (requests are priced on the API)',
    'AWS::ApiGateway::Authorizer': 'no charge (a Lambda authorizer is priced on its function)',
    'AWS::ApiGateway::Account': 'no charge',
    'AWS::ApiGateway::Model': 'no charge',
    'AWS::ApiGateway::RequestValidator': 'no charge',
    'AWS::ApiGateway::GatewayResponse': 'no charge',
    'AWS::ApiGateway::DomainName': 'no charge (custom domain names are free)',
    'AWS::ApiGateway::BasePathMapping': 'no charge',
    'AWS::ApiGateway::BasePathMappingV2': 'no charge',
    'AWS::ApiGateway::UsagePlan': 'no charge',
    'AWS::ApiGateway::UsagePlanKey': 'no charge',
    'AWS::ApiGateway::ApiKey': 'no charge',
    'AWS::ApiGateway::DocumentationPart': 'no charge',
    'AWS::ApiGateway::DocumentationVersion': 'no charge',
  },
  priceKeys: ['apiGateway.http.perMillion', 'apiGateway.rest.perMillion'],
};
