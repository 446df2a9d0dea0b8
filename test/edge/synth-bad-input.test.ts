import { Duration, StackProps } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  ACCOUNT,
  US_EAST_1,
  CERTIFICATE_ARN,
  WEB_ACL_ARN,
  synth,
  zone,
  certificate,
  withDomain,
  mediaBucket,
  Props,
} from './edge-fixtures';

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
      /invalid 'cachedPathPatterns': 78 path patterns \(2 of them OriginFramework.NEXT_JS's own\) exceed the 75 cache behaviours CloudFront allows.*one wildcard pattern/,
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
