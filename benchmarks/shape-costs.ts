/*
 * What each shop shape costs a month at 1x, 10x and 100x the estimator's default traffic
 * (1,000,000 requests a month at 1x), and which shape is cheapest at each: the ServerlessShop
 * example (examples/serverless-shop.ts; the same with a REST API, and with PostgreSQL),
 * the SingleHostShop example and the FargateShop example (HIGHLY_AVAILABLE), each estimated
 * alone with the always-free allowances, as one account running one shop would be billed.
 * Run: npx projen benchmark:shape-costs (LIST_PRICES=1 for list prices, no allowances).
 *
 * Traffic scales requestsPerMonth and what follows from it (API requests, DynamoDB request units,
 * Cognito MAUs, X-Ray traces) and with it dataTransferOutGb (10 GB), logIngestGb (1 GB) and
 * queueRequestsPerMonth (1,000,000); storage, snapshots, notifications and NAT traffic stay at
 * their defaults. The estimate prices what a template provisions: it does not size servers to
 * the traffic, so the server shapes' rows at 10x and 100x are what the example provisions, with
 * the range up to its autoscaling maximum.
 */
import { App, Stack } from 'aws-cdk-lib';
import { ServerlessPostgresShopStack, ServerlessRestShopStack } from './apps/serverless-variants';
import { FargateShopStack } from '../examples/fargate-shop';
import { ServerlessShopStack } from '../examples/serverless-shop';
import { SingleHostShopStack } from '../examples/single-host-shop';
import { CostEstimate, CostEstimator, CostEstimatorProps } from '../src';
import { usd } from '../src/cost/private/summary';

/** The scales of the estimator's default traffic. */
export const SCALES = [1, 10, 100];

/** The assumptions at `scale` times the default traffic. */
export function scaledAssumptions(scale: number, base: CostEstimatorProps = {}): CostEstimatorProps {
  return {
    ...base,
    requestsPerMonth: 1_000_000 * scale,
    dataTransferOutGb: 10 * scale,
    logIngestGb: 1 * scale,
    queueRequestsPerMonth: 1_000_000 * scale,
  };
}

/** One shape: its name and how to build its stack. */
export interface Shape {
  readonly name: string;
  readonly build: (app: App) => Stack;
}

export const SHAPES: Shape[] = [
  {
    name: 'ServerlessShop example (3 routes, catalog and orders tables, no PostgreSQL)',
    build: (app) => new ServerlessShopStack(app, 'ServerlessShape'),
  },
  {
    name: 'the same with a REST API (ShopApiType.REST)',
    build: (app) => new ServerlessRestShopStack(app, 'ServerlessRestShape'),
  },
  {
    name: 'the same with the orders in PostgreSQL (database: {}, RDS Proxy)',
    build: (app) => new ServerlessPostgresShopStack(app, 'ServerlessPostgresShape'),
  },
  { name: 'SingleHostShop example', build: (app) => new SingleHostShopStack(app, 'SingleHostShape') },
  {
    name: 'FargateShop example (HIGHLY_AVAILABLE)',
    build: (app) => new FargateShopStack(app, 'FargateShape'),
  },
];

/** A shape's synthesized template, and its estimate at any scale. */
export interface ShapeCost {
  readonly shape: Shape;
  readonly estimates: CostEstimate[];
  readonly at: (scale: number) => CostEstimate;
}

/** The estimate of each shape at each scale (the template synthesized once per shape). */
export function shapeCosts(base: CostEstimatorProps = {}): ShapeCost[] {
  return SHAPES.map((shape) => {
    const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
    const stack = shape.build(app);
    const template = app.synth().getStackArtifact(stack.artifactId).template;
    const at = (scale: number) =>
      new CostEstimator(scaledAssumptions(scale, base)).estimateTemplate(template, stack.stackName);
    return { shape, estimates: SCALES.map(at), at };
  });
}

/** The smallest scale (in steps of 0.5, up to 100) at which `b` costs less than `a`, if any. */
export function crossover(a: ShapeCost, b: ShapeCost, exclude: string[] = []): number | undefined {
  const total = (e: CostEstimate) =>
    e.lines.filter((l) => !exclude.includes(l.type)).reduce((sum, l) => sum + l.monthlyUsd, 0);
  for (let scale = 1; scale <= 100; scale += 0.5) {
    if (total(b.at(scale)) < total(a.at(scale))) return scale;
  }
  return undefined;
}

/** The lines of an estimate whose resource type is one of `types`, summed. */
function sumOf(e: CostEstimate, types: string[]): number {
  return e.lines.filter((l) => types.includes(l.type)).reduce((a, l) => a + l.monthlyUsd, 0);
}

