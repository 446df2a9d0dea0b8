import { Duration } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  ACCOUNT,
  US_EAST_1,
  WEB_ACL_ARN,
  synth,
  onlyResource,
  distributionConfig,
  ownRules,
} from './edge-fixtures';
import { nagFindings } from '../helpers/nag';

describe('ShopEdge web ACL choices', () => {
  test('an existing web ACL by ARN: none is defined, the ARN is attached', () => {
    const { template, edge } = synth({ webAclArn: WEB_ACL_ARN });
    template.resourceCountIs('AWS::WAFv2::WebACL', 0);
    expect(distributionConfig(template).WebACLId).toBe(WEB_ACL_ARN);
    expect(edge.webAcl).toBeUndefined();
    expect(edge.webAclArn).toBe(WEB_ACL_ARN);
  });

  test('webAcl false: no web ACL at all, and cdk-nag reports the missing WAF to the user', () => {
    const { template, edge, app } = synth({ webAcl: false });
    template.resourceCountIs('AWS::WAFv2::WebACL', 0);
    expect(distributionConfig(template).WebACLId).toBeUndefined();
    expect(edge.webAclArn).toBeUndefined();
    // the opt-out is the user's to justify: it is not acknowledged for them
    expect(nagFindings(app).map((f) => f.rule)).toEqual(['AwsSolutions-CFR2']);
  });

  test('the rate limit takes AWS WAF’s whole range', () => {
    for (const limit of [10, 2_000_000_000]) {
      const { template } = synth({ rateLimitPer5Minutes: limit });
      const rules = onlyResource(template, 'AWS::WAFv2::WebACL').resource.Properties.Rules;
      expect(rules[1].Statement.RateBasedStatement.Limit).toBe(limit);
    }
  });

  test('rules of the common rule set can be set to count', () => {
    const { template } = synth({
      commonRuleSetCountRules: ['SizeRestrictions_BODY', 'CrossSiteScripting_BODY'],
    });
    const rules = onlyResource(template, 'AWS::WAFv2::WebACL').resource.Properties.Rules;
    expect(rules[2].Statement.ManagedRuleGroupStatement).toEqual({
      VendorName: 'AWS',
      Name: 'AWSManagedRulesCommonRuleSet',
      RuleActionOverrides: [
        { Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } },
        { Name: 'CrossSiteScripting_BODY', ActionToUse: { Count: {} } },
      ],
    });
    // the other groups keep every rule blocking
    expect(rules[3].Statement.ManagedRuleGroupStatement.RuleActionOverrides).toBeUndefined();
  });
});

describe('ShopEdge and the us-east-1 region', () => {
  const RULE = {
    Assertions: [
      {
        Assert: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] },
        AssertDescription:
          'Stack/Edge defines a CLOUDFRONT-scope AWS WAF web ACL, which CloudFront accepts from us-east-1 only: deploy this stack to us-east-1, or give webAclArn of a web ACL defined there.',
      },
    ],
  };

  test('in an environment-agnostic stack a rule stops a deployment outside us-east-1 before anything is created', () => {
    expect(Object.values(ownRules(synth().template))).toEqual([RULE]);
  });

  test('in a us-east-1 stack the region is known, and no rule is needed', () => {
    const { template } = synth({}, US_EAST_1);
    expect(ownRules(template)).toEqual({});
    template.resourceCountIs('AWS::WAFv2::WebACL', 1);
  });

  test('without a web ACL of its own the stack may deploy anywhere', () => {
    expect(ownRules(synth({ webAclArn: WEB_ACL_ARN }).template)).toEqual({});
    expect(ownRules(synth({ webAcl: false }).template)).toEqual({});
    const { template } = synth(
      { webAclArn: WEB_ACL_ARN },
      { env: { account: ACCOUNT, region: 'eu-west-1' } },
    );
    expect(distributionConfig(template).WebACLId).toBe(WEB_ACL_ARN);
  });

  test('a certificate defined in the same environment-agnostic stack is held to us-east-1 too', () => {
    const { template } = synth((stack) => ({
      webAcl: false,
      domainNames: ['shop.example.com'],
      certificate: new acm.Certificate(stack, 'Certificate', { domainName: 'shop.example.com' }),
    }));
    expect(Object.values(ownRules(template))).toEqual([
      {
        Assertions: [
          {
            Assert: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] },
            AssertDescription:
              'Stack/Edge defines the CloudFront certificate, which CloudFront accepts from us-east-1 only: deploy this stack to us-east-1, or define the certificate in a us-east-1 stack.',
          },
        ],
      },
    ]);
  });
});

describe('ShopEdge log bucket', () => {
  test('a bucket of your own receives the logs, and none is defined', () => {
    const { template, edge, stack } = synth((s) => ({
      logBucket: s3.Bucket.fromBucketAttributes(s, 'Logs', {
        bucketName: 'shop-logs',
        region: 'us-east-1',
      }),
    }));
    template.resourceCountIs('AWS::S3::Bucket', 0);
    expect(distributionConfig(template).Logging).toEqual({
      Bucket: 'shop-logs.s3.us-east-1.amazonaws.com',
      IncludeCookies: false,
    });
    expect(stack.resolve(edge.logBucket.bucketName)).toBe('shop-logs');
  });

  test('logRetention sets when the logs expire', () => {
    const { template } = synth({ logRetention: Duration.days(30) });
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 30 })] },
    });
  });

  test('the price class and geo restriction are yours to choose', () => {
    const { template } = synth({
      priceClass: cloudfront.PriceClass.PRICE_CLASS_ALL,
      geoRestriction: cloudfront.GeoRestriction.allowlist('DE', 'AT', 'CH'),
    });
    expect(distributionConfig(template)).toMatchObject({
      PriceClass: 'PriceClass_All',
      Restrictions: { GeoRestriction: { RestrictionType: 'whitelist', Locations: ['DE', 'AT', 'CH'] } },
    });
  });
});
