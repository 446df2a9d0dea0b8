import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, RemovalPolicies, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ShopEdge } from '../src';

/*
 * Deploys a ShopEdge with its web ACL in us-east-1 (the only region a CLOUDFRONT-scope web ACL
 * can be created in) in front of a public HTTPS origin standing in for the shop, then checks what
 * CloudFront and AWS WAF report and that the distribution answers.
 *
 * The stack is environment-agnostic and the test runs in us-east-1 only: the assertion stack
 * cannot reference a stack with an explicit region, and the ShopEdge's CloudFormation rule
 * (us-east-1 only) is deployed and checked that way too.
 *
 * The log bucket is given, not defined: the one ShopEdge defines is versioned and retained, and a
 * test stack must leave nothing behind. It has ACLs on, as CloudFront's log delivery requires
 * (CloudFront refuses a bucket without them when the distribution is created).
 */
const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
const stack = new Stack(app, 'CdkShopIntegEdge');
const logBucket = new s3.Bucket(stack, 'Logs', {
  objectOwnership: s3.ObjectOwnership.OBJECT_WRITER,
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  encryption: s3.BucketEncryption.S3_MANAGED,
  enforceSSL: true,
  removalPolicy: RemovalPolicy.DESTROY,
  autoDeleteObjects: true,
});
const edge = new ShopEdge(stack, 'Edge', {
  origin: new origins.HttpOrigin('example.com'),
  logBucket,
});
// Integ stacks leave nothing behind.
RemovalPolicies.of(stack).destroy();

const integ = new IntegTest(app, 'EdgeTest', { testCases: [stack], regions: ['us-east-1'] });

integ.assertions.awsApiCall('CloudFront', 'getDistribution', { Id: edge.distribution.distributionId }).expect(
  ExpectedResult.objectLike({
    Distribution: {
      Status: 'Deployed',
      DistributionConfig: { Enabled: true, WebACLId: edge.webAclArn, PriceClass: 'PriceClass_100' },
    },
  }),
);

integ.assertions
  .awsApiCall('WAFV2', 'getWebACL', {
    Name: edge.webAcl!.name,
    Id: edge.webAcl!.attrId,
    Scope: 'CLOUDFRONT',
  })
  .expect(
    ExpectedResult.objectLike({
      WebACL: {
        DefaultAction: { Allow: {} },
        Rules: Match.arrayWith([
          Match.objectLike({
            Name: 'RateLimitPerIp',
            Statement: { RateBasedStatement: { Limit: 1000, AggregateKeyType: 'IP' } },
          }),
        ]),
      },
    }),
  );

integ.assertions
  .httpApiCall(edge.url)
  .expect(ExpectedResult.objectLike({ status: 200 }))
  .waitForAssertions({ totalTimeout: Duration.minutes(5) });
