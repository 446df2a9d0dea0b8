import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Match } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { US_EAST_1, onlyResource, synth } from './edge-fixtures';
import { guardFindings } from '../helpers/guard';
import { expectNagClean } from '../helpers/nag';

/* staticAssets: the upload of .next/static to a bucket that keeps old builds' files. */

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-shop-next-static-'));
fs.mkdirSync(path.join(dir, 'chunks'));
fs.writeFileSync(path.join(dir, 'chunks', 'a.js'), 'console.log(1)');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('ShopEdge staticAssets', () => {
  const { template, edge } = synth({ staticAssets: { directory: dir } });
  const deployment = onlyResource(template, 'Custom::CDKBucketDeployment').resource.Properties;
  const buckets = template.findResources('AWS::S3::Bucket');
  const assetsId = Object.keys(buckets).find((id) => id.startsWith('EdgeStaticAssetsBucket'))!;

  test('uploads under _next/static/ without pruning, each file immutable for a year', () => {
    expect(deployment).toMatchObject({
      DestinationBucketName: { Ref: assetsId },
      DestinationBucketKeyPrefix: '_next/static/',
      Prune: false,
      SystemMetadata: { 'cache-control': 'public, max-age=31536000, immutable' },
      OutputObjectKeys: false,
    });
    expect(deployment.SourceObjectKeys).toHaveLength(1);
    // the files outlive the stack's deletion like the bucket
    expect(deployment.RetainOnDelete).toBe(true);
  });

  test('the bucket is private, SSE-S3, TLS only, versioned and retained', () => {
    expect(buckets[assetsId]).toMatchObject({
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        VersioningConfiguration: { Status: 'Enabled' },
      },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: assetsId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Action: 's3:GetObject',
          }),
        ]),
      },
    });
    expect(edge.staticAssetsBucket).toBeDefined();
    expect(edge.staticAssetsDeployment).toBeDefined();
  });

  test('a bucket of yours receives the assets, and none is defined', () => {
    const given = synth((s) => ({
      staticAssets: { directory: dir, bucket: s3.Bucket.fromBucketName(s, 'Assets', 'shop-assets') },
    }));
    expect(
      onlyResource(given.template, 'Custom::CDKBucketDeployment').resource.Properties.DestinationBucketName,
    ).toBe('shop-assets');
    expect(
      Object.keys(given.template.findResources('AWS::S3::Bucket')).some((id) => id.startsWith('EdgeStatic')),
    ).toBe(false);
  });

  test('cdk-nag and cfn-guard clean, the deployment handler acknowledged with reasons', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-shop-edge-assets-'));
    try {
      const { app } = synth({ staticAssets: { directory: dir } }, US_EAST_1, outdir);
      // as cdk-nag runs in an app: after synthesis, whose aspects complete the handler's grants
      app.synth();
      expectNagClean(app);
      expect(guardFindings(app, 'Stack')).toEqual([]);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
