/**
 * The web framework behind a `ShopEdge`'s origin, which decides the cache behaviours in front of
 * it.
 */
export class OriginFramework {
  /**
   * A Next.js storefront (such as Medusa's) with anything else behind the same origin:
   * `/_next/static/*` cached for a year, `/_next/image*` cached per query string and `Accept`
   * header, and every other path cached only as long as the origin's `Cache-Control` allows, per
   * query string, `Authorization` header and the Next.js router headers (`rsc`,
   * `next-router-state-tree`, `next-router-prefetch`, `next-router-segment-prefetch`, `next-url`),
   * so a React Server Component payload is never served for an HTML request. Three cache
   * policies are defined per `ShopEdge`.
   */
  public static readonly NEXT_JS = new OriginFramework('NEXT_JS');

  /**
   * Any framework: every path uncached except `cachedPathPatterns` (by default `/_next/static/*`
   * and `/static/*`, cached by path with the managed `CachingOptimized` policy). No custom cache
   * policy is defined.
   */
  public static readonly GENERIC = new OriginFramework('GENERIC');

  /** @param name the framework's name, as errors and docs write it */
  private constructor(public readonly name: string) {}
}
