import * as s3 from 'aws-cdk-lib/aws-s3';
import { acknowledgeBuildBucket } from '../../private/build-bucket-findings';

/** The cdk-nag and cfn-guard findings the storefront's bucket accepts by design, with their reasons. */
export function acknowledgeStorefrontBucket(bucket: s3.Bucket): void {
  acknowledgeBuildBucket(bucket, {
    served: "The storefront's files are public HTML, JavaScript and CSS",
    deletions:
      'a deployment deletes only the files a newer build no longer has (the hashed folders never), their versions kept 30 days',
  });
}
