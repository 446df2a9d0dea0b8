import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { CostEstimator } from '../../src';
import { ShopEdge, ShopEdgeProps } from '../../src/edge';
import { acknowledge } from '../../src/private/acknowledge';
import { guardFindings } from '../helpers/guard';
import { acknowledgements, expectNagClean, nagFindings } from '../helpers/nag';

const ACCOUNT = '123456789012';
const US_EAST_1: StackProps = { env: { account: ACCOUNT, region: 'us-east-1' } };
const CERTIFICATE_ARN = `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/11111111-2222-3333-4444-555555555555`;
const WEB_ACL_ARN = `arn:aws:wafv2:us-east-1:${ACCOUNT}:global/webacl/shop/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee`;
/** The managed policies' ids, as CloudFront documents them. */
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const CACHING_OPTIMIZED = '658327ea-f89d-4fab-a63d-7e88639e58f6';
const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';
const SECURITY_HEADERS = '67f7725c-6f97-4210-82d7-5512b31e9d03';
/** The Route 53 zone id of every CloudFront alias target. */
const CLOUDFRONT_ZONE_ID = 'Z2FDTNDATAQYW2';

/** What a test may give: the props, or a function of the stack for props holding constructs. */
type Props = Partial<ShopEdgeProps> | ((stack: Stack) => Partial<ShopEdgeProps>);

function synth(
  props: Props = {},
  stackProps: StackProps = {},
  outdir?: string,
  context?: Record<string, any>,
) {
  const app = new App({ ...(outdir ? { outdir } : {}), context });
  const stack = new Stack(app, 'Stack', stackProps);
  const given = typeof props === 'function' ? props(stack) : props;
  const edge = new ShopEdge(stack, 'Edge', {
    origin: new origins.HttpOrigin('origin.example.com'),
    ...given,
  });
  let template: Template | undefined;
  return {
    app,
    stack,
    edge,
    /** Synthesizes on first use. */
    get template(): Template {
      template ??= Template.fromStack(stack);
      return template;
    },
  };
}

function onlyResource(template: Template, type: string): { logicalId: string; resource: any } {
  const found = template.findResources(type);
  const ids = Object.keys(found);
  expect(ids).toHaveLength(1);
  return { logicalId: ids[0], resource: found[ids[0]] };
}

function distributionConfig(template: Template): any {
  return onlyResource(template, 'AWS::CloudFront::Distribution').resource.Properties.DistributionConfig;
}

function zone(stack: Stack, zoneName = 'example.com'): route53.IHostedZone {
  return route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', {
    hostedZoneId: 'Z0123456789',
    zoneName,
  });
}

function certificate(stack: Stack, arn = CERTIFICATE_ARN): acm.ICertificate {
  return acm.Certificate.fromCertificateArn(stack, 'Certificate', arn);
}

/** A shop with its own name: two domain names in the zone, the certificate and the zone. */
function withDomain(stack: Stack): Partial<ShopEdgeProps> {
  return {
    domainNames: ['shop.example.com', 'www.example.com'],
    certificate: certificate(stack),
    hostedZone: zone(stack),
  };
}

