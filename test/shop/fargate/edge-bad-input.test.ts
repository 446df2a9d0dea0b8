import { App, Stack, Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { BadInput, build, expectRejected, PropsFor, zone } from './bad-input-helpers';
import { EDGE_SHOP } from './edge-fixture';
import { BASIC, STOREFRONT } from './fargate-fixtures';
import { FargateShop, FargateShopEdgeSettings, FargateShopPreset } from '../../../src';

/** The HIGHLY_AVAILABLE shop with its domain (the edge on) and these edge settings. */
const withEdge =
  (edgeSettings: FargateShopEdgeSettings): PropsFor =>
  (stack) => ({ ...EDGE_SHOP(stack), edgeSettings });

const CASES: BadInput[] = [
  // the edge itself
  ['edge without domainName', { ...BASIC, edge: true }, 'edge', /domainName is not given/],
  [
    'edge without hostedZone (a certificate instead)',
    (stack) => ({
      ...BASIC,
      edge: true,
      domainName: 'shop.example.com',
      certificate: acm.Certificate.fromCertificateArn(
        stack,
        'C',
        'arn:aws:acm:us-east-1:111111111111:certificate/a',
      ),
    }),
    'edge',
    /hostedZone is not given/,
  ],
  [
    'edgeSettings with edge: false',
    (stack) => ({ ...EDGE_SHOP(stack), edge: false, edgeSettings: {} }),
    'edgeSettings',
    /edge: false/,
  ],
  [
    'edgeSettings where the preset has no edge',
    (stack) => ({ ...EDGE_SHOP(stack), preset: FargateShopPreset.DEVELOPMENT, edgeSettings: {} }),
    'edgeSettings',
    /which is off/,
  ],
  [
    'a host-routed service behind the edge',
    (stack) => ({
      ...EDGE_SHOP(stack),
      services: [{ name: 'tenant', image: STOREFRONT, port: 8080, hostHeaders: ['a.example.com'] }],
    }),
    'services[0].hostHeaders',
    /Host of the origin name/,
  ],
  // the origin name
  [
    'originDomainName not a name',
    withEdge({ originDomainName: 'Origin_Shop' }),
    'edgeSettings.originDomainName',
    /not a lower-case domain name/,
  ],
  [
    'originDomainName is domainName',
    withEdge({ originDomainName: 'shop.example.com' }),
    'edgeSettings.originDomainName',
    /send requests to itself/,
  ],
  [
    'originDomainName outside the zone',
    withEdge({ originDomainName: 'origin.example.org' }),
    'edgeSettings.originDomainName',
    /not in the hosted zone 'example.com'/,
  ],
  [
    'originDomainName a token',
    withEdge({ originDomainName: Token.asString({ Ref: 'Name' }) }),
    'edgeSettings.originDomainName',
    /is a token/,
  ],
  // the web ACL
  [
    'webAclArn with rateLimitPer5Minutes',
    withEdge({
      webAclArn: 'arn:aws:wafv2:us-east-1:111111111111:global/webacl/a/1',
      rateLimitPer5Minutes: 100,
    }),
    'edgeSettings.rateLimitPer5Minutes',
    /webAclArn is given/,
  ],
  [
    'webAclArn with commonRuleSetCountRules',
    withEdge({
      webAclArn: 'arn:aws:wafv2:us-east-1:111111111111:global/webacl/a/1',
      commonRuleSetCountRules: ['SizeRestrictions_BODY'],
    }),
    'edgeSettings.commonRuleSetCountRules',
    /webAclArn is given/,
  ],
  [
    'a REGIONAL web ACL',
    withEdge({ webAclArn: 'arn:aws:wafv2:eu-west-1:111111111111:regional/webacl/a/1' }),
    'edgeSettings.webAclArn',
    /not the ARN of a CLOUDFRONT-scope/,
  ],
  [
    'rateLimitPer5Minutes below 10',
    withEdge({ rateLimitPer5Minutes: 5 }),
    'edgeSettings.rateLimitPer5Minutes',
    /from 10 to 2,000,000,000/,
  ],
  [
    'rateLimitPer5Minutes not whole',
    withEdge({ rateLimitPer5Minutes: 100.5 }),
    'edgeSettings.rateLimitPer5Minutes',
    /not a whole number/,
  ],
  [
    'a count rule in the wrong case',
    withEdge({ commonRuleSetCountRules: ['sizerestrictions_body'] }),
    'edgeSettings.commonRuleSetCountRules',
    /Write it as AWS does: 'SizeRestrictions_BODY'/,
  ],
  [
    'an unknown count rule',
    withEdge({ commonRuleSetCountRules: ['NoSuchRule'] }),
    'edgeSettings.commonRuleSetCountRules',
    /not a rule of AWSManagedRulesCommonRuleSet/,
  ],
  [
    'a count rule twice',
    withEdge({ commonRuleSetCountRules: ['SizeRestrictions_BODY', 'SizeRestrictions_BODY'] }),
    'edgeSettings.commonRuleSetCountRules',
    /listed twice/,
  ],
  // certificates
  [
    'a CloudFront certificate from eu-west-1',
    withEdgeCertificate('arn:aws:acm:eu-west-1:111111111111:certificate/a'),
    'edgeSettings.cloudFrontCertificate',
    /in eu-west-1, and CloudFront reads certificates from us-east-1 only/,
  ],
  [
    'a CloudFront certificate that is no ARN',
    withEdgeCertificate('my-certificate'),
    'edgeSettings.cloudFrontCertificate',
    /not an ACM certificate ARN/,
  ],
  // media
  [
    'media without a backend',
    (stack) => ({
      storefront: { image: STOREFRONT },
      domainName: 'shop.example.com',
      hostedZone: zone(stack),
      edge: true,
      edgeSettings: { media: true },
    }),
    'edgeSettings.media',
    /no backend is given/,
  ],
  [
    'mediaPathPattern with media off',
    withEdge({ media: false, mediaPathPattern: '/images/*' }),
    'edgeSettings.mediaPathPattern',
    /no media bucket/,
  ],
  [
    'mediaPathPattern not /<prefix>/*',
    withEdge({ mediaPathPattern: '/media' }),
    'edgeSettings.mediaPathPattern',
    /not of the form/,
  ],
  [
    'mediaPathPattern with a wildcard inside',
    withEdge({ mediaPathPattern: '/me*dia/*' }),
    'edgeSettings.mediaPathPattern',
    /not of the form/,
  ],
  [
    'mediaPathPattern under the backend',
    withEdge({ mediaPathPattern: '/store/images/*' }),
    'edgeSettings.mediaPathPattern',
    /under '\/store\/', which the edge already sends to the backend/,
  ],
  [
    'mediaPathPattern under the cached assets',
    withEdge({ mediaPathPattern: '/_next/media/*' }),
    'edgeSettings.mediaPathPattern',
    /cached assets/,
  ],
];

function withEdgeCertificate(arn: string): PropsFor {
  return (stack) => ({
    ...EDGE_SHOP(stack),
    edgeSettings: { cloudFrontCertificate: acm.Certificate.fromCertificateArn(stack, 'Cf', arn) },
  });
}

describe('FargateShop edge props are checked at synth, each error naming the prop', () => {
  expectRejected(CASES);

  test('outside us-east-1, a zone whose id is a deploy-time value cannot validate the companion certificate', () => {
    const stack = new Stack(new App(), 'Stack', { env: { region: 'eu-west-1', account: '111111111111' } });
    const hostedZone = new route53.HostedZone(stack, 'Zone', { zoneName: 'example.com' });
    expect(
      () =>
        new FargateShop(stack, 'Shop', {
          ...BASIC,
          preset: FargateShopPreset.HIGHLY_AVAILABLE,
          domainName: 'shop.example.com',
          hostedZone,
        }),
    ).toThrow(
      /^Stack\/Shop: invalid 'edgeSettings.cloudFrontCertificate': the stack is in eu-west-1.*Give hostedZone with HostedZone.fromHostedZoneAttributes/,
    );
  });

  test('the valid neighbours of those cases synthesize (controls)', () => {
    for (const props of [
      withEdge({ originDomainName: 'cdn-origin.example.com', rateLimitPer5Minutes: 10 }),
      withEdge({
        commonRuleSetCountRules: ['SizeRestrictions_BODY'],
        mediaPathPattern: '/images/products/*',
      }),
      withEdge({ webAclArn: 'arn:aws:wafv2:us-east-1:111111111111:global/webacl/a/1', media: false }),
      withEdgeCertificate('arn:aws:acm:us-east-1:111111111111:certificate/a'),
    ]) {
      expect(build(props).edge).toBeDefined();
    }
  });
});
