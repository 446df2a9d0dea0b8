import * as fs from 'fs';
import * as path from 'path';
import { loadFunction, viewerRequestEvent } from './cloudfront-function';
import { CloudFrontRoute, routeRequest } from './cloudfront-matcher';

/*
 * What CloudFront does with one request to a storefront edge, read from the synthesized template:
 * 1. the behaviour CloudFront would pick (cloudfront-matcher.ts: behaviours in order, `*` and `?`
 *    wildcards, case-sensitive, the default last);
 * 2. the behaviour's viewer-request functions, run from the template's own FunctionCode under
 *    Node with CloudFront's event shape (cloudfront-function.ts);
 * 3. the origin it reaches and the path asked of it (the origin's OriginPath and the URI); for a
 *    bucket that a BucketDeployment fills, whether the build has the key, and the edge TTL: the
 *    max-age of the Cache-Control of the one deployment whose sync filters take the key (aws s3
 *    sync: every file, then each --exclude and --include in order, the last match winning) within
 *    the cache policy's TTLs (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/Expiration.html).
 */

/** What CloudFront does with a request. */
export interface EdgeOutcome {
  /** The behaviour's path pattern, or `default`. */
  readonly pattern: string;
  /** The origin, as the caller's `classify` names it. */
  readonly origin: string;
  /** The path the origin is asked for: its OriginPath, then the URI the functions hand on. */
  readonly path: string;
  /** Whether the query string handed on is the one the viewer sent. */
  readonly queryKept: boolean;
  readonly methodAllowed: boolean;
  /** Seconds the edge keeps the answer; 'uncached', or 'origin' when only the origin's headers can say. */
  readonly edgeTtl: number | 'uncached' | 'origin';
  /** For a deployed bucket's key: whether the build has it. */
  readonly inBuild?: boolean;
}

/** The template, how to name its origins, and the build the storefront bucket is filled from. */
export interface EdgeProofSubject {
  readonly template: { Resources: Record<string, any> };
  readonly classify: (route: CloudFrontRoute) => string;
  /** The build's files, relative with '/'. */
  readonly buildFiles: Set<string>;
}

export function resolveEdgeRequest(subject: EdgeProofSubject, url: string, method = 'GET'): EdgeOutcome {
  const { template } = subject;
  const route = routeRequest(template, url);
  const event = viewerRequestEvent(url, method);
  const request = runViewerRequestFunctions(template, route, event);
  const common = {
    pattern: route.pathPattern,
    origin: subject.classify(route),
    path: `${route.origin.OriginPath ?? ''}${request.uri}`,
    queryKept:
      JSON.stringify(request.querystring) === JSON.stringify(viewerRequestEvent(url).request.querystring),
    methodAllowed: (route.behavior.AllowedMethods as string[]).includes(method),
  };
  const deployments = bucketDeployments(template, route);
  if (deployments.length === 0) {
    return { ...common, edgeTtl: route.cachePolicy.maxTtl === 0 ? 'uncached' : 'origin' };
  }
  const key = request.uri.replace(/^\//, '');
  const cacheControl = objectCacheControl(deployments, key);
  const maxAge = Number(/max-age=(\d+)/.exec(cacheControl ?? '')?.[1] ?? route.cachePolicy.defaultTtl);
  return {
    ...common,
    edgeTtl: Math.min(Math.max(maxAge, route.cachePolicy.minTtl), route.cachePolicy.maxTtl),
    inBuild: subject.buildFiles.has(key),
  };
}

/** The files below a directory, relative with '/'. */
export function buildFilesOf(directory: string, prefix = ''): Set<string> {
  const found = new Set<string>();
  for (const entry of fs.readdirSync(path.join(directory, prefix), { withFileTypes: true })) {
    const relative = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) buildFilesOf(directory, relative).forEach((f) => found.add(f));
    else found.add(relative);
  }
  return found;
}

/** Runs the behaviour's viewer-request functions from the template's code; returns the request handed on. */
function runViewerRequestFunctions(
  template: { Resources: Record<string, any> },
  route: CloudFrontRoute,
  event: any,
): any {
  const associations: any[] = route.behavior.FunctionAssociations ?? [];
  let request = event.request;
  for (const association of associations.filter((a) => a.EventType === 'viewer-request')) {
    const fn = template.Resources[association.FunctionARN['Fn::GetAtt'][0]];
    expect(fn.Type).toBe('AWS::CloudFront::Function');
    const result = loadFunction(fn.Properties.FunctionCode)({ ...event, request });
    // a request object comes back, not a response (no statusCode)
    expect(result.statusCode).toBeUndefined();
    request = result;
  }
  return request;
}

/** The BucketDeployments that fill the route's origin bucket (none for other origins). */
function bucketDeployments(template: { Resources: Record<string, any> }, route: CloudFrontRoute): any[] {
  const bucket = route.origin.DomainName?.['Fn::GetAtt']?.[0];
  if (typeof bucket !== 'string') return [];
  return Object.values(template.Resources).filter(
    (r) =>
      r.Type === 'Custom::CDKBucketDeployment' &&
      JSON.stringify(r.Properties.DestinationBucketName) === JSON.stringify({ Ref: bucket }),
  );
}

/** aws s3 sync's filter: `*` any run of characters ('/' included), `?` one. */
function filterMatches(pattern: string, key: string): boolean {
  const regex = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${regex}$`, 's').test(key);
}

/** The Cache-Control a key gets from the one deployment whose filters take it (two would race). */
function objectCacheControl(deployments: any[], key: string): string | undefined {
  const taking = deployments.filter((r) => {
    const filters: [string, boolean][] = [
      ...((r.Properties.Exclude ?? []) as string[]).map((p): [string, boolean] => [p, false]),
      ...((r.Properties.Include ?? []) as string[]).map((p): [string, boolean] => [p, true]),
    ];
    return filters.reduce(
      (taken, [pattern, include]) => (filterMatches(pattern, key) ? include : taken),
      true,
    );
  });
  expect(taking).toHaveLength(1);
  return taking[0].Properties.SystemMetadata?.['cache-control'];
}