/** A private, encrypted media bucket that passes the checks on its own. */
function mediaBucket(stack: Stack): s3.Bucket {
  const bucket = new s3.Bucket(stack, 'Media', {
    encryption: s3.BucketEncryption.S3_MANAGED,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    enforceSSL: true,
    versioned: true,
    lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const testBucket =
    'A test bucket of product images; the checks on it are the test owner’s, not ShopEdge’s.';
  acknowledge(
    bucket,
    { id: 'AwsSolutions-S1', reason: testBucket },
    { id: 'NIST.800.53.R5-S3BucketLoggingEnabled', reason: testBucket },
    { id: 'NIST.800.53.R5-S3BucketReplicationEnabled', reason: testBucket },
    { id: 'NIST.800.53.R5-S3DefaultEncryptionKMS', reason: testBucket },
    { id: 'guard:s3_bucket_default_encryption_kms_check', reason: testBucket },
    { id: 'guard:s3_bucket_logging_enabled_check', reason: testBucket },
    { id: 'guard:s3_event_notifications_enabled_check', reason: testBucket },
    { id: 'guard:s3_bucket_object_lock_enabled_check', reason: testBucket },
  );
  return bucket;
}

/** The shop's Rules section without the bootstrap version check of the default synthesizer. */
function ownRules(template: Template): Record<string, any> {
  const rules = { ...(template.toJSON().Rules ?? {}) };
  delete rules.CheckBootstrapVersion;
  return rules;
}

describe('ShopEdge defaults', () => {
  const { template, edge, stack } = synth();
  const config = distributionConfig(template);
  const webAcl = onlyResource(template, 'AWS::WAFv2::WebACL');
  const logBucket = onlyResource(template, 'AWS::S3::Bucket');

  test('every path goes to the origin uncached, with all methods and the viewer headers except Host', () => {
    expect(config.Origins).toEqual([
      {
        Id: config.DefaultCacheBehavior.TargetOriginId,
        DomainName: 'origin.example.com',
        CustomOriginConfig: { OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] },
      },
    ]);
    expect(config.DefaultCacheBehavior).toEqual({
      TargetOriginId: config.Origins[0].Id,
      ViewerProtocolPolicy: 'redirect-to-https',
      AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
      CachedMethods: ['GET', 'HEAD'],
      CachePolicyId: CACHING_DISABLED,
      OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER,
      ResponseHeadersPolicyId: SECURITY_HEADERS,
      Compress: true,
    });
  });

  test('Next.js build assets and /static are cached at the edge: GET and HEAD only, compressed', () => {
    expect(config.CacheBehaviors).toEqual(
      ['/_next/static/*', '/static/*'].map((PathPattern) => ({
        PathPattern,
        TargetOriginId: config.Origins[0].Id,
        ViewerProtocolPolicy: 'redirect-to-https',
        AllowedMethods: ['GET', 'HEAD'],
        CachedMethods: ['GET', 'HEAD'],
        CachePolicyId: CACHING_OPTIMIZED,
        ResponseHeadersPolicyId: SECURITY_HEADERS,
        Compress: true,
      })),
    );
  });

  test('the cheapest price class, HTTP/2 and HTTP/3, IPv6, a comment naming the construct', () => {
    expect(config).toMatchObject({
      Enabled: true,
      PriceClass: 'PriceClass_100',
      HttpVersion: 'http2and3',
      IPV6Enabled: true,
      Comment: 'cdk-shop ShopEdge Stack/Edge',
    });
    // no names of its own: CloudFront's *.cloudfront.net certificate, and no geo restriction
    expect(config.Aliases).toBeUndefined();
    expect(config.ViewerCertificate).toBeUndefined();
    expect(config.Restrictions).toBeUndefined();
    expect(config.DefaultRootObject).toBeUndefined();
  });

  test('standard logs go to the log bucket, without cookies', () => {
    expect(config.Logging).toEqual({
      Bucket: { 'Fn::GetAtt': [logBucket.logicalId, 'RegionalDomainName'] },
      IncludeCookies: false,
    });
  });

  test('the log bucket accepts CloudFront log ACLs, is private, encrypted, versioned and expires logs after 90 days', () => {
    expect(logBucket.resource.Properties).toEqual({
      OwnershipControls: { Rules: [{ ObjectOwnership: 'ObjectWriter' }] },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      VersioningConfiguration: { Status: 'Enabled' },
      LifecycleConfiguration: {
        Rules: [
          {
            Id: 'LogRetention',
            Status: 'Enabled',
            ExpirationInDays: 90,
            NoncurrentVersionExpiration: { NoncurrentDays: 7 },
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
          },
        ],
      },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: logBucket.logicalId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Effect: 'Deny', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
        ]),
      },
    });
  });

  test('deleting the stack keeps the log bucket and the logs in it', () => {
    expect(logBucket.resource.DeletionPolicy).toBe('Retain');
    expect(logBucket.resource.UpdateReplacePolicy).toBe('Retain');
    // nothing empties it: no auto-delete custom resource
    const types = Object.values(template.toJSON().Resources).map((r: any) => r.Type);
    expect(types.filter((t) => t.startsWith('Custom::') || t === 'AWS::Lambda::Function')).toEqual([]);
  });

  test('a CLOUDFRONT-scope web ACL allows by default and is attached to the distribution', () => {
    expect(webAcl.resource.Properties).toMatchObject({
      Scope: 'CLOUDFRONT',
      DefaultAction: { Allow: {} },
      VisibilityConfig: {
        CloudWatchMetricsEnabled: true,
        SampledRequestsEnabled: true,
        MetricName: webAcl.resource.Properties.Name,
      },
    });
    expect(webAcl.resource.Properties.Name).toMatch(/^[\w-]{1,128}$/);
    expect(config.WebACLId).toEqual({ 'Fn::GetAtt': [webAcl.logicalId, 'Arn'] });
  });

  test('the web ACL runs IP reputation, the rate limit, the common rules and known bad inputs, in that order', () => {
    const rules = webAcl.resource.Properties.Rules;
    expect(rules.map((r: any) => [r.Priority, r.Name])).toEqual([
      [0, 'AWS-AWSManagedRulesAmazonIpReputationList'],
      [1, 'RateLimitPerIp'],
      [2, 'AWS-AWSManagedRulesCommonRuleSet'],
      [3, 'AWS-AWSManagedRulesKnownBadInputsRuleSet'],
    ]);
    for (const [name, group] of [
      ['AWS-AWSManagedRulesAmazonIpReputationList', 'AWSManagedRulesAmazonIpReputationList'],
      ['AWS-AWSManagedRulesCommonRuleSet', 'AWSManagedRulesCommonRuleSet'],
      ['AWS-AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet'],
    ]) {
      const rule = rules.find((r: any) => r.Name === name);
      // the group's own actions apply: nothing is overridden to count
      expect(rule.Statement).toEqual({ ManagedRuleGroupStatement: { VendorName: 'AWS', Name: group } });
      expect(rule.OverrideAction).toEqual({ None: {} });
    }
    for (const rule of rules) {
      expect(rule.VisibilityConfig).toEqual({
        CloudWatchMetricsEnabled: true,
        SampledRequestsEnabled: true,
        MetricName: rule.Name,
      });
    }
  });

  test('an IP above 1000 requests in 5 minutes is answered 429', () => {
    const rate = webAcl.resource.Properties.Rules.find((r: any) => r.Name === 'RateLimitPerIp');
    expect(rate.Statement).toEqual({
      RateBasedStatement: { AggregateKeyType: 'IP', Limit: 1000, EvaluationWindowSec: 300 },
    });
    expect(rate.Action).toEqual({ Block: { CustomResponse: { ResponseCode: 429 } } });
  });

  test('exposes the distribution, the web ACL, the log bucket and the URL; no records, no outputs', () => {
    expect(stack.resolve(edge.webAclArn)).toEqual({ 'Fn::GetAtt': [webAcl.logicalId, 'Arn'] });
    expect(edge.webAcl).toBeDefined();
    expect(stack.resolve((edge.logBucket as s3.Bucket).bucketName)).toEqual({ Ref: logBucket.logicalId });
    expect(edge.records).toEqual([]);
    const distributionId = onlyResource(template, 'AWS::CloudFront::Distribution').logicalId;
    expect(stack.resolve(edge.url)).toEqual({
      'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }]],
    });
    expect(template.toJSON().Outputs).toBeUndefined();
  });

  test('priced at $9 a month for the web ACL and its 4 rules, plus requests', () => {
    const estimate = new CostEstimator().estimateStack(stack);
    const fixed = estimate.lines.filter((l) => ['web ACL', 'WAF rules'].includes(l.description));
    expect(fixed.map((l) => [l.description, l.quantity, l.monthlyUsd])).toEqual([
      ['web ACL', 1, 5],
      ['WAF rules', 4, 4],
    ]);
    expect(estimate.lines.map((l) => l.description)).toEqual(
      expect.arrayContaining(['WAF requests', 'CloudFront data transfer out', 'CloudFront HTTPS requests']),
    );
  });
});

