import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { round4, sum } from './hand-sum';
import { buildSeedArchitectures, SEED_ARCHITECTURES, seedAssumptions } from '../../examples/seeds/app';
import { CostEstimate, CostLine, CostReport } from '../../src';

/*
 * The seeds' architectures (examples/seeds) rebuilt as stacks, estimated with the usage their
 * own cost tables assumed, and checked against hand sums from the price file
 * (data/prices/aws-us-east-1.json, 730 hours a month). The README's comparison table
 * quotes these figures.
 */
function linesOf(estimate: CostEstimate, type: string, description?: RegExp): CostLine[] {
  return estimate.lines.filter((l) => l.type === type && (!description || description.test(l.description)));
}
function total(lines: CostLine[], pick: (l: CostLine) => number = (l) => l.monthlyUsd): number {
  return sum(lines.map(pick));
}

describe('the seeds rebuilt', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-shop-seeds-'));
  const assembly = buildSeedArchitectures(outdir).synth();
  const estimates = new CostReport({ stackAssumptions: seedAssumptions() }).write(assembly);
  const estimate = (name: string) => estimates.find((e) => e.stackName === name)!;
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  test('every rebuilt seed is estimated with its own usage assumptions', () => {
    expect(estimates.map((e) => e.stackName).sort()).toEqual(
      SEED_ARCHITECTURES.map((s) => s.stackName).sort(),
    );
    expect(estimate('Seed002HighlyAvailable').assumptions).toMatchObject({
      dataTransferOutGb: 100,
      storedGb: 500,
      requestsPerMonth: 10_000_000,
    });
    // what a seed leaves out comes from the defaults
    expect(estimate('Seed004EcsOnEc2').assumptions).toMatchObject({ dataTransferOutGb: 10, storedGb: 1 });
  });

  test('seed 000, one t3.small host: just under the $25 low end of its claim, Elastic IP included', () => {
    const shop = estimate('Seed000SingleHost');
    const eip = linesOf(shop, 'AWS::EC2::EIP');
    // the seed says "Elastic IP: $0 (when attached)": public IPv4 is charged since 2024-02-01
    expect(total(eip)).toBe(round4(0.005 * 730));
    expect(shop.totalMonthlyUsd).toBeCloseTo(
      sum([
        0.0208 * 730, // t3.small: ec2.t3.small.hourly = 15.184
        0.005 * 730, // Elastic IP: vpc.elasticIp.hourly = 3.65
        8 * 0.08, // root volume 8 GB gp3 (the image size; Docker is on the data volume) = 0.64
        22 * 0.08, // data volume 22 GB gp3 (30 GB in all, as the seed) = 1.76
        0.5, // the Route 53 zone: route53.hostedZone.month
        // the database, JWT and cookie secrets are SSM SecureString parameters: no charge
        4 * 0.1, // four alarms (no recovery alarm) = 0.40
        2 * 0.5 * 0.5, // 1 GB of logs (default) over 2 log groups at 0.50/GB = 0.50
        0.5 * (365 / 30) * 0.03, // flow logs kept a year = 0.1825
        0.5 * 1 * 0.03, // shop logs kept a month = 0.015
        2 * 0.023, // "S3 Storage: Backup only, ~2GB": s3.standard.gbMonth = 0.046
        5 * 0.05, // 5 GB of EBS snapshots (default snapshotGb) = 0.25
        (1000 / 100_000) * 2, // 1,000 alarm emails (default notificationsPerMonth): sns.email.per100k = 0.02
        (1000 / 1e6) * 0.5, // their 1,000 publishes: sns.publish.perMillion = 0.0005
        3 * 0.3, // backup, memory and data-disk custom metrics: cloudwatch.metric.month = 0.90
        5 * 0.09, // "Data Transfer ... $0.09/GB", 5 GB from the host: dataTransfer.internetOut.first10TB.perGb = 0.45
      ]),
      3,
    );
    expect(shop.totalMonthlyUsd).toBeGreaterThan(24);
    expect(shop.totalMonthlyUsd).toBeLessThan(25);
  });

  test('seed 002, highly available: the database alone costs more than the seed says', () => {
    const ha = estimate('Seed002HighlyAvailable');
    const db = linesOf(ha, 'AWS::RDS::DBInstance', /instance/);
    // db.r6g.xlarge Multi-AZ (×2) plus 2 replicas: 4 × 0.45 × 730 = 1,314, not the seed's $800
    expect(total(db)).toBe(round4(4 * 0.45 * 730));
    const dbStorage = linesOf(ha, 'AWS::RDS::DBInstance', /storage/);
    // 500 GB gp3 Multi-AZ (2 × 0.115) + 500 GB on each replica (the seed's 500 GB), at minimum = desired
    expect(total(dbStorage)).toBe(round4(500 * 0.23 + 2 * 500 * 0.115));
    // storage autoscaling to 1,000 GB on all three: the maximum
    expect(total(dbStorage, (l) => l.monthlyMaxUsd)).toBe(round4(1000 * 0.23 + 2 * 1000 * 0.115));
    // Redis r6g.large primary + replica: 2 × 0.206 × 730 = 300.76 (the seed: $300)
    expect(total(linesOf(ha, 'AWS::ElastiCache::ReplicationGroup'))).toBe(round4(2 * 0.206 * 730));

    // API (backend) tasks of 1 vCPU / 2 GB ARM64 on demand: 4 desired, 2 to 20 by autoscaling
    const task = 1 * 0.03238 + 2 * 0.00356;
    const web = ha.lines.filter(
      (l) => l.type === 'AWS::ECS::Service' && l.logicalId.startsWith('ShopBackend'),
    );
    expect(total(web)).toBeCloseTo(4 * task * 730, 2);
    expect(total(web, (l) => l.monthlyMinUsd)).toBeCloseTo(2 * task * 730, 2);
    expect(total(web, (l) => l.monthlyMaxUsd)).toBeCloseTo(20 * task * 730, 2);

    // two NAT gateways with their Elastic IPs, 5 GB processed in all (natDataProcessedGb default);
    // the 100 GB the users get leave through CloudFront, not the NAT gateways
    expect(total(linesOf(ha, 'AWS::EC2::NatGateway'))).toBeCloseTo(2 * 0.045 * 730 + 5 * 0.045, 3);
    expect(ha.lines.filter((l) => l.priceKey.startsWith('dataTransfer.'))).toEqual([]);
    expect(total(linesOf(ha, 'AWS::EC2::EIP'))).toBeCloseTo(2 * 0.005 * 730, 3);
    // CloudFront: 100 GB at 0.085 + 10M HTTPS requests at 0.01 per 10k (list prices: seeds are compared without the always-free allowances)
    expect(total(linesOf(ha, 'AWS::CloudFront::Distribution'))).toBeCloseTo(100 * 0.085 + 1000 * 0.01, 3);
    // 500 GB over the product images, the load balancer's and the edge's log buckets
    expect(linesOf(ha, 'AWS::S3::Bucket')).toHaveLength(3);
    expect(total(linesOf(ha, 'AWS::S3::Bucket'))).toBeCloseTo(500 * 0.023, 3);
    // ShopEdge's WAF: web ACL + 3 managed rule groups + the per-IP rate rule + 10M requests
    expect(total(linesOf(ha, 'AWS::WAFv2::WebACL'))).toBeCloseTo(5 + 4 * 1 + 10 * 0.6, 3);
    expect(ha.totalMonthlyUsd).toBeGreaterThan(1441);
  });

  test('seed 003, FargateShop with four dev-sized services: a hand sum of every line', () => {
    const micro = estimate('Seed003Microservices');
    // logIngestGb 5 over 8 log groups (flow logs, one per service, the redeploy's, the migration's, the Server Actions key function's)
    const logs = 5 / 8;
    // one task of 0.5 vCPU / 1 GB on Fargate Spot ARM64 (the discount at its most, 70 %)
    const task = (0.5 * 0.03238 + 1 * 0.00356) * (1 - 0.7) * 730;
    expect(micro.totalMonthlyUsd).toBeCloseTo(
      sum([
        0.0042 * 730, // the NAT instance, t4g.nano = 3.066
        0.005 * 730, // its public IPv4 = 3.65
        8 * 0.08, // its 8 GB gp3 root volume = 0.64
        0.0225 * 730, // ALB = 16.425
        0.0889, // 1M requests / (25 × 3600) LCU-hours × 0.008
        2 * 0.005 * 730, // the ALB's public IPv4 in 2 zones = 7.30
        10 * 0.09, // the seed's 10 GB out to the internet from the ALB = 0.90
        1 * 0.023, // 1 GB (default storedGb) in the access-log bucket
        4 * task, // storefront, backend, products, orders: one task each = 17.30
        0.016 * 730, // db.t4g.micro single-AZ = 11.68
        20 * 0.115, // 20 GB gp3 = 2.30
        4 * 0.4, // the database, JWT, cookie and Server Actions key secrets
        4 * (2 + 1) * 0.1, // per service a 5XX-rate alarm (two metrics) and an unhealthy-hosts alarm
        2 * 0.1, // the password-rotation redeploy's two alarms (failed executions, failed rule invocations)
        1 * 0.025, // its state machine: stateTransitionsPerMonth 1,000 at 0.025 per 1,000
        8 * round4(logs * 0.5), // log ingestion, 0.3125 a group (the estimate's lines are rounded) = 2.50
        logs * (365 / 30) * 0.03, // flow logs kept a year
        4 * logs * (7 / 30) * 0.03, // service logs kept 7 days
        logs * (7 / 30) * 0.03, // the redeploy's execution log, kept 7 days
        logs * (7 / 30) * 0.03, // the migration's log (its task and handlers), kept 7 days; its functions run on deploy only
        logs * (7 / 30) * 0.03, // the Server Actions key function's log, kept 7 days; it runs on deploy only
        (1000 / 100_000) * 2, // 1,000 alarm emails (default notificationsPerMonth) = 0.02
        (1000 / 1e6) * 0.5, // their 1,000 publishes: sns.publish.perMillion = 0.0005
      ]),
      3,
    );
    // the target for a DEVELOPMENT shop shaped like seed 003, against the seed's ~$174
    expect(micro.totalMonthlyUsd).toBeLessThanOrEqual(75);
    // at the maximum: every service at 4 tasks, the database's storage at 100 GB
    expect(round4(micro.totalAtMaximumUsd - micro.totalMonthlyUsd)).toBeCloseTo(4 * 3 * task + 80 * 0.115, 3);
    // every service, public or not, on Fargate Spot: one vCPU and one memory line each
    expect(linesOf(micro, 'AWS::ECS::Service', /^Fargate arm vCPU on Spot/)).toHaveLength(4);
  });

  test('seed 004, FargateShop on an Auto Scaling group: how the bill grows from 2 to 10 instances', () => {
    const ec2 = estimate('Seed004EcsOnEc2');
    const asg = linesOf(ec2, 'AWS::AutoScaling::AutoScalingGroup');
    const perInstance = 0.0336 * 730 + 30 * 0.08; // t4g.medium + 30 GB gp3 root; no public IPv4
    expect(total(asg)).toBeCloseTo(2 * perInstance, 3);
    expect(total(asg, (l) => l.monthlyMinUsd)).toBeCloseTo(2 * perInstance, 3);
    expect(total(asg, (l) => l.monthlyMaxUsd)).toBeCloseTo(10 * perInstance, 3);
    // the instances reach the internet through the NAT instance, not their own addresses
    expect(total(linesOf(ec2, 'AWS::EC2::Instance'))).toBeCloseTo(0.0042 * 730 + 0.005 * 730 + 8 * 0.08, 3);
    expect(total(linesOf(ec2, 'AWS::RDS::DBInstance', /instance/))).toBeCloseTo(0.016 * 730, 3);
    // tasks on EC2 capacity are priced on the instances, not as Fargate
    expect(linesOf(ec2, 'AWS::ECS::Service')).toEqual([]);
  });
});
