import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';

/** The cache policies of a `ShopEdge`'s Next.js behaviours, defined once per edge. */
export interface NextJsCachePolicies {
  /** `/_next/static/*`: by path, a year unless the origin says less (min 0 s, default and max 365 days). */
  readonly staticAssets: cloudfront.ICachePolicy;
  /** `/_next/image*`: per query string and `Accept` (min 0 s, default 1 day, max 365 days). */
  readonly images: cloudfront.ICachePolicy;
  /**
   * Every other path: per query string, `Authorization` and the Next.js router headers, as long
   * as the origin's `Cache-Control` allows (min 0 s, default 0 s, max 365 days).
   */
  readonly pages: cloudfront.ICachePolicy;
}
