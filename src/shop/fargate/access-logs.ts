import { Aws, CfnCondition, CfnResource, Duration, Fn, Stack, Token } from 'aws-cdk-lib';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { FactName, RegionInfo } from 'aws-cdk-lib/region-info';
import { Construct } from 'constructs';
import { acknowledgeLogBucket } from '../../private/log-bucket-findings';
import { privateBucketProps } from '../../private/private-bucket';

/** How long the load balancer's access logs are kept: a quarter, enough to look back at an incident or a bill. */
export const ACCESS_LOG_RETENTION = Duration.days(90);

/**
 * The bucket the load balancer writes its access logs to: retained when the stack goes, SSE-S3
 * (the only server-side encryption ALB access logs support: "Access log files" in the ALB user
 * guide; aws-cdk-lib's `logAccessLogs` refuses a KMS bucket), private, TLS only, versioned, ACLs
 * off (ALB delivers through the bucket policy), logs expiring after {@link ACCESS_LOG_RETENTION}.
 */
export function createAccessLogBucket(scope: Construct): s3.Bucket {
  const bucket = new s3.Bucket(scope, 'AccessLogs', {
    ...privateBucketProps(),
    lifecycleRules: [
      {
        id: 'ExpireAccessLogs',
        expiration: ACCESS_LOG_RETENTION,
        // a deleted or overwritten log file stays recoverable for a week
        noncurrentVersionExpiration: Duration.days(7),
        abortIncompleteMultipartUploadAfter: Duration.days(1),
      },
    ],
  });
  acknowledgeAccessLogBucket(bucket);
  return bucket;
}

/**
 * The service principal ELB access logs are delivered by in the regions that have no ELB
 * account: those launched in August 2022 or later ("Enable access logs", ALB user guide).
 */
export const ELB_LOG_DELIVERY_SERVICE = 'logdelivery.elasticloadbalancing.amazonaws.com';

/**
 * Turns on the load balancer's access logs to `bucket`, with the bucket policy that lets ELB
 * write them. In a stack with a region, that is aws-cdk-lib's `logAccessLogs`: it grants the
 * region's ELB account, or the log delivery service principal where the region has none. In an
 * environment-agnostic stack the same choice is made at deploy time by conditions on
 * `AWS::Region`, so any other region, one launched after this release too, gets the service
 * principal.
 */
export function logAccessLogs(loadBalancer: elbv2.ApplicationLoadBalancer, bucket: s3.Bucket): void {
  if (!Token.isUnresolved(Stack.of(loadBalancer).region)) {
    loadBalancer.logAccessLogs(bucket);
    return;
  }
  loadBalancer.setAttribute('access_logs.s3.enabled', 'true');
  loadBalancer.setAttribute('access_logs.s3.bucket', bucket.bucketName);
  loadBalancer.setAttribute('access_logs.s3.prefix', '');
  // the statements aws-cdk-lib's logAccessLogs writes, the ELB principal chosen at deploy time
  bucket.addToResourcePolicy(
    new iam.PolicyStatement({
      actions: ['s3:PutObject'],
      principals: [elbLogDeliveryPrincipal(loadBalancer)],
      resources: [bucket.arnForObjects(`AWSLogs/${Aws.ACCOUNT_ID}/*`)],
    }),
  );
  const logDelivery = new iam.ServicePrincipal('delivery.logs.amazonaws.com');
  bucket.addToResourcePolicy(
    new iam.PolicyStatement({
      actions: ['s3:PutObject'],
      principals: [logDelivery],
      resources: [bucket.arnForObjects(`AWSLogs/${Aws.ACCOUNT_ID}/*`)],
      conditions: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
    }),
  );
  bucket.addToResourcePolicy(
    new iam.PolicyStatement({
      actions: ['s3:GetBucketAcl'],
      principals: [logDelivery],
      resources: [bucket.bucketArn],
    }),
  );
  // the load balancer checks it may write to the bucket when access logs are turned on
  (loadBalancer.node.defaultChild as CfnResource).addDependency(
    bucket.policy!.node.defaultChild as CfnResource,
  );
}

/**
 * The region's ELB account where it has one, else the log delivery service principal, chosen
 * when the template deploys: one condition per region with an ELB account (aws-cdk-lib's
 * region facts) and their disjunction. No `Fn::FindInMap`: CloudFormation fails a lookup of a
 * missing key even in the branch an `Fn::If` does not take, so a mapping would break every
 * region without an ELB account.
 */
function elbLogDeliveryPrincipal(scope: Construct): iam.IPrincipal {
  const accounts = Object.entries(RegionInfo.regionMap(FactName.ELBV2_ACCOUNT));
  const inRegion = accounts.map(
    ([region]) =>
      new CfnCondition(
        scope,
        `In${region.replace(/(^|-)([a-z0-9])/g, (_, _dash, c: string) => c.toUpperCase())}`,
        {
          expression: Fn.conditionEquals(Aws.REGION, region),
        },
      ),
  );
  const hasElbAccount = new CfnCondition(scope, 'RegionHasElbAccount', {
    expression: Fn.conditionOr(...inRegion),
  });
  const elbAccounts = accounts.map(([, account], i) =>
    Token.asString(
      Fn.conditionIf(inRegion[i].logicalId, `arn:${Aws.PARTITION}:iam::${account}:root`, Aws.NO_VALUE),
    ),
  );
  return new ConditionalPrincipal({
    AWS: [Token.asString(Fn.conditionIf(hasElbAccount.logicalId, elbAccounts, Aws.NO_VALUE))],
    Service: [
      Token.asString(Fn.conditionIf(hasElbAccount.logicalId, Aws.NO_VALUE, ELB_LOG_DELIVERY_SERVICE)),
    ],
  });
}

/** A principal whose members are CloudFormation expressions (`Fn::If`). */
class ConditionalPrincipal extends iam.PrincipalBase {
  public readonly policyFragment: iam.PrincipalPolicyFragment;

  constructor(principalJson: { [key: string]: string[] }) {
    super();
    this.policyFragment = new iam.PrincipalPolicyFragment(principalJson);
  }

  public dedupeString(): string | undefined {
    return undefined;
  }
}

function acknowledgeAccessLogBucket(bucket: s3.Bucket): void {
  acknowledgeLogBucket(bucket, {
    source: "the load balancer's",
    retention: `${ACCESS_LOG_RETENTION.toDays()} days`,
    encryptionReason:
      'ALB access logs support only SSE-S3 (Amazon S3-managed keys); delivery to a bucket encrypted with a KMS key fails.',
    replicationRemark: 'for data that is not the shop itself',
    objectLockRemark: 'would keep logs past their expiry',
  });
}
