import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, StackProps } from 'aws-cdk-lib';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { NEXT_EXPORT, VITE_BUILD, writeBuild } from './storefront-fixtures';
import { ShopEdge } from '../../../src/edge';
import { ShopStorefront, StorefrontRouting } from '../../../src/shop/serverless';
import { mediaBucket } from '../../edge/edge-fixtures';
import { guardFindings } from '../../helpers/guard';
import { acknowledgements, expectNagClean } from '../../helpers/nag';

/*
 * A ShopStorefront behind a ShopEdge (with an API origin and a media bucket) passes cdk-nag
 * (AwsSolutions and NIST 800-53 R5) and cfn-guard (Control Tower proactive rules), as
 * test/edge/compliance.test.ts checks the edge alone.
 */

interface Case {
  readonly spa?: boolean;
  readonly api?: boolean;
  readonly media?: boolean;
  readonly context?: Record<string, any>;
}

function synth(c: Case, stackProps: StackProps, outdir: string) {
  const app = new App({ outdir, context: c.context });
  const stack = new Stack(app, 'Stack', stackProps);
  const storefront = new ShopStorefront(stack, 'Storefront', {
    directory: writeBuild(c.spa ? VITE_BUILD : NEXT_EXPORT),
    routing: c.spa ? StorefrontRouting.SINGLE_PAGE_APP : undefined,
  });
  // the test's own bucket of product images, with the ShopEdge tests' acknowledgements
  const media = c.media ? mediaBucket(stack) : undefined;
  new ShopEdge(stack, 'Edge', {
    storefront,
    apiOrigin: c.api ? new origins.HttpOrigin('abc123.execute-api.us-east-1.amazonaws.com') : undefined,
    mediaBucket: media,
  });
  // the deployment handler's wildcard grants are acknowledged by an aspect, which runs at synth
  app.synth();
  return app;
}

const cases: [string, Case, StackProps][] = [
  ['a Next.js export alone, environment-agnostic', {}, {}],
  [
    'a Next.js export with an API and media in us-east-1',
    { api: true, media: true },
    { env: { account: '123456789012', region: 'us-east-1' } },
  ],
  ['a single-page app with an API', { spa: true, api: true }, {}],
  [
    'the recommended feature flags',
    { api: true, media: true, context: cxapi.CURRENTLY_RECOMMENDED_FLAGS },
    {},
  ],
];

describe.each(cases)('%s', (_name, c, stackProps) => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-shop-storefront-'));
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));
  const app = synth(c, stackProps, outdir);

  test('AwsSolutions and NIST 800-53 R5', () => {
    expectNagClean(app);
  });

  test('cfn-guard with the Control Tower proactive rules', () => {
    expect(guardFindings(app, 'Stack')).toEqual([]);
  });
});

test('the storefront edge acknowledges only what it explains, and no default root object finding', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-shop-storefront-'));
  try {
    const app = synth({ api: true }, {}, outdir);
    const rules = (prefix: string) =>
      [
        ...new Set(
          acknowledgements(app)
            .filter((a) => a.path.startsWith(prefix))
            .map((a) => a.rule),
        ),
      ].sort();
    expect(rules('Stack/Storefront/Bucket')).toEqual([
      'AwsSolutions-S1',
      'NIST.800.53.R5-S3BucketLoggingEnabled',
      'NIST.800.53.R5-S3BucketReplicationEnabled',
      'NIST.800.53.R5-S3DefaultEncryptionKMS',
      'guard:s3_bucket_default_encryption_kms_check',
      'guard:s3_bucket_logging_enabled_check',
      'guard:s3_bucket_object_lock_enabled_check',
      'guard:s3_event_notifications_enabled_check',
    ]);
    expect(rules('Stack/Edge/Resource')).toEqual([
      'AwsSolutions-CFR1',
      'AwsSolutions-CFR4',
      'guard:cloudfront_custom_ssl_certificate_check',
      'guard:cloudfront_origin_failover_enabled_check',
      'guard:cloudfront_security_policy_check',
      'guard:cloudfront_sni_enabled_check',
    ]);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
});
