import { Match } from 'aws-cdk-lib/assertions';
import { NEXT_EXPORT_TRAILING_SLASH, VITE_BUILD, synthStorefront } from './storefront-fixtures';
import { StorefrontRouting } from '../../../src/shop/serverless';
import { loadFunction, viewerRequestEvent } from '../../helpers/cloudfront-function';

const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'public, max-age=0, must-revalidate';

function deployments(template: any): Record<string, any> {
  return template.findResources('Custom::CDKBucketDeployment');
}

describe('ShopStorefront with a Next.js export', () => {
  const { template, storefront } = synthStorefront();

  test('the bucket is private, SSE-S3, TLS-only, versioned and retained', () => {
    template.hasResource('AWS::S3::Bucket', {
      UpdateReplacePolicy: 'Retain',
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
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
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      }),
    });
    const policy = Object.values(template.findResources('AWS::S3::BucketPolicy'))[0] as any;
    expect(policy.Properties.PolicyDocument.Statement).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        expect.objectContaining({ Effect: 'Deny', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
      ]),
    );
  });

  test('hashed assets first: immutable for a year, never pruned, _next/static only', () => {
    const resources = deployments(template);
    const idOf = (prefix: string) => Object.keys(resources).find((id) => id.startsWith(prefix))!;
    const hashed = idOf('StorefrontHashedAssetsDeployment');
    const pages = idOf('StorefrontPagesDeployment');
    expect(storefront.deployments.map((d) => d.node.id)).toEqual([
      'HashedAssetsDeployment',
      'PagesDeployment',
    ]);
    expect(resources[hashed].Properties).toMatchObject({
      Prune: false,
      Exclude: ['*'],
      Include: ['_next/static/*'],
      SystemMetadata: { 'cache-control': IMMUTABLE },
    });
    expect(resources[pages].Properties).toMatchObject({
      Prune: true,
      Exclude: ['_next/static/*'],
      SystemMetadata: { 'cache-control': REVALIDATE },
    });
    expect(resources[pages].Properties.Include).toBeUndefined();
    expect(resources[pages].DependsOn).toEqual(expect.arrayContaining([hashed]));
    // one asset, synced twice
    expect(resources[hashed].Properties.SourceObjectKeys).toEqual(
      resources[pages].Properties.SourceObjectKeys,
    );
    expect(storefront.hashedAssetDirectories).toEqual(['_next/static']);
  });

  test('the rewrite function is cloudfront-js-2.0 and its template code is the STATIC_PAGES script', () => {
    const fns = Object.values(template.findResources('AWS::CloudFront::Function')) as any[];
    expect(fns).toHaveLength(1);
    expect(fns[0].Properties.FunctionConfig.Runtime).toBe('cloudfront-js-2.0');
    expect(fns[0].Properties.AutoPublish).toBe(true);
    const handler = loadFunction(fns[0].Properties.FunctionCode);
    expect(handler(viewerRequestEvent('/products/42')).uri).toBe('/products/42.html');
  });
});

test('trailingSlash maps pages to folders', () => {
  const { template } = synthStorefront({ trailingSlash: true }, NEXT_EXPORT_TRAILING_SLASH);
  const fn = Object.values(template.findResources('AWS::CloudFront::Function'))[0] as any;
  expect(loadFunction(fn.Properties.FunctionCode)(viewerRequestEvent('/products/42')).uri).toBe(
    '/products/42/index.html',
  );
});

test('a single-page app: assets/ is the hashed folder, every page path is index.html', () => {
  const { template, storefront } = synthStorefront(
    { routing: StorefrontRouting.SINGLE_PAGE_APP },
    VITE_BUILD,
  );
  expect(storefront.hashedAssetDirectories).toEqual(['assets']);
  const props = Object.values(deployments(template)).map((d: any) => d.Properties);
  expect(props.map((p) => [p.Include, p.Exclude, p.SystemMetadata['cache-control']])).toEqual([
    [['assets/*'], ['*'], IMMUTABLE],
    [undefined, ['assets/*'], REVALIDATE],
  ]);
  const fn = Object.values(template.findResources('AWS::CloudFront::Function'))[0] as any;
  expect(loadFunction(fn.Properties.FunctionCode)(viewerRequestEvent('/account/orders')).uri).toBe(
    '/index.html',
  );
});

test('a build without hashed folders is one pruned deployment, revalidated', () => {
  const { template, storefront } = synthStorefront({}, { 'index.html': 'x', 'about.html': 'y' });
  expect(storefront.deployments).toHaveLength(1);
  expect(storefront.hashedAssetDirectories).toEqual([]);
  const [only] = Object.values(deployments(template)) as any[];
  expect(only.Properties).toMatchObject({ Prune: true, SystemMetadata: { 'cache-control': REVALIDATE } });
  expect(only.Properties.Exclude).toBeUndefined();
});

test('several hashed folders are all kept and all excluded from the pruned sync', () => {
  const { template } = synthStorefront(
    { routing: StorefrontRouting.SINGLE_PAGE_APP, hashedAssetDirectories: ['static/js', 'static/css'] },
    { 'index.html': 'x', 'static/js/main.1a.js': 'j', 'static/css/main.2b.css': 'c', 'static/logo.svg': 's' },
  );
  const props = Object.values(deployments(template)).map((d: any) => d.Properties);
  expect(props[0].Include).toEqual(['static/js/*', 'static/css/*']);
  expect(props[1].Exclude).toEqual(['static/js/*', 'static/css/*']);
});