describe('ShopEdge cached paths', () => {
  test('the given patterns replace the defaults, in order, on the shop origin', () => {
    const config = distributionConfig(synth({ cachedPathPatterns: ['/assets/*', '/favicon.ico'] }).template);
    expect(config.CacheBehaviors.map((b: any) => [b.PathPattern, b.CachePolicyId, b.TargetOriginId])).toEqual(
      [
        ['/assets/*', CACHING_OPTIMIZED, config.Origins[0].Id],
        ['/favicon.ico', CACHING_OPTIMIZED, config.Origins[0].Id],
      ],
    );
  });

  test('an empty list caches nothing: the default behaviour serves every path', () => {
    const config = distributionConfig(synth({ cachedPathPatterns: [] }).template);
    expect(config.CacheBehaviors).toBeUndefined();
    expect(config.DefaultCacheBehavior.CachePolicyId).toBe(CACHING_DISABLED);
  });

  test('75 behaviours, CloudFront’s default quota, are accepted', () => {
    const patterns = Array.from({ length: 74 }, (_, i) => `/p${i}/*`);
    const { template } = synth((stack) => ({
      cachedPathPatterns: patterns,
      mediaBucket: mediaBucket(stack),
    }));
    expect(distributionConfig(template).CacheBehaviors).toHaveLength(75);
  });
});

