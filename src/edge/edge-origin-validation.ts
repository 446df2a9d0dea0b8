import { Stack, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { apiPathPatternOf } from './edge-behaviors';
import type { ShopEdgeProps } from './shop-edge-props';
import { invalidProp } from '../private/errors';

/**
 * Rejects an edge without exactly one of `origin` and `storefront`, a storefront with the props
 * that belong to an origin, and an `apiPathPattern` without `apiOrigin`.
 */
export function validateOriginChoice(scope: Construct, props: ShopEdgeProps): void {
  if (!props.origin && !props.storefront) {
    throw invalidProp(
      scope,
      'origin',
      'neither origin nor storefront is given, so nothing would serve the default behaviour',
      'Give origin (a load balancer or other HTTPS origin) or storefront (a ShopStorefront), exactly one.',
    );
  }
  if (props.origin && props.storefront) {
    throw invalidProp(
      scope,
      'storefront',
      'origin is given too, and both would serve the default behaviour',
      'Give one: storefront for a static site (put its API at apiOrigin), or origin for a server-rendered shop.',
    );
  }
  if (props.apiPathPattern !== undefined && !props.apiOrigin) {
    throw invalidProp(
      scope,
      'apiPathPattern',
      "there is no 'apiOrigin' to serve it from",
      'Give apiOrigin, or remove apiPathPattern.',
    );
  }
  const storefront = props.storefront;
  if (!storefront) return;
  const originOnly: [keyof ShopEdgeProps, string][] = [
    ['framework', 'its Next.js behaviours go to a server origin; a static export has no /_next/image'],
    [
      'cachedPathPatterns',
      'they are served from origin; the storefront caches each file as its Cache-Control says',
    ],
    ['staticAssets', 'the storefront uploads its own hashed assets (hashedAssetDirectories)'],
    ['forwardHostHeader', 'S3 answers for its own name only'],
  ];
  for (const [prop, why] of originOnly) {
    if (props[prop] !== undefined) {
      throw invalidProp(
        scope,
        prop,
        `it applies to origin, and storefront is given: ${why}`,
        `Remove ${prop}, or give origin instead of storefront.`,
      );
    }
  }
  if (Stack.of(storefront) !== Stack.of(scope)) {
    throw invalidProp(
      scope,
      'storefront',
      `${storefront.node.path} is in stack ${Stack.of(storefront).stackName}, and its bucket policy must name this distribution while the distribution names the bucket (a reference cycle between the stacks)`,
      'Define the ShopStorefront in the stack of the ShopEdge.',
    );
  }
}

/**
 * The API's path pattern may not be another behaviour's, nor take every request of a later one
 * (CloudFront tries the API's behaviour first): `'/api/*'` before `'/api/media/*'` leaves the
 * second unreachable.
 */
export function validateApiPath(scope: Construct, props: ShopEdgeProps, later: string[]): void {
  const api = apiPathPatternOf(props);
  if (api === undefined || Token.isUnresolved(api)) return;
  for (const other of later) {
    if (Token.isUnresolved(other)) continue;
    if (other === api) {
      throw invalidProp(
        scope,
        'apiPathPattern',
        `'${api}' is also the path of another behaviour (media, cached paths or the framework's), so the path would have two origins`,
        "Give the API a path of its own, such as '/api/*'.",
      );
    }
    const prefix = api.endsWith('*') ? api.slice(0, -1) : undefined;
    if (prefix !== undefined && !/[*?]/.test(prefix) && other.startsWith(prefix)) {
      throw invalidProp(
        scope,
        'apiPathPattern',
        `'${api}' comes first and takes every request of '${other}', which would never be reached`,
        `Give the API a narrower path, or move '${other}' out from under '${prefix}'.`,
      );
    }
  }
}
