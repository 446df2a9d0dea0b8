import { Template } from 'aws-cdk-lib/assertions';

/*
 * Routes a request through a synthesized AWS::CloudFront::Distribution the way CloudFront picks a
 * cache behaviour ("Path pattern", CloudFront developer guide,
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistValuesCacheBehavior.html#DownloadDistValuesPathPattern):
 * - the behaviours are tried in the order of `CacheBehaviors`; the first whose path pattern
 *   matches handles the request; when none does, the default cache behaviour does;
 * - the pattern is compared with the request's path only, never its query string;
 * - matching is case-sensitive; `*` matches 0 or more characters (`/` included) and `?` exactly
 *   one; a leading `/` on the pattern makes no difference.
 * It then resolves the behaviour's origin and policies: custom ones from the template, the
 * managed ones this file knows from the developer guide's tables (any other managed id throws,
 * so a test never passes on a policy the matcher would not read).
 */

/** A cache policy's settings, as a test compares them. */
export interface CachePolicySettings {
  readonly name: string;
  readonly minTtl: number;
  readonly defaultTtl: number;
  readonly maxTtl: number;
  /** Lower-case header names in the cache key. */
  readonly headers: string[];
  readonly cookies: 'none' | 'all' | string[];
  readonly queryStrings: 'none' | 'all' | string[];
}

/** Where CloudFront sends a request and how it caches the answer. */
export interface CloudFrontRoute {
  /** The matching behaviour's path pattern, or `default`. */
  readonly pathPattern: string;
  /** The behaviour as synthesized. */
  readonly behavior: any;
  /** The origin as synthesized (`Id`, `DomainName`, `S3OriginConfig` or `CustomOriginConfig`, …). */
  readonly origin: any;
  readonly cachePolicy: CachePolicySettings;
  /** The origin request policy's name (a managed one's name, or the custom one's logical id); undefined without one. */
  readonly originRequestPolicy?: string;
}

/**
 * CloudFront's managed cache policies used here, from "Use managed cache policies"
 * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-managed-cache-policies.html).
 */
export const MANAGED_CACHE_POLICIES: Record<string, CachePolicySettings> = {
  '658327ea-f89d-4fab-a63d-7e88639e58f6': {
    name: 'CachingOptimized',
    minTtl: 1,
    defaultTtl: 86400,
    maxTtl: 31536000,
    headers: [],
    cookies: 'none',
    queryStrings: 'none',
  },
  '4135ea2d-6df8-44a3-9df3-4b5a84be39ad': {
    name: 'CachingDisabled',
    minTtl: 0,
    defaultTtl: 0,
    maxTtl: 0,
    headers: [],
    cookies: 'none',
    queryStrings: 'none',
  },
};

/** CloudFront's managed origin request policies used here ("Use managed origin request policies"). */
export const MANAGED_ORIGIN_REQUEST_POLICIES: Record<string, string> = {
  'b689b0a8-53d0-40ab-baf2-68738e2966ac': 'AllViewerExceptHostHeader',
  '216adef6-5c7f-47e4-b989-5492eafa07d3': 'AllViewer',
};

