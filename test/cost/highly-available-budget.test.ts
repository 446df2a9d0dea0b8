import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { CostEstimator, FargateShop, FargateShopPreset, ShopImage } from '../../src';

/*
 * Issue 11's budget: HIGHLY_AVAILABLE with its production parts on (the edge in front with the
 * media bucket, the origin lock, OpenTelemetry tracing) costs at most $720 a month at the
 * estimator's defaults. The parts are checked to be in the template, so the figure cannot pass
 * by leaving one out.
 */

const BUDGET_USD = 720;

function productionShop(): { stack: Stack; shop: FargateShop } {
  const app = new App({
    context: { 'aws:cdk:enable-path-metadata': true, 'aws:cdk:disable-creation-stack-traces': true },
  });
  const stack = new Stack(app, 'Budget', { env: { region: 'us-east-1' } });
  const hostedZone = new route53.PublicHostedZone(stack, 'Zone', { zoneName: 'shop.example.com' });
  const shop = new FargateShop(stack, 'Shop', {
    preset: FargateShopPreset.HIGHLY_AVAILABLE,
    storefront: { image: ShopImage.fromRegistry('ghcr.io/acme/storefront:1.0.0') },
    backend: { image: ShopImage.fromRegistry('ghcr.io/acme/medusa:1.0.0') },
    domainName: 'shop.example.com',
    hostedZone,
  });
  return { stack, shop };
}

describe('HIGHLY_AVAILABLE with the edge and tracing', () => {
  const { stack, shop } = productionShop();
  const estimate = new CostEstimator().estimateStack(stack);
  const template = JSON.stringify(Template.fromStack(stack).toJSON());

  test('the production parts are all there: edge, web ACL, media bucket, tracing sidecars', () => {
    expect(shop.edge).toBeDefined();
    expect(shop.edge!.webAcl).toBeDefined();
    expect(shop.mediaBucket).toBeDefined();
    const types = estimate.lines.map((l) => l.type);
    expect(types).toContain('AWS::CloudFront::Distribution');
    expect(types).toContain('AWS::WAFv2::WebACL');
    expect(template.includes('aws-otel-collector')).toBe(true);
    expect(estimate.lines.some((l) => l.priceKey.startsWith('xray.'))).toBe(true);
  });

  test(`costs at most $${BUDGET_USD} a month at the estimator's defaults`, () => {
    expect(estimate.totalMonthlyUsd).toBeGreaterThan(500);
    expect(estimate.totalMonthlyUsd).toBeLessThanOrEqual(BUDGET_USD);
  });
});