describe('ShopEdge media bucket', () => {
  const { template } = synth((s) => ({ mediaBucket: mediaBucket(s) }));
  const config = distributionConfig(template);
  const media = template.findResources('AWS::S3::Bucket', {
    Properties: { OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] } },
  });
  const mediaId = Object.keys(media)[0];
  const s3Origin = config.Origins.find((o: any) => o.S3OriginConfig);
  const oac = onlyResource(template, 'AWS::CloudFront::OriginAccessControl');

  test('the given bucket is an S3 origin behind an Origin Access Control that signs every request', () => {
    expect(Object.keys(media)).toHaveLength(1);
    expect(s3Origin).toEqual({
      Id: s3Origin.Id,
      DomainName: { 'Fn::GetAtt': [mediaId, 'RegionalDomainName'] },
      S3OriginConfig: { OriginAccessIdentity: '' },
      OriginAccessControlId: { 'Fn::GetAtt': [oac.logicalId, 'Id'] },
    });
    expect(oac.resource.Properties.OriginAccessControlConfig).toMatchObject({
      OriginAccessControlOriginType: 's3',
      SigningBehavior: 'always',
      SigningProtocol: 'sigv4',
    });
    // no legacy origin access identity
    template.resourceCountIs('AWS::CloudFront::CloudFrontOriginAccessIdentity', 0);
  });

  test('/media/* is cached from the bucket after the asset paths', () => {
    expect(config.CacheBehaviors.map((b: any) => b.PathPattern)).toEqual([
      '/_next/static/*',
      '/static/*',
      '/media/*',
    ]);
    expect(config.CacheBehaviors[2]).toMatchObject({
      TargetOriginId: s3Origin.Id,
      AllowedMethods: ['GET', 'HEAD'],
      CachePolicyId: CACHING_OPTIMIZED,
      ResponseHeadersPolicyId: SECURITY_HEADERS,
      ViewerProtocolPolicy: 'redirect-to-https',
      Compress: true,
    });
  });

  test('the bucket policy lets only this distribution read the bucket', () => {
    const distributionId = onlyResource(template, 'AWS::CloudFront::Distribution').logicalId;
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: mediaId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Effect: 'Allow',
            Action: 's3:GetObject',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [mediaId, 'Arn'] }, '/*']] },
            Condition: {
              StringEquals: {
                'AWS:SourceArn': {
                  'Fn::Join': [
                    '',
                    [
                      'arn:',
                      { Ref: 'AWS::Partition' },
                      ':cloudfront::',
                      { Ref: 'AWS::AccountId' },
                      ':distribution/',
                      { Ref: distributionId },
                    ],
                  ],
                },
              },
            },
          },
        ]),
      },
    });
    expect(config.Origins).toHaveLength(2);
  });

  test('a path of your own for the media', () => {
    const { template: t } = synth((s) => ({ mediaBucket: mediaBucket(s), mediaPathPattern: '/uploads/*' }));
    const patterns = distributionConfig(t).CacheBehaviors.map((b: any) => b.PathPattern);
    expect(patterns).toContain('/uploads/*');
    expect(patterns).not.toContain('/media/*');
  });
});

