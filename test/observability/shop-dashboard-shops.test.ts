import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { FargateShopStack } from '../../examples/fargate-shop';
import { ServerlessShopStack } from '../../examples/serverless-shop';
import { SingleHostShopStack } from '../../examples/single-host-shop';
import {
  FargateShop,
  FargateShopPreset,
  IShop,
  ServerlessShop,
  ShopApiType,
  ShopImage,
  ShopObservability,
} from '../../src';
import { CostEstimator } from '../../src/cost/cost-estimator';
import { METRICS_PER_GRAPH } from '../../src/observability/dashboard-rows';
import { DASHBOARD_SIGNALS } from '../../src/observability/dashboard-signals';
import { REQUEST_ORDER } from '../../src/observability/monitored-resource';
import { monitoredResourcesOf } from '../../src/observability/resource-source';
import { checkDashboardBody, dashboardBodies } from '../helpers/dashboard-limits';
import { checkDashboards } from '../helpers/dashboard-metrics';
import { shopProps } from '../shop/serverless/serverless-shop-fixtures';

/*
 * The shop dashboard on the shops of this library, through ShopObservability and discovery:
 * the examples (SingleHostShop, the fullest FargateShop, ServerlessShop), FargateShop DEVELOPMENT,
 * HIGHLY_AVAILABLE with a domain and a worker queue, and a REST ServerlessShop with its database. For each: a body CloudWatch accepts and
 * within its limits, every graph able to draw, a row per kind found in request order, and the
 * cost figure the estimator gives the same stack.
 */

const IMAGES = {
  storefront: { image: ShopImage.fromRegistry('ghcr.io/acme/storefront:1.4.2') },
  backend: { image: ShopImage.fromRegistry('ghcr.io/acme/medusa:1.4.2') },
};

const newApp = () => new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });

interface Case {
  readonly stack: Stack;
  /** What ShopObservability watches. */
  readonly shop: IShop | undefined;
}

const cases: Array<[string, () => Case]> = [
  [
    'examples/single-host-shop.ts',
    () => {
      const stack = new SingleHostShopStack(newApp(), 'SingleHostShop');
      new ShopObservability(stack, 'Observability', {});
      return { stack, shop: undefined };
    },
  ],
  [
    'examples/fargate-shop.ts (the fullest FargateShop)',
    () => {
      const stack = new FargateShopStack(newApp(), 'FargateShop');
      new ShopObservability(stack, 'Observability', {});
      return { stack, shop: undefined };
    },
  ],
  [
    'FargateShop DEVELOPMENT',
    () => {
      const stack = new Stack(newApp(), 'Development', {
        env: { account: '111122223333', region: 'eu-west-1' },
      });
      const shop = new FargateShop(stack, 'Shop', { ...IMAGES, preset: FargateShopPreset.DEVELOPMENT });
      new ShopObservability(stack, 'Observability', { shop });
      return { stack, shop };
    },
  ],
  [
    'FargateShop HIGHLY_AVAILABLE with a domain and a worker queue',
    () => {
      const stack = new Stack(newApp(), 'HighlyAvailable', {
        env: { account: '111122223333', region: 'us-east-1' },
      });
      const shop = new FargateShop(stack, 'Shop', {
        ...IMAGES,
        worker: {},
        preset: FargateShopPreset.HIGHLY_AVAILABLE,
        domainName: 'shop.example.com',
        hostedZone: route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', {
          hostedZoneId: 'Z0EXAMPLE',
          zoneName: 'example.com',
        }),
      });
      new ShopObservability(stack, 'Observability', { shop, alarmEmail: 'ops@example.com' });
      return { stack, shop };
    },
  ],
  [
    'examples/serverless-shop.ts (ServerlessShop, environment-agnostic)',
    () => {
      const stack = new ServerlessShopStack(newApp(), 'ServerlessShop');
      new ShopObservability(stack, 'Observability', { shop: stack.shop });
      return { stack, shop: stack.shop };
    },
  ],
  [
    'ServerlessShop with a REST API and the orders database, in us-east-1',
    () => {
      const stack = new Stack(newApp(), 'ServerlessRest', {
        env: { account: '111122223333', region: 'us-east-1' },
      });
      const shop = new ServerlessShop(stack, 'Shop', shopProps({ apiType: ShopApiType.REST, database: {} }));
      new ShopObservability(stack, 'Observability', { shop });
      return { stack, shop };
    },
  ],
];

describe.each(cases)('%s', (_name, make) => {
  const { stack, shop } = make();
  const template = Template.fromStack(stack).toJSON();
  const bodies = Object.values(dashboardBodies(template));
  const region = stack.resolve(stack.region);
  const regionName = typeof region === 'string' ? region : undefined;

  test("one dashboard, its body within CloudWatch's structure and limits", () => {
    expect(bodies).toHaveLength(1);
    const report = checkDashboardBody(bodies[0], { maxMetricsPerWidget: METRICS_PER_GRAPH });
    expect(report.problems).toEqual([]);
    expect(report.widgets).toBeGreaterThan(5);
  });

  test('every graph can draw: 0 mismatches against what AWS publishes', () => {
    const report = checkDashboards([{ name: stack.stackName, template, region: regionName }]);
    expect(report.mismatches).toEqual([]);
    expect(report.metrics).toBeGreaterThan(3);
  });

  test('a row per kind found, in request order', () => {
    const found = monitoredResourcesOf(shop ?? stack);
    const kinds = REQUEST_ORDER.filter((k) => DASHBOARD_SIGNALS[k] && found.some((r) => r.kind === k));
    const headings = JSON.parse(bodies[0])
      .widgets.filter((w: any) => w.type === 'text' && w.properties.markdown.startsWith('## '))
      .sort((a: any, b: any) => a.y - b.y)
      .map((w: any) => w.properties.markdown);
    expect(headings).toEqual(
      kinds.map((k) => expect.stringContaining(`## ${DASHBOARD_SIGNALS[k]!.title} (`)),
    );
    expect(kinds.length).toBeGreaterThan(0);
  });

  test('the cost widget shows the estimate of the same stack', () => {
    const total = new CostEstimator().estimateStack(stack).totalMonthlyUsd;
    const markdown = JSON.parse(bodies[0]).widgets.find((w: any) =>
      w.properties.markdown?.startsWith('### Cost'),
    ).properties.markdown as string;
    const usd = `$${(Math.round(total * 100) / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
    expect(markdown.split('\n')[0]).toBe(`### Cost estimate: ${usd} a month`);
  });
});
