import { App } from 'aws-cdk-lib';
import { Seed000SingleHostStack } from './seed-000-single-host';
import { Seed001ServerlessStack } from './seed-001-serverless';
import { Seed002HighlyAvailableStack } from './seed-002-highly-available';
import { Seed003MicroservicesStack } from './seed-003-microservices';
import { Seed004EcsOnEc2Stack } from './seed-004-ecs-on-ec2';
import { CostEstimatorProps } from '../../src';

/** One of the five reference architectures the project started from, rebuilt as a stack, with what it claimed. */
export interface SeedArchitecture {
  /** The stack's name. */
  readonly stackName: string;
  /** The seed file's number. */
  readonly seed: string;
  /** What the stack rebuilds. */
  readonly title: string;
  /** The seed's own monthly total, as written there, or undefined when it states none. */
  readonly claimed?: string;
  /** The usage the seed's cost table assumed, as estimator props. */
  readonly assumptions: CostEstimatorProps;
}

/**
 * The seeds' architectures that cdk-shop's constructs can express, as cost models: checked by
 * cfn-lint, not held to the cdk-nag and cfn-guard rules the example stacks pass.
 */
export const SEED_ARCHITECTURES: SeedArchitecture[] = [
  {
    stackName: 'Seed000SingleHost',
    seed: '000',
    title: 'one t3.small host running the whole shop',
    claimed: '$25-50',
    // "S3 Storage: Backup only, ~2GB"; "Data Transfer: First 1GB free, then $0.09/GB".
    assumptions: { storedGb: 2, dataTransferOutGb: 5 },
  },
  {
    stackName: 'Seed001Serverless',
    seed: '001',
    title:
      'ServerlessShop: static storefront at the edge, HTTP API on Lambda, DynamoDB, Cognito, PostgreSQL behind RDS Proxy, Valkey sessions',
    claimed: '$180-300',
    // the seed states no traffic; its "API Gateway + Lambda $10-20" and "S3 + CloudFront $15-30"
    // fit about 10 million requests and 100 GB out a month
    assumptions: { requestsPerMonth: 10_000_000, dataTransferOutGb: 100 },
  },
  {
    stackName: 'Seed002HighlyAvailable',
    seed: '002',
    title: 'Fargate + RDS Multi-AZ with 2 replicas + Redis + CloudFront/WAF',
    claimed: '~$1,441',
    // "CloudFront: 100GB transfer", "S3: 500GB storage"; scaling on "Requests > 1000/min".
    assumptions: { dataTransferOutGb: 100, storedGb: 500, requestsPerMonth: 10_000_000 },
  },
  {
    stackName: 'Seed003Microservices',
    seed: '003',
    title:
      'FargateShop: storefront, backend, product and order services on ALB path routing + RDS db.t4g.micro',
    claimed: '~$174',
    // "dev-sized workloads (1 task/service)"; "Data Transfer (public) $10" ≈ 111 GB at $0.09.
    assumptions: { dataTransferOutGb: 10, logIngestGb: 5 },
  },
  {
    stackName: 'Seed004EcsOnEc2',
    seed: '004',
    title: 'FargateShop on ECS on EC2: 2-10 t4g.medium instances + ALB + RDS db.t4g.micro',
    assumptions: {},
  },
];

/**
 * Builds the seeds' architectures (see `SEED_ARCHITECTURES`). Environment-agnostic: synthesis
 * needs no AWS account.
 */
export function buildSeedArchitectures(outdir: string): App {
  const app = new App({ outdir, context: { 'aws:cdk:disable-creation-stack-traces': true } });
  new Seed000SingleHostStack(app, 'Seed000SingleHost');
  new Seed001ServerlessStack(app, 'Seed001Serverless');
  new Seed002HighlyAvailableStack(app, 'Seed002HighlyAvailable');
  new Seed003MicroservicesStack(app, 'Seed003Microservices');
  new Seed004EcsOnEc2Stack(app, 'Seed004EcsOnEc2');
  return app;
}

/**
 * The per-stack assumptions of the seeds, for `CostReportProps.stackAssumptions`. The seeds are
 * four shops, not one account's stacks, and their tables price before free tiers: they are compared
 * at list prices, without the always-free allowances (which one account would share).
 */
export function seedAssumptions(): { [stackName: string]: CostEstimatorProps } {
  return Object.fromEntries(
    SEED_ARCHITECTURES.map((s) => [s.stackName, { alwaysFreeAllowances: false, ...s.assumptions }]),
  );
}
