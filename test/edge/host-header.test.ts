import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  ALL_VIEWER_EXCEPT_HOST_HEADER,
  distributionConfig,
  synth,
  US_EAST_1,
  withDomain,
} from './edge-fixtures';
import { edgeShop, EDGE_SHOP } from '../shop/fargate/edge-fixture';

/** CloudFront's managed AllViewer origin request policy: every viewer header, Host included. */
// https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-managed-origin-request-policies.html
const ALL_VIEWER = '216adef6-5c7f-47e4-b989-5492eafa07d3';

const policies = (config: any) => ({
  pages: config.DefaultCacheBehavior.OriginRequestPolicyId,
  cached: Object.fromEntries(
    (config.CacheBehaviors ?? []).map((b: any) => [b.PathPattern, b.OriginRequestPolicyId ?? 'none']),
  ),
});

describe('ShopEdge forwardHostHeader', () => {
  test('off by default: the pages forward every viewer header but Host (the origin gets its own name)', () => {
    const { template } = synth((stack) => withDomain(stack), US_EAST_1);
    expect(policies(distributionConfig(template)).pages).toBe(ALL_VIEWER_EXCEPT_HOST_HEADER);
  });

  test('on: the pages forward the viewer Host; the cached behaviours keep the origin name', () => {
    const { template } = synth((stack) => ({ ...withDomain(stack), forwardHostHeader: true }), US_EAST_1);
    const { pages, cached } = policies(distributionConfig(template));
    expect(pages).toBe(ALL_VIEWER);
    // Next.js (the default framework): its static files and images, and cachedPathPatterns' default,
    // are cached by their cache policies with no origin request policy: no Host of the viewer's
    expect(cached).toEqual({ '/_next/static/*': 'none', '/_next/image*': 'none', '/static/*': 'none' });
  });

  test.each<[string, (stack: any) => any, RegExp]>([
    [
      'an S3 bucket origin',
      (stack) => origins.S3BucketOrigin.withOriginAccessControl(new s3.Bucket(stack, 'Site')),
      /an S3 bucket origin, which answers for its own name only/,
    ],
    [
      'a Lambda function URL origin',
      (stack) =>
        new origins.FunctionUrlOrigin(
          new lambda.Function(stack, 'Fn', {
            runtime: lambda.Runtime.NODEJS_22_X,
            handler: 'index.handler',
            code: lambda.Code.fromInline('exports.handler = async () => ({})'),
          }).addFunctionUrl(),
        ),
      /a Lambda function URL origin, which answers for its own name only/,
    ],
    [
      'an API Gateway origin',
      (stack) => {
        const api = new apigateway.RestApi(stack, 'Api');
        api.root.addMethod('GET', new apigateway.MockIntegration());
        return new origins.RestApiOrigin(api);
      },
      /an API Gateway origin, which answers for its own name only/,
    ],
  ])('refused with %s, naming the prop and the fix', (_what, origin, problem) => {
    expect(() =>
      synth((stack) => ({ ...withDomain(stack), origin: origin(stack), forwardHostHeader: true }), US_EAST_1),
    ).toThrow(
      new RegExp(
        `^Stack/Edge: invalid 'forwardHostHeader': the origin is ${problem.source}.*Remove forwardHostHeader`,
      ),
    );
  });

  test('refused without domainNames: the viewer Host would be the cloudfront.net name', () => {
    expect(() => synth({ forwardHostHeader: true }, US_EAST_1)).toThrow(
      /^Stack\/Edge: invalid 'forwardHostHeader': without domainNames the viewer's Host is the distribution's \*\.cloudfront\.net name.*Give domainNames \(and certificate\), or remove forwardHostHeader\.$/,
    );
  });

  test('FargateShop edgeSettings.forwardHostHeader: the pages reach the load balancer as domainName, X-Forwarded-Host kept', () => {
    const config = (forwardHostHeader?: boolean) =>
      distributionConfig(
        edgeShop((stack) => ({ ...EDGE_SHOP(stack), edgeSettings: { forwardHostHeader } })).template,
      );
    expect(policies(config()).pages).toBe(ALL_VIEWER_EXCEPT_HOST_HEADER);
    const on = config(true);
    expect(policies(on).pages).toBe(ALL_VIEWER);
    expect(on.Origins.find((o: any) => o.CustomOriginConfig).OriginCustomHeaders).toContainEqual({
      HeaderName: 'X-Forwarded-Host',
      HeaderValue: 'shop.example.com',
    });
  });
});