/** The largest items of an estimate, net of their allowances, by description. */
function topItems(e: CostEstimate, n: number): string {
  const by = new Map<string, number>();
  for (const l of e.lines) {
    const key = l.description.startsWith('always-free allowance')
      ? (e.lines.find((c) => c.logicalId === l.logicalId && l.priceKey.startsWith(c.priceKey + ' '))
          ?.description ?? l.description)
      : l.description;
    by.set(key, (by.get(key) ?? 0) + l.monthlyUsd);
  }
  return [...by]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([d, v]) => `${d} ${usd(v)}`)
    .join(', ');
}

if (require.main === module) {
  const base: CostEstimatorProps = process.env.LIST_PRICES ? { alwaysFreeAllowances: false } : {};
  const results = shapeCosts(base);
  console.log(
    `Monthly cost by shape at ${SCALES.map((s) => `${s}x`).join(', ')} the default traffic ` +
      `(${process.env.LIST_PRICES ? 'list prices' : 'always-free allowances deducted'}; us-east-1)`,
  );
  console.log('');
  const header = ['shape', ...SCALES.map((s) => `${(s * 1_000_000).toLocaleString('en-US')} req`)];
  console.log(
    header[0].padEnd(82) +
      header
        .slice(1)
        .map((h) => h.padStart(24))
        .join(''),
  );
  for (const { shape, estimates } of results) {
    const cells = estimates.map((e) => {
      const range =
        e.totalAtMaximumUsd > e.totalMonthlyUsd + 0.005 ? ` (max ${usd(e.totalAtMaximumUsd)})` : '';
      return `${usd(e.totalMonthlyUsd)}${range}`;
    });
    console.log(shape.name.padEnd(82) + cells.map((c) => c.padStart(24)).join(''));
  }
  console.log('');
  const serverless = results[0].estimates;
  console.log(`${results[0].shape.name}, by part:`);
  const parts: [string, string[]][] = [
    [
      'edge (CloudFront, its function, WAF)',
      ['AWS::CloudFront::Distribution', 'AWS::CloudFront::Function', 'AWS::WAFv2::WebACL'],
    ],
    ['API Gateway', ['AWS::ApiGatewayV2::Api', 'AWS::ApiGateway::RestApi']],
    ['Lambda (requests, compute, traces)', ['AWS::Lambda::Function']],
    ['DynamoDB', ['AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable']],
    ['Cognito', ['AWS::Cognito::UserPool']],
    ['logs', ['AWS::Logs::LogGroup']],
    ['S3', ['AWS::S3::Bucket']],
    ['AWS Backup (the tables)', ['AWS::Backup::BackupVault']],
  ];
  for (const [label, types] of parts) {
    console.log(`  ${label.padEnd(80)}${serverless.map((e) => usd(sumOf(e, types)).padStart(24)).join('')}`);
  }
  const named = new Set(parts.flatMap(([, t]) => t));
  console.log(
    `  ${'everything else'.padEnd(80)}${serverless
      .map((e) =>
        usd(e.lines.filter((l) => !named.has(l.type)).reduce((a, l) => a + l.monthlyUsd, 0)).padStart(24),
      )
      .join('')}`,
  );
  console.log('');
  SCALES.forEach((scale, i) => {
    const ranked = results
      .map(({ shape, estimates }) => ({ name: shape.name, usd: estimates[i].totalMonthlyUsd }))
      .sort((a, b) => a.usd - b.usd);
    console.log(`${scale}x: cheapest ${ranked[0].name} (${usd(ranked[0].usd)})`);
  });
  const serverlessShape = results[0];
  const singleHost = results.find((r) => r.shape.name.startsWith('SingleHostShop'))!;
  const withCognito = crossover(serverlessShape, singleHost);
  const withoutCognito = crossover(serverlessShape, singleHost, ['AWS::Cognito::UserPool']);
  const scaleText = (x: number | undefined) =>
    x === undefined ? 'not up to 100x' : `from ${x}x (${(x * 1_000_000).toLocaleString('en-US')} requests)`;
  console.log(`SingleHostShop costs less than the serverless shape ${scaleText(withCognito)};`);
  console.log(
    `  leaving the user pool's MAUs out (the server shapes keep customers in their own database): ${scaleText(withoutCognito)}`,
  );
  console.log('');
  for (const { shape, estimates } of results) {
    console.log(`${shape.name}: largest items at 100x: ${topItems(estimates[estimates.length - 1], 6)}`);
    const notPriced = estimates[0].notPriced.map((n) => `${n.logicalId} (${n.type})`);
    if (notPriced.length > 0) console.log(`  not priced: ${notPriced.join(', ')}`);
  }
}
