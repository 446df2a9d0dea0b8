import { Aspects, Duration, IAspect, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct, IConstruct } from 'constructs';
import type { NextJsStaticAssets } from './nextjs-static-assets';
import { acknowledge } from '../private/acknowledge';
import { acknowledgeBuildBucket } from '../private/build-bucket-findings';
import { privateBucketProps } from '../private/private-bucket';

/** What every uploaded asset carries: its name is its content's hash. */
export const STATIC_ASSETS_CACHE_CONTROL = 'public, max-age=31536000, immutable';
/** The key prefix of the assets: the request path without its leading '/'. */
export const STATIC_ASSETS_KEY_PREFIX = '_next/static/';

/** The bucket holding the assets and the deployment uploading them. */
export interface StaticAssetsParts {
  readonly bucket: s3.IBucket;
  readonly deployment: s3deploy.BucketDeployment;
}

/**
 * Uploads the assets to their bucket with `prune: false` (files of earlier builds are never
 * deleted) and a year's immutable `Cache-Control`.
 */
export function deployStaticAssets(scope: Construct, assets: NextJsStaticAssets): StaticAssetsParts {
  const bucket = assets.bucket ?? defineStaticAssetsBucket(scope);
  const deployment = new s3deploy.BucketDeployment(scope, 'StaticAssetsDeployment', {
    sources: [s3deploy.Source.asset(assets.directory)],
    destinationBucket: bucket,
    destinationKeyPrefix: STATIC_ASSETS_KEY_PREFIX,
    prune: false,
    retainOnDelete: true,
    cacheControl: [s3deploy.CacheControl.fromString(STATIC_ASSETS_CACHE_CONTROL)],
    // a build has hundreds of files: their keys would overflow the 4 KB custom-resource response
    outputObjectKeys: false,
    memoryLimit: 512,
  });
  acknowledgeDeploymentHandler(deployment);
  return { bucket, deployment };
}

function defineStaticAssetsBucket(scope: Construct): s3.Bucket {
  const bucket = new s3.Bucket(scope, 'StaticAssetsBucket', {
    ...privateBucketProps(),
    lifecycleRules: [
      {
        id: 'OverwrittenAssets',
        // an asset uploaded again leaves its identical previous version behind
        noncurrentVersionExpiration: Duration.days(30),
        abortIncompleteMultipartUploadAfter: Duration.days(1),
      },
    ],
  });
  acknowledgeBuildBucket(bucket, {
    served: 'The assets are public JavaScript and CSS',
    deletions: 'the deployment never deletes (prune false)',
  });
  return bucket;
}

const acknowledged = new WeakSet<IConstruct>();

/** aws-cdk-lib's one deployment handler per memory size and stack, and its role, acknowledged once. */
export function acknowledgeDeploymentHandler(deployment: s3deploy.BucketDeployment): void {
  const role = deployment.handlerRole;
  const handler = role.node.scope;
  if (!handler || acknowledged.has(handler)) return;
  acknowledged.add(handler);
  const deployTime =
    "aws-cdk-lib's BucketDeployment handler runs only when the stack deploys, copying build output between two buckets.";
  acknowledge(
    handler,
    {
      id: 'AwsSolutions-L1',
      reason: `${deployTime} Its runtime is aws-cdk-lib's choice, updated with aws-cdk-lib.`,
    },
    {
      id: 'NIST.800.53.R5-LambdaConcurrency',
      reason: `${deployTime} CloudFormation calls it once per deployment.`,
    },
    {
      id: 'guard:lambda_concurrency_check',
      reason: `${deployTime} CloudFormation calls it once per deployment.`,
    },
    {
      id: 'NIST.800.53.R5-LambdaDLQ',
      reason: `${deployTime} A failure fails the deployment, which CloudFormation reports.`,
    },
    {
      id: 'guard:lambda_dlq_check',
      reason: `${deployTime} A failure fails the deployment, which CloudFormation reports.`,
    },
    { id: 'NIST.800.53.R5-LambdaInsideVPC', reason: `${deployTime} It reaches only S3's API, no shop data.` },
    { id: 'guard:lambda_inside_vpc_check', reason: `${deployTime} It reaches only S3's API, no shop data.` },
  );
  acknowledge(
    role,
    {
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: "aws-cdk-lib's BucketDeployment handler writes only its own logs with this AWS-managed policy.",
    },
    {
      id: 'NIST.800.53.R5-IAMNoInlinePolicy',
      reason: "aws-cdk-lib's BucketDeployment handler carries its grants as the role's own policy.",
    },
  );
  // with the recommended flags the handler logs to a group of its own; CloudWatch Logs encrypts
  // every log group at rest (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html)
  const logGroup = handler.node.tryFindChild('LogGroup');
  if (logGroup) {
    const deployLogs = `${deployTime} Its log group holds the file names it copied, no shop data; CloudWatch Logs encrypts it at rest, and a KMS key would add $1 a month for deployment logs.`;
    acknowledge(
      logGroup,
      { id: 'NIST.800.53.R5-CloudWatchLogGroupEncrypted', reason: deployLogs },
      { id: 'guard:cloudwatch_log_group_encrypted_check', reason: deployLogs },
    );
  }
  // the grants are complete only at synth time (every deployment of the stack adds its buckets)
  Aspects.of(handler).add(new WildcardGrantAcknowledgement());
}

/**
 * Acknowledges each wildcard of the handler's policy, as cdk-nag names it (`Action::s3:List*`,
 * `Resource::<Bucket.Arn>/*`): aws-cdk-lib grants object-level actions on a bucket's `/*`.
 */
class WildcardGrantAcknowledgement implements IAspect {
  public visit(node: IConstruct): void {
    if (!(node instanceof iam.CfnPolicy) || acknowledged.has(node)) return;
    acknowledged.add(node);
    const document = Stack.of(node).resolve(node.policyDocument) as { Statement?: any[] };
    const ids = new Set<string>();
    for (const statement of document.Statement ?? []) {
      for (const action of [statement.Action ?? []].flat()) {
        if (typeof action === 'string' && action.includes('*')) ids.add(`Action::${action}`);
      }
      for (const resource of [statement.Resource ?? []].flat()) {
        const rendered = renderIntrinsic(resource);
        if (rendered.includes('*')) ids.add(`Resource::${rendered}`);
      }
    }
    acknowledge(
      node,
      ...[...ids].map((finding) => ({
        id: `AwsSolutions-IAM5[${finding}]`,
        reason:
          "aws-cdk-lib grants the BucketDeployment handler object-level reads of the asset bucket and writes to the destination bucket: object actions need the bucket's /* resource.",
      })),
    );
  }
}

/** A policy resource as cdk-nag writes it: `<Logical.Arn>`, `<AWS::Partition>`, joins concatenated, `${X}` of a Sub as `<X>`. */
function renderIntrinsic(value: any): string {
  if (typeof value === 'string') return value;
  if (value?.Ref !== undefined) return `<${value.Ref}>`;
  if (value?.['Fn::GetAtt'] !== undefined) return `<${[value['Fn::GetAtt']].flat().join('.')}>`;
  if (value?.['Fn::Sub'] !== undefined) {
    // an environment-agnostic stack names the asset bucket with Fn::Sub ('${AWS::AccountId}')
    const text = [value['Fn::Sub']].flat()[0] as string;
    return text.replace(/\$\{([^}]+)\}/g, '<$1>');
  }
  if (value?.['Fn::Join'] !== undefined) {
    const [separator, parts] = value['Fn::Join'];
    return (parts as any[]).map(renderIntrinsic).join(separator);
  }
  return JSON.stringify(value);
}
