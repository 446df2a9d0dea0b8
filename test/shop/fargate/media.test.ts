import { edgeShop, EDGE_SHOP } from './edge-fixture';
import { container, environment } from './fargate-fixtures';
import { logicalIdOf } from '../../helpers/alb-matcher';
import { routeRequest } from '../../helpers/cloudfront-matcher';

/* Product images: a private bucket behind the edge, written by the backend and the worker. */

const { shop, template } = edgeShop();
const bucketId = logicalIdOf(shop.mediaBucket!);
const resources = template.toJSON().Resources as Record<string, any>;

describe('the media bucket', () => {
  const bucket = resources[bucketId];

  test('private, SSE-S3, versioned, retained', () => {
    expect(bucket.DeletionPolicy).toBe('Retain');
    expect(bucket.UpdateReplacePolicy).toBe('Retain');
    expect(bucket.Properties).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
    });
  });

  test('its policy denies plain HTTP and TLS below 1.2, and lets only this distribution read, through OAC', () => {
    const [policy] = Object.values(template.findResources('AWS::S3::BucketPolicy')).filter(
      (p: any) => p.Properties.Bucket.Ref === bucketId,
    );
    const statements = policy.Properties.PolicyDocument.Statement as any[];
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
    );
    const reads = statements.filter((s) => s.Effect === 'Allow');
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({
      Action: 's3:GetObject',
      Principal: { Service: 'cloudfront.amazonaws.com' },
    });
    expect(JSON.stringify(reads[0].Condition)).toContain(logicalIdOf(shop.edge!.distribution));
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
  });
});

describe('CloudFront sends each path to the right origin (first match in order)', () => {
  test.each<[string, 'media' | 'origin', boolean]>([
    ['/media/p.jpg', 'media', true],
    ['/media/products/shirt-01J.webp?w=400', 'media', true],
    ['/mediakit.pdf', 'origin', false],
    ['/store/products', 'origin', false],
    ['/', 'origin', false],
  ])('%s', (path, where, s3) => {
    const r = routeRequest(template, path);
    expect(r.origin.S3OriginConfig !== undefined).toBe(s3);
    if (where === 'media') {
      expect(JSON.stringify(r.origin.DomainName)).toContain(bucketId);
      expect(r.origin.OriginAccessControlId).toBeDefined();
      expect(r.behavior.AllowedMethods ?? ['GET', 'HEAD']).toEqual(['GET', 'HEAD']);
    } else {
      expect(r.origin.DomainName).toBe('origin.shop.example.com');
    }
  });
});

describe('the backend and the worker', () => {
  test.each([
    ['Backend', 'backend'],
    ['Worker', 'worker'],
  ])("%s gets Medusa's S3 file settings", (part, name) => {
    const env = environment(container(template, part, name));
    expect(env).toMatchObject({
      S3_BUCKET: { Ref: bucketId },
      S3_REGION: 'us-east-1',
      S3_PREFIX: 'media/',
      S3_FILE_URL: 'https://shop.example.com',
    });
  });

  test('the storefront gets none of them', () => {
    const env = environment(container(template, 'Storefront', 'storefront'));
    expect(Object.keys(env).filter((k) => k.startsWith('S3_'))).toEqual([]);
  });

  test('they may put, get and delete objects under media/ only; nothing else touches the bucket', () => {
    const grants = Object.entries(template.findResources('AWS::IAM::Policy'))
      .flatMap(([id, p]: [string, any]) =>
        p.Properties.PolicyDocument.Statement.map((s: any) => ({ id, roles: p.Properties.Roles, ...s })),
      )
      .filter((s: any) => JSON.stringify(s.Resource).includes(bucketId));
    expect(grants).toHaveLength(2);
    for (const g of grants) {
      expect(g.Action).toEqual(['s3:PutObject', 's3:GetObject', 's3:DeleteObject']);
      expect(g.Resource).toEqual({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/media/*']] });
    }
    const roles = grants.flatMap((g: any) => g.roles.map((r: any) => r.Ref)).sort();
    expect(roles).toEqual(
      [
        logicalIdOf(shop.taskDefinitions.backend.taskRole),
        logicalIdOf(shop.taskDefinitions.worker.taskRole),
      ].sort(),
    );
  });
});

describe('choices', () => {
  test('a media path of its own: behaviour, prefix and grant follow it', () => {
    const t = edgeShop((s) => ({
      ...EDGE_SHOP(s),
      edgeSettings: { mediaPathPattern: '/images/products/*' },
    })).template;
    expect(routeRequest(t, '/images/products/a.jpg').origin.S3OriginConfig).toBeDefined();
    expect(routeRequest(t, '/media/a.jpg').origin.S3OriginConfig).toBeUndefined();
    expect(JSON.stringify(t.toJSON())).toContain('"Value":"images/products/"');
    expect(JSON.stringify(t.toJSON())).toContain('"/images/products/*"');
    expect(JSON.stringify(t.findResources('AWS::IAM::Policy'))).not.toContain('"/media/*"');
  });

  test('media: false, or no edge: no bucket and no S3 settings', () => {
    for (const props of [
      (s: any) => ({ ...EDGE_SHOP(s), edgeSettings: { media: false } }),
      (s: any) => ({ ...EDGE_SHOP(s), edge: false }),
    ]) {
      const { shop: other, template: t } = edgeShop(props);
      expect(other.mediaBucket).toBeUndefined();
      expect(JSON.stringify(t.toJSON())).not.toContain('S3_BUCKET');
    }
  });
});