/** Whether a CloudFront path pattern matches a request path (without its query string). */
export function pathPatternMatches(pattern: string, path: string): boolean {
  const bare = (s: string) => (s.startsWith('/') ? s.slice(1) : s);
  const regex = bare(pattern)
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${regex}$`, 's').test(bare(path));
}

/** The path of a request URL or path: what precedes `?` or `#`. */
export function requestPath(url: string): string {
  const withoutHost = url.replace(/^https?:\/\/[^/?#]*/i, '');
  const path = withoutHost.split(/[?#]/, 1)[0];
  return path === '' ? '/' : path;
}

/** Routes a request (a path with an optional query string, or a URL) through the template's one distribution. */
export function routeRequest(
  template: Template | { Resources: Record<string, any> },
  url: string,
): CloudFrontRoute {
  const resources: Record<string, any> =
    (template instanceof Template ? template.toJSON() : template).Resources ?? {};
  const distributions = Object.values(resources).filter((r) => r.Type === 'AWS::CloudFront::Distribution');
  if (distributions.length !== 1) {
    throw new Error(`expected one AWS::CloudFront::Distribution, found ${distributions.length}`);
  }
  const config = distributions[0].Properties.DistributionConfig;
  const path = requestPath(url);
  const behaviors: any[] = config.CacheBehaviors ?? [];
  const matched = behaviors.find((b) => pathPatternMatches(b.PathPattern, path));
  const behavior = matched ?? config.DefaultCacheBehavior;
  const origin = (config.Origins as any[]).find((o) => o.Id === behavior.TargetOriginId);
  if (!origin) {
    throw new Error(
      `behaviour ${behavior.PathPattern ?? 'default'} targets no origin '${behavior.TargetOriginId}'`,
    );
  }
  return {
    pathPattern: matched ? matched.PathPattern : 'default',
    behavior,
    origin,
    cachePolicy: cachePolicySettings(resources, behavior.CachePolicyId),
    originRequestPolicy:
      behavior.OriginRequestPolicyId === undefined
        ? undefined
        : originRequestPolicyName(resources, behavior.OriginRequestPolicyId),
  };
}

function cachePolicySettings(resources: Record<string, any>, id: any): CachePolicySettings {
  if (typeof id === 'string') {
    const managed = MANAGED_CACHE_POLICIES[id];
    if (!managed) throw new Error(`unknown managed cache policy '${id}': add it to MANAGED_CACHE_POLICIES`);
    return managed;
  }
  const logicalId = id?.Ref;
  const resource = resources[logicalId];
  if (resource?.Type !== 'AWS::CloudFront::CachePolicy') {
    throw new Error(`cache policy ${JSON.stringify(id)} is neither a managed id nor a Ref to a cache policy`);
  }
  const c = resource.Properties.CachePolicyConfig;
  const key = c.ParametersInCacheKeyAndForwardedToOrigin;
  // 'allExcept' and the like are refused: a test must not pass on what the matcher cannot read
  const list = (settings: any, field: 'Cookie' | 'QueryString'): 'none' | 'all' | string[] => {
    const kind = settings[`${field}Behavior`];
    if (kind === 'none' || kind === 'all') return kind;
    if (kind === 'whitelist') return [...settings[`${field}s`]].sort();
    throw new Error(`cache policy ${logicalId}: ${field} behaviour '${kind}' is not read by this matcher`);
  };
  const headerBehavior = key.HeadersConfig.HeaderBehavior;
  if (headerBehavior !== 'none' && headerBehavior !== 'whitelist') {
    throw new Error(
      `cache policy ${logicalId}: header behaviour '${headerBehavior}' is not read by this matcher`,
    );
  }
  return {
    name: logicalId,
    minTtl: c.MinTTL,
    defaultTtl: c.DefaultTTL,
    maxTtl: c.MaxTTL,
    headers:
      headerBehavior === 'none' ? [] : key.HeadersConfig.Headers.map((h: string) => h.toLowerCase()).sort(),
    cookies: list(key.CookiesConfig, 'Cookie'),
    queryStrings: list(key.QueryStringsConfig, 'QueryString'),
  };
}

function originRequestPolicyName(resources: Record<string, any>, id: any): string {
  if (typeof id === 'string') {
    const managed = MANAGED_ORIGIN_REQUEST_POLICIES[id];
    if (!managed) throw new Error(`unknown managed origin request policy '${id}'`);
    return managed;
  }
  if (resources[id?.Ref]?.Type !== 'AWS::CloudFront::OriginRequestPolicy') {
    throw new Error(`origin request policy ${JSON.stringify(id)} is neither a managed id nor a Ref to one`);
  }
  return id.Ref;
}