describe('ShopEdge with domain names', () => {
  const { template, edge } = synth(withDomain, US_EAST_1);
  const config = distributionConfig(template);
  const distributionId = onlyResource(template, 'AWS::CloudFront::Distribution').logicalId;

  test('answers for the names with the certificate, over SNI with TLS 1.2 (2021 policy) or later', () => {
    expect(config.Aliases).toEqual(['shop.example.com', 'www.example.com']);
    expect(config.ViewerCertificate).toEqual({
      AcmCertificateArn: CERTIFICATE_ARN,
      MinimumProtocolVersion: 'TLSv1.2_2021',
      SslSupportMethod: 'sni-only',
    });
  });

  test('an A and an AAAA alias record for each name, pointing at the distribution', () => {
    template.resourceCountIs('AWS::Route53::RecordSet', 4);
    for (const name of ['shop.example.com.', 'www.example.com.']) {
      for (const type of ['A', 'AAAA']) {
        template.hasResourceProperties('AWS::Route53::RecordSet', {
          Name: name,
          Type: type,
          HostedZoneId: 'Z0123456789',
          AliasTarget: {
            DNSName: { 'Fn::GetAtt': [distributionId, 'DomainName'] },
            HostedZoneId: {
              'Fn::FindInMap': ['AWSCloudFrontPartitionHostedZoneIdMap', { Ref: 'AWS::Partition' }, 'zoneId'],
            },
          },
        });
      }
    }
    // CloudFront's alias zone in the aws partition
    expect(template.toJSON().Mappings.AWSCloudFrontPartitionHostedZoneIdMap.aws.zoneId).toBe(
      CLOUDFRONT_ZONE_ID,
    );
    expect(edge.records).toHaveLength(4);
    expect(edge.records.filter((r) => r instanceof route53.ARecord)).toHaveLength(2);
    expect(edge.records.filter((r) => r instanceof route53.AaaaRecord)).toHaveLength(2);
  });

  test('the URL is the first name', () => {
    expect(edge.url).toBe('https://shop.example.com');
  });

  test('a wildcard name is served and aliased, and the URL takes the first name that is not one', () => {
    const { template: t, edge: e } = synth(
      (s) => ({ ...withDomain(s), domainNames: ['*.example.com', 'example.com'] }),
      US_EAST_1,
    );
    expect(distributionConfig(t).Aliases).toEqual(['*.example.com', 'example.com']);
    t.hasResourceProperties('AWS::Route53::RecordSet', { Name: '*.example.com.', Type: 'AAAA' });
    t.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'example.com.', Type: 'A' });
    expect(e.url).toBe('https://example.com');
  });

  test('without a hosted zone no records are defined', () => {
    const { template: t, edge: e } = synth(
      (s) => ({ domainNames: ['shop.example.com'], certificate: certificate(s) }),
      US_EAST_1,
    );
    t.resourceCountIs('AWS::Route53::RecordSet', 0);
    expect(e.records).toEqual([]);
    expect(distributionConfig(t).ViewerCertificate.MinimumProtocolVersion).toBe('TLSv1.2_2021');
  });
});

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

