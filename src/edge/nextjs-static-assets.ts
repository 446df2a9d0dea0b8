import * as s3 from 'aws-cdk-lib/aws-s3';

/**
 * A Next.js build's static assets, uploaded to S3 so that `/_next/static/*` is served from a
 * bucket: files of earlier builds stay there, and a browser still holding an old page finds its
 * old hashed chunks while a rolling deployment replaces the tasks.
 */
export interface NextJsStaticAssets {
  /**
   * The local directory of the build's static assets: `.next/static` of a `next build` (the
   * directory that holds `chunks/`), not `.next` itself. Its contents are uploaded under
   * `_next/static/`.
   */
  readonly directory: string;

  /**
   * The bucket to upload to. A bucket in the same stack gets a bucket policy allowing this
   * distribution to read it; for an imported bucket, add that statement yourself.
   *
   * @default - a bucket of its own: private, SSE-S3, TLS only, versioned, retained when the stack is deleted
   */
  readonly bucket?: s3.IBucket;
}
