import * as fs from 'fs';
import * as path from 'path';
import { App, Size, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { sum } from './hand-sum';
import { SEED_ARCHITECTURES } from '../../examples/seeds/app';
import {
  CacheEngine,
  CachePreset,
  CostEstimate,
  CostEstimator,
  DatabasePreset,
  FargateShop,
  FargateShopPreset,
  NetworkProfile,
  ShopCache,
  ShopDatabase,
  ShopImage,
  ShopNetwork,
} from '../../src';

/*
 * Seed 002's bill of materials in a FargateShop (HIGHLY_AVAILABLE, whose edge is on with a domain:
 * CloudFront + WAF in front, product images in S3 behind it): 2 zones with a NAT gateway each, 4 web tasks
 * scaling 2-20, a worker, RDS PostgreSQL db.r6g.xlarge Multi-AZ + 2 read replicas (500 GB gp3),
 * Redis r6g.large primary + replica, CloudFront + WAF, 500 GB in S3, one Route 53 zone, the
 * worker's SQS queue. The
 * estimate must be within ±5 % of a hand sum of the same bill from the price file's entries, at
 * the usage the seed's own cost table assumed (list prices, no always-free allowances).
 */
const PRICE_FILE = path.join(__dirname, '../../data/prices/aws-us-east-1.json');
const PRICES: { [key: string]: { usd: number } } = JSON.parse(fs.readFileSync(PRICE_FILE, 'utf-8')).prices;
const price = (key: string): number => {
  const entry = PRICES[key];
  if (typeof entry?.usd !== 'number') throw new Error(`the price file has no price for ${key}`);
  return entry.usd;
};
const H = 730;

const SEED = SEED_ARCHITECTURES.find((s) => s.seed === '002')!;
const USAGE = { alwaysFreeAllowances: false, ...SEED.assumptions };

/** The bill of materials: what the seed names, and the sizes this rebuild gives what it does not. */
const BOM = {
  webTasks: { desired: 4, min: 2, max: 20, vcpu: 1, gb: 2 },
  workerTasks: { desired: 1, vcpu: 0.5, gb: 1 },
  databaseInstances: 1 + 2, // the Multi-AZ writer and 2 read replicas
  databaseStorageGb: 500,
  cacheNodes: 2,
  natGateways: 2,
  storedGb: 500,
  wafRules: 4, // ShopEdge: 3 AWS managed rule groups and a per-IP rate rule
  // the database's master secret, the cache's auth token, JWT_SECRET, COOKIE_SECRET, the edge's origin header
  secrets: 5,
};

function seed002Bom(): Stack {
  const app = new App({
    context: { 'aws:cdk:enable-path-metadata': true, 'aws:cdk:disable-creation-stack-traces': true },
  });
  const stack = new Stack(app, 'Seed002Bom');
  const network = new ShopNetwork(stack, 'Network', {
    profile: NetworkProfile.custom({
      availabilityZones: 2,
      natGateways: BOM.natGateways,
      isolatedSubnets: true,
    }),
  });
  const vpc = network.vpc;
  const zone = new route53.PublicHostedZone(stack, 'Zone', { zoneName: 'shopflow.example.com' });
  const database = new ShopDatabase(stack, 'Database', {
    vpc,
    preset: DatabasePreset.HIGHLY_AVAILABLE,
    instanceType: ec2.InstanceType.of(ec2.InstanceClass.R6G, ec2.InstanceSize.XLARGE),
    allocatedStorage: Size.gibibytes(BOM.databaseStorageGb),
    readReplicas: BOM.databaseInstances - 1,
  });
  const cache = new ShopCache(stack, 'Cache', {
    vpc,
    preset: CachePreset.MULTI_AZ,
    nodeType: 'cache.r6g.large',
    engine: CacheEngine.REDIS_7_1,
  });
  const shop = new FargateShop(stack, 'Shop', {
    edgeSettings: { media: true },
    preset: FargateShopPreset.HIGHLY_AVAILABLE,
    vpc,
    database,
    cache,
    domainName: 'shopflow.example.com',
    hostedZone: zone,
    backend: { image: ShopImage.fromRegistry('ghcr.io/acme/shopflow-api:1.0.0') },
    backendService: {
      cpu: BOM.webTasks.vcpu * 1024,
      memoryLimitMiB: BOM.webTasks.gb * 1024,
      desiredCount: BOM.webTasks.desired,
      minCapacity: BOM.webTasks.min,
      maxCapacity: BOM.webTasks.max,
    },
    worker: {},
    workerService: {
      cpu: BOM.workerTasks.vcpu * 1024,
      memoryLimitMiB: BOM.workerTasks.gb * 1024,
      desiredCount: BOM.workerTasks.desired,
      minCapacity: BOM.workerTasks.desired,
    },
  });
  // HIGHLY_AVAILABLE with a domain puts the edge in front, with the product-image bucket
  if (!shop.edge || !shop.mediaBucket) throw new Error('the shop has no edge or no media bucket');
  return stack;
}

/** The hand sum of the bill of materials, item by item, from the price file. */
function handSum(): { [item: string]: number } {
  const requestsPerSecond = USAGE.requestsPerMonth! / (H * 3600);
  const task = (t: { vcpu: number; gb: number }) =>
    (t.vcpu * price('fargate.arm.vcpuHour') + t.gb * price('fargate.arm.gbHour')) * H;
  return {
    'NAT gateways, their Elastic IPs, 5 GB processed': sum([
      BOM.natGateways * price('natGateway.hourly') * H,
      BOM.natGateways * price('vpc.elasticIp.hourly') * H,
      5 * price('natGateway.perGb'),
    ]),
    // the new-connection dimension (one connection a request, 25 a second per LCU) is the largest
    'load balancer, its LCUs and its public IPv4 in 2 zones': sum([
      price('alb.hourly') * H,
      Math.max(requestsPerSecond / 25, USAGE.dataTransferOutGb! / H) * H * price('alb.lcuHourly'),
      2 * price('vpc.publicIpv4.hourly') * H,
    ]),
    'web tasks (ARM64, on demand)': BOM.webTasks.desired * task(BOM.webTasks),
    'worker task': BOM.workerTasks.desired * task(BOM.workerTasks),
    'db.r6g.xlarge Multi-AZ writer + 2 read replicas': sum([
      price('rds.multiAz.multiplier') * price('rds.postgres.db.r6g.xlarge.singleAz.hourly') * H,
      (BOM.databaseInstances - 1) * price('rds.postgres.db.r6g.xlarge.singleAz.hourly') * H,
    ]),
    'database storage, 500 GB gp3 on each': sum([
      price('rds.multiAz.multiplier') * BOM.databaseStorageGb * price('rds.gp3.gbMonth.singleAz'),
      (BOM.databaseInstances - 1) * BOM.databaseStorageGb * price('rds.gp3.gbMonth.singleAz'),
    ]),
    'Redis r6g.large primary + replica':
      BOM.cacheNodes * price('elasticache.redis.cache.r6g.large.hourly') * H,
    'CloudFront: the seed 100 GB and 10 M requests': sum([
      USAGE.dataTransferOutGb! * price('cloudfront.na.first10TB.perGb'),
      (USAGE.requestsPerMonth! / 10_000) * price('cloudfront.na.httpsPer10k'),
    ]),
    'WAF: web ACL, rules, requests': sum([
      price('waf.webAcl.month'),
      BOM.wafRules * price('waf.rule.month'),
      (USAGE.requestsPerMonth! / 1e6) * price('waf.perMillionRequests'),
    ]),
    'S3, 500 GB': BOM.storedGb * price('s3.standard.gbMonth'),
    // the worker's queue and its dead-letter queue share the default 1 M requests
    'SQS, 1 M requests': (1_000_000 / 1e6) * price('sqs.standard.perMillion'),
    'Route 53 zone': price('route53.hostedZone.month'),
    secrets: BOM.secrets * price('secretsManager.secret.month'),
  };
}

describe("seed 002's bill of materials in a FargateShop", () => {
  const stack = seed002Bom();
  const estimate: CostEstimate = new CostEstimator(USAGE).estimateStack(stack);
  const items = handSum();
  const hand = sum(Object.values(items));
  const linesOf = (type: string, description?: RegExp) =>
    estimate.lines.filter((l) => l.type === type && (!description || description.test(l.description)));

  test("the usage is the seed's own: 100 GB out, 500 GB stored, 10 M requests, list prices", () => {
    expect(estimate.assumptions).toMatchObject({
      dataTransferOutGb: 100,
      storedGb: 500,
      requestsPerMonth: 10_000_000,
      alwaysFreeAllowances: false,
    });
  });

  test('the estimate is within ±5 % of the hand sum from the price file', () => {
    expect(hand).toBeGreaterThan(2000);
    expect(Math.abs(estimate.totalMonthlyUsd - hand) / hand).toBeLessThanOrEqual(0.05);
  });

  test('every item of the bill is in the estimate, at the hand figure', () => {
    const total = (lines: { monthlyUsd: number }[]) => sum(lines.map((l) => l.monthlyUsd));
    expect(linesOf('AWS::RDS::DBInstance', /instance/)).toHaveLength(BOM.databaseInstances);
    expect(total(linesOf('AWS::RDS::DBInstance', /instance/))).toBeCloseTo(
      items['db.r6g.xlarge Multi-AZ writer + 2 read replicas'],
      2,
    );
    expect(total(linesOf('AWS::RDS::DBInstance', /storage/))).toBeCloseTo(
      items['database storage, 500 GB gp3 on each'],
      2,
    );
    expect(total(linesOf('AWS::ElastiCache::ReplicationGroup'))).toBeCloseTo(
      items['Redis r6g.large primary + replica'],
      2,
    );
    expect(linesOf('AWS::EC2::NatGateway', /^NAT gateway$/)).toHaveLength(BOM.natGateways);
    expect(total(linesOf('AWS::CloudFront::Distribution'))).toBeCloseTo(
      items['CloudFront: the seed 100 GB and 10 M requests'],
      2,
    );
    expect(total(linesOf('AWS::WAFv2::WebACL'))).toBeCloseTo(items['WAF: web ACL, rules, requests'], 2);
    expect(total(linesOf('AWS::S3::Bucket'))).toBeCloseTo(items['S3, 500 GB'], 2);
    expect(total(linesOf('AWS::SQS::Queue'))).toBeCloseTo(items['SQS, 1 M requests'], 2);
    const services = linesOf('AWS::ECS::Service');
    const web = services.filter((l) => l.path.includes('/Shop/Backend'));
    expect(total(web)).toBeCloseTo(items['web tasks (ARM64, on demand)'], 2);
    expect(sum(web.map((l) => l.monthlyMinUsd))).toBeCloseTo(
      (BOM.webTasks.min / BOM.webTasks.desired) * items['web tasks (ARM64, on demand)'],
      2,
    );
    expect(sum(web.map((l) => l.monthlyMaxUsd))).toBeCloseTo(
      (BOM.webTasks.max / BOM.webTasks.desired) * items['web tasks (ARM64, on demand)'],
      2,
    );
    expect(total(services.filter((l) => l.path.includes('/Shop/Worker')))).toBeCloseTo(
      items['worker task'],
      2,
    );
  });

  test('nothing of the bill is silently unpriced: a line, no charge with a reason, or a reason it is not estimated', () => {
    // the two charges the estimate names and leaves out: the database's password-rotation
    // application (a stack of its own) and the HA preset's Container Insights metrics
    expect(estimate.notPriced.map((n) => [n.type, n.reason])).toEqual([
      ['AWS::Serverless::Application', expect.stringMatching(/rotation function/)],
      ['AWS::ECS::Cluster', expect.stringMatching(/^Container Insights is enabled/)],
    ]);
    expect(estimate.free.filter((f) => !f.reason)).toEqual([]);
  });

  test('what the hand sum leaves out (alarms, logs, access logs) is under 1 % of it', () => {
    expect(estimate.totalMonthlyUsd).toBeGreaterThanOrEqual(hand);
    expect(estimate.totalMonthlyUsd - hand).toBeLessThan(0.01 * hand);
  });
});
