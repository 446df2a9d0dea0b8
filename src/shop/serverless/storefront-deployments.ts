import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import type { StorefrontSettings } from './storefront-validation';
import { STATIC_ASSETS_CACHE_CONTROL, acknowledgeDeploymentHandler } from '../../edge/static-assets';

/** What every file outside the hashed folders carries: fetched again (or revalidated) every time. */
export const PAGES_CACHE_CONTROL = 'public, max-age=0, must-revalidate';
/** What every file of a hashed folder carries: its name is its content's hash. */
export const HASHED_ASSETS_CACHE_CONTROL = STATIC_ASSETS_CACHE_CONTROL;

/** The uploads of a storefront build. */
export interface StorefrontDeployments {
  /** The hashed folders, never pruned; undefined when the build has none. */
  readonly hashedAssets?: s3deploy.BucketDeployment;
  /** Everything else, pruned; runs after `hashedAssets`. */
  readonly pages: s3deploy.BucketDeployment;
}

/**
 * Uploads the build in two syncs of the same asset (one zip): the hashed folders first, with a
 * year's immutable `Cache-Control` and `prune: false`, so files of earlier builds stay for the
 * pages still open in browsers; then every other file with `max-age=0, must-revalidate` and
 * `prune: true`, whose excluded hashed folders the prune leaves alone. A new page is never
 * served before its chunks are in the bucket.
 *
 * Filters: https://docs.aws.amazon.com/cli/latest/reference/s3/index.html#use-of-exclude-and-include-filters
 */
export function deployStorefront(
  scope: Construct,
  bucket: s3.IBucket,
  settings: StorefrontSettings,
): StorefrontDeployments {
  const source = s3deploy.Source.asset(settings.directory);
  const hashedFilters = settings.hashedAssetDirectories.map((folder) => `${folder}/*`);
  const common = {
    sources: [source],
    destinationBucket: bucket,
    retainOnDelete: true,
    // a build has hundreds of files: their keys would overflow the 4 KB custom-resource response
    outputObjectKeys: false,
    memoryLimit: 512,
  };

  let hashedAssets: s3deploy.BucketDeployment | undefined;
  if (hashedFilters.length > 0) {
    hashedAssets = new s3deploy.BucketDeployment(scope, 'HashedAssetsDeployment', {
      ...common,
      exclude: ['*'],
      include: hashedFilters,
      prune: false,
      cacheControl: [s3deploy.CacheControl.fromString(HASHED_ASSETS_CACHE_CONTROL)],
    });
    acknowledgeDeploymentHandler(hashedAssets);
  }
  const pages = new s3deploy.BucketDeployment(scope, 'PagesDeployment', {
    ...common,
    exclude: hashedFilters.length > 0 ? hashedFilters : undefined,
    prune: true,
    cacheControl: [s3deploy.CacheControl.fromString(PAGES_CACHE_CONTROL)],
  });
  acknowledgeDeploymentHandler(pages);
  if (hashedAssets) pages.node.addDependency(hashedAssets);
  return { hashedAssets, pages };
}
