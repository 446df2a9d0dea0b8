import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, StackProps } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as cxapi from 'aws-cdk-lib/cx-api';
import {
  ACCOUNT,
  US_EAST_1,
  WEB_ACL_ARN,
  synth,
  distributionConfig,
  withDomain,
  mediaBucket,
  Props,
} from './edge-fixtures';
import { guardFindings } from '../helpers/guard';
import { acknowledgements, expectNagClean, nagFindings } from '../helpers/nag';

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
      // the pages policy, defined by the edge
      expect(config.DefaultCacheBehavior.CachePolicyId).toEqual({
        Ref: expect.stringMatching(/^EdgePagesCachePolicy/),
      });
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
