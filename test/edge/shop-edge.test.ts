import { CfnElement } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  US_EAST_1,
  CERTIFICATE_ARN,
  CACHING_DISABLED,
  CACHING_OPTIMIZED,
  ALL_VIEWER_EXCEPT_HOST_HEADER,
  SECURITY_HEADERS,
  CLOUDFRONT_ZONE_ID,
  synth,
  onlyResource,
  distributionConfig,
  certificate,
  withDomain,
  mediaBucket,
} from './edge-fixtures';
import { CostEstimator } from '../../src';
import { OriginFramework } from '../../src/edge';

describe('ShopEdge defaults', () => {
  const { template, edge, stack } = synth();
  const config = distributionConfig(template);
  const webAcl = onlyResource(template, 'AWS::WAFv2::WebACL');
  const logBucket = onlyResource(template, 'AWS::S3::Bucket');

  test('every other path goes to the origin with all methods and the viewer headers except Host, cached per the pages policy', () => {
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
      CachePolicyId: { Ref: stack.getLogicalId(edge.cachePolicies!.pages.node.defaultChild as CfnElement) },
      OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER,
      ResponseHeadersPolicyId: SECURITY_HEADERS,
      Compress: true,
    });
  });

  test('Next.js build assets and images, then /static, are cached at the edge: GET and HEAD only, compressed', () => {
    const policy = (p: cloudfront.ICachePolicy) => ({
      Ref: stack.getLogicalId(p.node.defaultChild as CfnElement),
    });
    const policies = edge.cachePolicies!;
    expect(config.CacheBehaviors).toEqual(
      (
        [
          ['/_next/static/*', policy(policies.staticAssets)],
          ['/_next/image*', policy(policies.images)],
          ['/static/*', CACHING_OPTIMIZED],
        ] as const
      ).map(([PathPattern, CachePolicyId]) => ({
        PathPattern,
        TargetOriginId: config.Origins[0].Id,
        ViewerProtocolPolicy: 'redirect-to-https',
        AllowedMethods: ['GET', 'HEAD'],
        CachedMethods: ['GET', 'HEAD'],
        CachePolicyId,
        ResponseHeadersPolicyId: SECURITY_HEADERS,
        Compress: true,
      })),
    );
    template.resourceCountIs('AWS::CloudFront::CachePolicy', 3);
  });

  test('OriginFramework.GENERIC: every path uncached but /_next/static/* and /static/*, no policy of its own', () => {
    const generic = synth({ framework: OriginFramework.GENERIC });
    const c = distributionConfig(generic.template);
    expect(c.DefaultCacheBehavior).toMatchObject({
      CachePolicyId: CACHING_DISABLED,
      OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER,
    });
    expect(c.CacheBehaviors.map((b: any) => [b.PathPattern, b.CachePolicyId])).toEqual([
      ['/_next/static/*', CACHING_OPTIMIZED],
      ['/static/*', CACHING_OPTIMIZED],
    ]);
    generic.template.resourceCountIs('AWS::CloudFront::CachePolicy', 0);
    expect(generic.edge.cachePolicies).toBeUndefined();
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
  test('the given patterns replace the defaults, in order, on the shop origin, after the Next.js behaviours', () => {
    const config = distributionConfig(synth({ cachedPathPatterns: ['/assets/*', '/favicon.ico'] }).template);
    expect(
      config.CacheBehaviors.slice(2).map((b: any) => [b.PathPattern, b.CachePolicyId, b.TargetOriginId]),
    ).toEqual([
      ['/assets/*', CACHING_OPTIMIZED, config.Origins[0].Id],
      ['/favicon.ico', CACHING_OPTIMIZED, config.Origins[0].Id],
    ]);
  });

  test('an empty list with OriginFramework.GENERIC caches nothing: the default behaviour serves every path', () => {
    const config = distributionConfig(
      synth({ cachedPathPatterns: [], framework: OriginFramework.GENERIC }).template,
    );
    expect(config.CacheBehaviors).toBeUndefined();
    expect(config.DefaultCacheBehavior.CachePolicyId).toBe(CACHING_DISABLED);
  });

  test('75 behaviours, CloudFront’s default quota, are accepted', () => {
    // with the 2 Next.js behaviours and the media path
    const patterns = Array.from({ length: 72 }, (_, i) => `/p${i}/*`);
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
      '/_next/image*',
      '/static/*',
      '/media/*',
    ]);
    expect(config.CacheBehaviors[3]).toMatchObject({
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
