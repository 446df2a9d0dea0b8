import { Duration } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import type { ShopStorefrontProps } from './shop-storefront-props';
import { deployStorefront } from './storefront-deployments';
import { acknowledgeStorefrontBucket } from './storefront-findings';
import { defineRewriteFunction } from './storefront-function';
import { StorefrontRouting } from './storefront-routing';
import { validateStorefrontProps } from './storefront-validation';
import { privateBucketProps } from '../../private/private-bucket';

/**
 * A static storefront (a Next.js `output: 'export'` build or any single-page app) in a private
 * bucket, ready for `ShopEdge`'s `storefront` prop.
 *
 * The build is uploaded at deployment: files of the hashed folders (`_next/static/` by default)
 * with `Cache-Control: public, max-age=31536000, immutable`, never deleted by a later build;
 * everything else (HTML and other files) with `public, max-age=0, must-revalidate`, removed once
 * a build no longer has it. The bucket is private (SSE-S3, no public access, TLS only,
 * versioned, retained when the stack is deleted) and read by CloudFront through an Origin Access
 * Control. A CloudFront Function (viewer request) maps paths to files per `routing`.
 *
 * @exampleMetadata nofixture
 * @example
 * import { Stack } from 'aws-cdk-lib';
 * import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
 * import { ShopEdge, ShopStorefront, StorefrontRouting } from 'cdk-shop';
 *
 * declare const stack: Stack;
 * const storefront = new ShopStorefront(stack, 'Storefront', {
 *   directory: 'storefront/out', // next build with output: 'export'
 *   routing: StorefrontRouting.STATIC_PAGES,
 * });
 * new ShopEdge(stack, 'Edge', {
 *   storefront,
 *   apiOrigin: new origins.HttpOrigin('abc123.execute-api.us-east-1.amazonaws.com'),
 * });
 */
export class ShopStorefront extends Construct {
  /** The bucket the build is uploaded to. */
  public readonly bucket: s3.Bucket;
  /**
   * The bucket as a CloudFront origin, read through an Origin Access Control that may get and list
   * objects (so a missing file answers 404, not 403).
   */
  public readonly origin: cloudfront.IOrigin;
  /** The viewer-request function (cloudfront-js-2.0) that maps request paths to the build's files. */
  public readonly rewriteFunction: cloudfront.Function;
  /** The uploads: the hashed folders first (when the build has them), then everything else. */
  public readonly deployments: s3deploy.BucketDeployment[];
  /** How request paths map to files. */
  public readonly routing: StorefrontRouting;
  /** The build's folders uploaded as immutable and never pruned, relative to its directory. */
  public readonly hashedAssetDirectories: string[];

  constructor(scope: Construct, id: string, props: ShopStorefrontProps) {
    super(scope, id);
    const settings = validateStorefrontProps(this, props);
    this.routing = settings.routing;
    this.hashedAssetDirectories = settings.hashedAssetDirectories;

    this.bucket = new s3.Bucket(this, 'Bucket', {
      ...privateBucketProps(),
      lifecycleRules: [
        {
          id: 'EarlierBuilds',
          // every deployment overwrites or prunes the pages, leaving their previous versions
          noncurrentVersionExpiration: Duration.days(30),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
    });
    acknowledgeStorefrontBucket(this.bucket);
    // LIST: S3 answers a key the build lacks with 404 instead of 403 (GetObject without
    // s3:ListBucket hides whether a key exists). Listing itself cannot reach S3 through the edge:
    // the storefront's cache policy forwards no query string, and '/' is rewritten to index.html.
    // https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html
    this.origin = origins.S3BucketOrigin.withOriginAccessControl(this.bucket, {
      originAccessLevels: [cloudfront.AccessLevel.READ, cloudfront.AccessLevel.LIST],
    });
    this.rewriteFunction = defineRewriteFunction(this, settings);

    const uploads = deployStorefront(this, this.bucket, settings);
    this.deployments = uploads.hashedAssets ? [uploads.hashedAssets, uploads.pages] : [uploads.pages];
  }
}