describe('ShopEdge passes cdk-nag and cfn-guard', () => {
  const cases: [string, Props, StackProps][] = [
    ['defaults, environment-agnostic', {}, {}],
    ['defaults in us-east-1', {}, US_EAST_1],
    ['domain names, certificate and zone', withDomain, US_EAST_1],
    ['media bucket', (s) => ({ mediaBucket: mediaBucket(s) }), {}],
    ['existing web ACL', { webAclArn: WEB_ACL_ARN }, { env: { account: ACCOUNT, region: 'eu-west-1' } }],
    [
      'geo restriction and counted rules',
      {
        geoRestriction: cloudfront.GeoRestriction.allowlist('US', 'CA'),
        commonRuleSetCountRules: ['SizeRestrictions_BODY'],
      },
      {},
    ],
  ];

  test.each(cases)('AwsSolutions and NIST 800-53 R5 with %s', (_name, props, stackProps) => {
    expectNagClean(synth(props, stackProps).app);
  });

  test.each(cases)('cfn-guard with the Control Tower proactive rules with %s', (_name, props, stackProps) => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-shop-edge-'));
    try {
      const { app } = synth(props, stackProps, outdir);
      expect(guardFindings(app, 'Stack')).toEqual([]);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  const edgeRules = (app: App) =>
    [
      ...new Set(
        acknowledgements(app)
          .filter((a) => a.path.startsWith('Stack/Edge'))
          .map((a) => a.rule),
      ),
    ].sort();

  test('the defaults acknowledge only what they explain', () => {
    expect(edgeRules(synth().app)).toEqual([
      'AwsSolutions-CFR1',
      'AwsSolutions-CFR4',
      'AwsSolutions-S1',
      'NIST.800.53.R5-S3BucketLoggingEnabled',
      'NIST.800.53.R5-S3BucketReplicationEnabled',
      'NIST.800.53.R5-S3DefaultEncryptionKMS',
      'NIST.800.53.R5-WAFv2LoggingEnabled',
      'guard:cloudfront_custom_ssl_certificate_check',
      'guard:cloudfront_default_root_object_configured_check',
      'guard:cloudfront_origin_failover_enabled_check',
      'guard:cloudfront_security_policy_check',
      'guard:cloudfront_sni_enabled_check',
      'guard:s3_bucket_default_encryption_kms_check',
      'guard:s3_bucket_logging_enabled_check',
      'guard:s3_bucket_object_lock_enabled_check',
      'guard:s3_event_notifications_enabled_check',
    ]);
  });

  test('a certificate, a geo restriction, a given web ACL and log bucket need fewer acknowledgements', () => {
    const rules = edgeRules(
      synth(
        (s) => ({
          ...withDomain(s),
          geoRestriction: cloudfront.GeoRestriction.denylist('RU'),
          webAclArn: WEB_ACL_ARN,
          logBucket: s3.Bucket.fromBucketName(s, 'Logs', 'shop-logs'),
        }),
        US_EAST_1,
      ).app,
    );
    expect(rules).toEqual([
      'guard:cloudfront_default_root_object_configured_check',
      'guard:cloudfront_origin_failover_enabled_check',
    ]);
  });

  test('an origin reached over plain HTTP is reported by both, not hidden', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-shop-edge-'));
    try {
      const { app } = synth(
        {
          origin: new origins.HttpOrigin('origin.example.com', {
            protocolPolicy: cloudfront.OriginProtocolPolicy.HTTP_ONLY,
          }),
        },
        {},
        outdir,
      );
      expect(nagFindings(app)).toEqual([
        { rule: 'AwsSolutions-CFR5', path: 'Stack/Edge/Resource/Resource', severity: 'error' },
      ]);
      expect(guardFindings(app, 'Stack').map((f) => f.rule)).toEqual([
        'cloudfront_traffic_to_origin_encrypted_check',
      ]);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});

/*
 * A user's app made with `cdk init` sets every feature flag aws-cdk-lib recommends; the other
 * tests run without flags.
 */
describe('ShopEdge with the recommended feature flags', () => {
  const cases: [string, Props][] = [
    ['defaults', {}],
    ['domain names and a media bucket', (s) => ({ ...withDomain(s), mediaBucket: mediaBucket(s) })],
  ];

  test.each(cases)('%s keep their settings and pass cdk-nag and cfn-guard', (_name, props) => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-shop-edge-flags-'));
    try {
      const { app, template } = synth(props, US_EAST_1, outdir, cxapi.CURRENTLY_RECOMMENDED_FLAGS);
      expect(app.node.tryGetContext('@aws-cdk/aws-s3:publicAccessBlockedByDefault')).toBe(true);
      const config = distributionConfig(template);
      expect(config.DefaultCacheBehavior.CachePolicyId).toBe(CACHING_DISABLED);
      expect(config.WebACLId).toBeDefined();
      template.hasResource('AWS::S3::Bucket', {
        DeletionPolicy: 'Retain',
        Properties: Match.objectLike({ OwnershipControls: { Rules: [{ ObjectOwnership: 'ObjectWriter' }] } }),
      });
      expectNagClean(app);
      expect(guardFindings(app, 'Stack')).toEqual([]);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describe('ShopEdge rejects bad input at synth', () => {
  test.each<[string, Props, RegExp, StackProps?]>([
    [
      'a cached path without a leading slash',
      { cachedPathPatterns: ['static/*'] },
      /invalid 'cachedPathPatterns': 'static\/\*' is not a CloudFront path pattern\. Start it with '\/'/,
    ],
    [
      'a cached path with a space',
      { cachedPathPatterns: ['/my assets/*'] },
      /invalid 'cachedPathPatterns': '\/my assets\/\*' is not a CloudFront path pattern.*no spaces/,
    ],
    [
      'a cached path longer than 255 characters',
      { cachedPathPatterns: [`/${'a'.repeat(255)}`] },
      /invalid 'cachedPathPatterns'.*at most 255/,
    ],
    [
      'a cached path of every path',
      { cachedPathPatterns: ['/*'] },
      /invalid 'cachedPathPatterns': '\/\*' matches every path, which is the default behaviour's job\. Give narrower patterns/,
    ],
    [
      'a cached path twice',
      { cachedPathPatterns: ['/static/*', '/static/*'] },
      /invalid 'cachedPathPatterns': '\/static\/\*' is listed twice\. Give each path pattern once/,
    ],
    [
      'more behaviours than the quota',
      { cachedPathPatterns: Array.from({ length: 76 }, (_, i) => `/p${i}/*`) },
      /invalid 'cachedPathPatterns': 76 path patterns exceed the 75 cache behaviours CloudFront allows.*one wildcard pattern/,
    ],
    [
      'a media path without a bucket',
      { mediaPathPattern: '/media/*' },
      /invalid 'mediaPathPattern': there is no 'mediaBucket' to serve it from\. Give mediaBucket, or remove mediaPathPattern/,
    ],
    [
      'a media path that is also cached from the origin',
      (s) => ({ mediaBucket: mediaBucket(s), mediaPathPattern: '/static/*' }),
      /invalid 'mediaPathPattern': '\/static\/\*' is also in cachedPathPatterns.*a path of its own/,
    ],
    [
      'an empty list of domain names',
      (s) => ({ domainNames: [], certificate: certificate(s) }),
      /invalid 'domainNames': the list is empty\. Give at least one name/,
    ],
    [
      'an upper-case domain name',
      (s) => ({ domainNames: ['Shop.Example.com'], certificate: certificate(s) }),
      /invalid 'domainNames': 'Shop\.Example\.com' is not a lower-case domain name\. Give names such as shop\.example\.com/,
    ],
    [
      'a URL for a domain name',
      (s) => ({ domainNames: ['https://shop.example.com'], certificate: certificate(s) }),
      /invalid 'domainNames': 'https:\/\/shop\.example\.com' is not a lower-case domain name/,
    ],
    [
      'a domain name twice',
      (s) => ({ domainNames: ['shop.example.com', 'shop.example.com'], certificate: certificate(s) }),
      /invalid 'domainNames': 'shop\.example\.com' is listed twice\. Give each name once/,
    ],
    [
      'more domain names than the quota',
      (s) => ({
        domainNames: Array.from({ length: 101 }, (_, i) => `shop${i}.example.com`),
        certificate: certificate(s),
      }),
      /invalid 'domainNames': 101 names exceed the 100 alternate domain names.*Use a wildcard name/,
    ],
    [
      'domain names without a certificate',
      { domainNames: ['shop.example.com'] },
      /invalid 'certificate': it is required with 'domainNames'.*Give an ACM certificate from us-east-1/,
    ],
    [
      'a certificate without domain names',
      (s) => ({ certificate: certificate(s) }),
      /invalid 'domainNames': it is required with 'certificate'.*Give the names the certificate covers/,
    ],
    [
      'a hosted zone without domain names',
      (s) => ({ hostedZone: zone(s) }),
      /invalid 'hostedZone': there are no 'domainNames' to add to the zone\. Give domainNames and certificate/,
    ],
    [
      'a domain name outside the zone',
      (s) => ({ ...withDomain(s), domainNames: ['shop.example.org'] }),
      /invalid 'domainNames': 'shop\.example\.org' is not in the hosted zone 'example\.com'\. Give names in the zone/,
    ],
    [
      'a name that only ends like the zone',
      (s) => ({ ...withDomain(s), domainNames: ['shopexample.com'] }),
      /invalid 'domainNames': 'shopexample\.com' is not in the hosted zone 'example\.com'/,
    ],
    [
      'a certificate from eu-west-1',
      (s) => ({
        domainNames: ['shop.example.com'],
        certificate: certificate(s, CERTIFICATE_ARN.replace('us-east-1', 'eu-west-1')),
      }),
      /invalid 'certificate': the certificate is in eu-west-1, and CloudFront reads certificates from us-east-1 only\. Request or import the certificate in us-east-1/,
      US_EAST_1,
    ],
    [
      'a certificate defined in a eu-west-1 stack',
      (s) => ({
        webAcl: false,
        domainNames: ['shop.example.com'],
        certificate: new acm.Certificate(s, 'Certificate', { domainName: 'shop.example.com' }),
      }),
      /invalid 'certificate': the certificate is in eu-west-1, and CloudFront reads certificates from us-east-1 only/,
      { env: { account: ACCOUNT, region: 'eu-west-1' } },
    ],
    [
      'something else than a certificate ARN',
      (s) => ({ domainNames: ['shop.example.com'], certificate: certificate(s, 'shop-certificate') }),
      /invalid 'certificate': 'shop-certificate' is not an ACM certificate ARN/,
    ],
    [
      'a web ACL of its own in a eu-west-1 stack',
      {},
      /invalid 'webAcl': this stack is in eu-west-1, and a CLOUDFRONT-scope web ACL can only be created in us-east-1\. Put the ShopEdge in a us-east-1 stack, or define the web ACL in one and give its ARN as webAclArn/,
      { env: { account: ACCOUNT, region: 'eu-west-1' } },
    ],
    [
      'both webAcl and webAclArn',
      { webAcl: true, webAclArn: WEB_ACL_ARN },
      /invalid 'webAclArn': 'webAcl' and 'webAclArn' cannot be given together.*Remove webAcl to use the given web ACL/,
    ],
    [
      'a REGIONAL web ACL',
      { webAclArn: WEB_ACL_ARN.replace('us-east-1', 'eu-west-1').replace('global', 'regional') },
      /invalid 'webAclArn': .* is a REGIONAL web ACL.*Give a web ACL created with scope CLOUDFRONT in us-east-1/,
    ],
    [
      'a WAF Classic id',
      { webAclArn: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee' },
      /invalid 'webAclArn': .* is the id of an AWS WAF Classic web ACL.*Migrate it to AWS WAF/,
    ],
    [
      'a CLOUDFRONT-scope ARN outside us-east-1',
      { webAclArn: WEB_ACL_ARN.replace('us-east-1', 'us-west-2') },
      /invalid 'webAclArn': .* names us-west-2, and CLOUDFRONT-scope web ACLs exist in us-east-1 only\. Give the ARN as AWS WAF shows it/,
    ],
    [
      'a web ACL name for an ARN',
      { webAclArn: 'shop-web-acl' },
      /invalid 'webAclArn': 'shop-web-acl' is not an AWS WAF web ACL ARN\. Give the ARN of a CLOUDFRONT-scope web ACL/,
    ],
    [
      'a rate limit under AWS WAF’s minimum',
      { rateLimitPer5Minutes: 9 },
      /invalid 'rateLimitPer5Minutes': 9 is not a whole number from 10 to 2,000,000,000, the range AWS WAF accepts\. Give the requests one IP address may send in 5 minutes/,
    ],
    [
      'a rate limit above AWS WAF’s maximum',
      { rateLimitPer5Minutes: 2_000_000_001 },
      /invalid 'rateLimitPer5Minutes': 2000000001 is not a whole number from 10/,
    ],
    [
      'a fractional rate limit',
      { rateLimitPer5Minutes: 100.5 },
      /invalid 'rateLimitPer5Minutes': 100\.5 is not a whole number/,
    ],
    [
      'a rate limit without a web ACL of its own',
      { webAclArn: WEB_ACL_ARN, rateLimitPer5Minutes: 500 },
      /invalid 'rateLimitPer5Minutes': it configures the web ACL this construct defines, and the web ACL is given as 'webAclArn'\. Remove rateLimitPer5Minutes/,
    ],
    [
      'counted rules with webAcl false',
      { webAcl: false, commonRuleSetCountRules: ['SizeRestrictions_BODY'] },
      /invalid 'commonRuleSetCountRules': it configures the web ACL this construct defines, and 'webAcl' is false/,
    ],
    [
      'a counted rule name with a space',
      { commonRuleSetCountRules: ['Size Restrictions'] },
      /invalid 'commonRuleSetCountRules': 'Size Restrictions' is not a rule of AWSManagedRulesCommonRuleSet.*Give rule names as AWS lists them: NoUserAgent_HEADER/,
    ],
    [
      'a counted rule twice',
      { commonRuleSetCountRules: ['SizeRestrictions_BODY', 'SizeRestrictions_BODY'] },
      /invalid 'commonRuleSetCountRules': 'SizeRestrictions_BODY' is listed twice\. Give each rule name once/,
    ],
    [
      'a log retention of part of a day',
      { logRetention: Duration.hours(36) },
      /invalid 'logRetention': 1 day 12 hours is not a whole number of days, 1 or more\. S3 lifecycle rules expire objects after whole days/,
    ],
    [
      'a log retention of 0 days',
      { logRetention: Duration.days(0) },
      /invalid 'logRetention': 0 days? is not a whole number of days, 1 or more/,
    ],
    [
      'a log retention for a bucket of your own',
      (s) => ({
        logRetention: Duration.days(30),
        logBucket: s3.Bucket.fromBucketName(s, 'Logs', 'shop-logs'),
      }),
      /invalid 'logRetention': it sets the lifecycle of the log bucket this construct defines, and 'logBucket' is given\. Expire the logs with a lifecycle rule on your own bucket/,
    ],
    [
      'a log bucket where CloudFront delivers no logs',
      { webAcl: false },
      /invalid 'logBucket': the log bucket would be defined in af-south-1, where CloudFront does not deliver standard logs\. Give a logBucket with ACLs enabled in another region/,
      { env: { account: ACCOUNT, region: 'af-south-1' } },
    ],
  ])('%s', (_name, props, message, stackProps = {}) => {
    expect(() => synth(props, stackProps)).toThrow(message);
  });

  test('every message names the construct path', () => {
    expect(() => synth({ rateLimitPer5Minutes: 1 })).toThrow(/^Stack\/Edge: invalid 'rateLimitPer5Minutes'/);
  });
});
