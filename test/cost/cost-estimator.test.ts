import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as rds from 'aws-cdk-lib/aws-rds';
import { LIST_PRICES } from './list-prices';
import { CostEstimate, CostEstimator, CostEstimatorProps } from '../../src/cost';

// Every expectation below is computed by hand from the dated list prices in
// data/prices/aws-us-east-1.json, with 730 hours per month.

function estimate(
  resources: { [id: string]: any },
  props: CostEstimatorProps = {},
  region?: string,
): CostEstimate {
  return new CostEstimator({ ...LIST_PRICES, ...props }).estimateTemplate(
    { Resources: resources },
    'Test',
    region,
  );
}

function byKey(e: CostEstimate, priceKey: string) {
  const line = e.lines.find((l) => l.priceKey === priceKey);
  if (!line) {
    throw new Error(`no line ${priceKey} in ${JSON.stringify(e.lines.map((l) => l.priceKey))}`);
  }
  return line;
}

describe('EC2', () => {
  test('an instance: hours, plus the assumed 8 GB gp3 root volume when there are no BlockDeviceMappings', () => {
    const e = estimate({ Host: { Type: 'AWS::EC2::Instance', Properties: { InstanceType: 't4g.small' } } });
    // t4g.small 0.0168 $/h × 730 h = 12.264
    expect(byKey(e, 'ec2.t4g.small.hourly')).toMatchObject({
      quantity: 730,
      unitPriceUsd: 0.0168,
      monthlyUsd: 12.264,
    });
    // 8 GB × 0.08 $/GB-month = 0.64
    expect(byKey(e, 'ebs.gp3.gbMonth')).toMatchObject({ quantity: 8, monthlyUsd: 0.64 });
    expect(byKey(e, 'ebs.gp3.gbMonth').assumption).toMatch(/assumed 8 GB gp3/);
    expect(e.totalMonthlyUsd).toBeCloseTo(12.904, 4);
    expect(e.totalAtMinimumUsd).toBe(e.totalMonthlyUsd);
    expect(e.totalAtMaximumUsd).toBe(e.totalMonthlyUsd);
  });

  test('root volume from BlockDeviceMappings with gp3 IOPS and throughput above the included baseline', () => {
    const e = estimate({
      Host: {
        Type: 'AWS::EC2::Instance',
        Properties: {
          InstanceType: 't3.micro',
          BlockDeviceMappings: [
            {
              DeviceName: '/dev/xvda',
              Ebs: { VolumeSize: 30, VolumeType: 'gp3', Iops: 4000, Throughput: 225 },
            },
          ],
          NetworkInterfaces: [{ DeviceIndex: '0', AssociatePublicIpAddress: true }],
        },
      },
    });
    // t3.micro 0.0104 × 730 = 7.592
    expect(byKey(e, 'ec2.t3.micro.hourly').monthlyUsd).toBeCloseTo(7.592, 4);
    // 30 GB × 0.08 = 2.4
    expect(byKey(e, 'ebs.gp3.gbMonth').monthlyUsd).toBeCloseTo(2.4, 4);
    // (4000 - 3000) IOPS × 0.005 = 5
    expect(byKey(e, 'ebs.gp3.extraIops').monthlyUsd).toBeCloseTo(5, 4);
    // (225 - 125) MB/s × 0.04 = 4
    expect(byKey(e, 'ebs.gp3.extraThroughput').monthlyUsd).toBeCloseTo(4, 4);
    // AssociatePublicIpAddress: 0.005 × 730 = 3.65
    expect(byKey(e, 'vpc.publicIpv4.hourly').monthlyUsd).toBeCloseTo(3.65, 4);
    // the only public host serves dataTransferOutGb: 10 GB × 0.09 = 0.9
    expect(byKey(e, 'dataTransfer.internetOut.first10TB.perGb')).toMatchObject({
      quantity: 10,
      monthlyUsd: 0.9,
    });
    // 7.592 + 2.4 + 5 + 4 + 3.65 + 0.9 = 23.542
    expect(e.totalMonthlyUsd).toBeCloseTo(23.542, 4);
  });

  test('an instance with an EIP: the address is priced once, on the EIP', () => {
    const e = estimate({
      Host: {
        Type: 'AWS::EC2::Instance',
        Properties: { InstanceType: 't4g.micro', SubnetId: { Ref: 'Public' }, BlockDeviceMappings: [] },
      },
      Public: { Type: 'AWS::EC2::Subnet', Properties: { MapPublicIpOnLaunch: true } },
      Ip: { Type: 'AWS::EC2::EIP', Properties: { InstanceId: { Ref: 'Host' } } },
    });
    // t4g.micro 0.0084 × 730 = 6.132; EIP 0.005 × 730 = 3.65; root 8 GB gp3 = 0.64;
    // internet data transfer out 10 GB × 0.09 = 0.9 (the host serves the users)
    expect(byKey(e, 'vpc.elasticIp.hourly').monthlyUsd).toBeCloseTo(3.65, 4);
    expect(e.lines.filter((l) => l.priceKey === 'vpc.publicIpv4.hourly')).toHaveLength(0);
    expect(e.totalMonthlyUsd).toBeCloseTo(6.132 + 3.65 + 0.64 + 0.9, 4);
    expect(e.free).toContainEqual({
      logicalId: 'Public',
      type: 'AWS::EC2::Subnet',
      reason: 'no charge for a subnet',
    });
  });

  test('an instance in a subnet that maps public IPs on launch gets a public IPv4', () => {
    const e = estimate({
      Host: {
        Type: 'AWS::EC2::Instance',
        Properties: { InstanceType: 't4g.micro', SubnetId: { Ref: 'Public' } },
      },
      Public: { Type: 'AWS::EC2::Subnet', Properties: { MapPublicIpOnLaunch: true } },
    });
    expect(byKey(e, 'vpc.publicIpv4.hourly').assumption).toMatch(/subnet Public maps a public IPv4/);
  });

  test('a gp3 volume, a gp2 volume (the CloudFormation default type), an io2 volume not priced', () => {
    const e = estimate({
      Data: { Type: 'AWS::EC2::Volume', Properties: { Size: 50, VolumeType: 'gp3', AvailabilityZone: 'a' } },
      Old: { Type: 'AWS::EC2::Volume', Properties: { Size: 10 } },
      Fast: { Type: 'AWS::EC2::Volume', Properties: { Size: 10, VolumeType: 'io2' } },
      FromSnapshot: { Type: 'AWS::EC2::Volume', Properties: { SnapshotId: 'snap-1' } },
    });
    // 50 GB × 0.08 = 4; 10 GB gp2 × 0.10 = 1
    expect(e.lines.map((l) => [l.logicalId, l.monthlyUsd])).toEqual([
      ['Data', 4],
      ['Old', 1],
    ]);
    expect(e.notPriced).toEqual([
      {
        logicalId: 'Fast',
        type: 'AWS::EC2::Volume',
        reason:
          "no list price in the price table for 'ebs.io2.gbMonth' (EBS volume (io2, 10 GB)); set priceOverrides.ebs.io2.gbMonth",
      },
      { logicalId: 'FromSnapshot', type: 'AWS::EC2::Volume', reason: 'Size is not a literal' },
    ]);
  });

  test('an instance type without a list price, and one given by a Ref, are not priced', () => {
    const e = estimate({
      Big: {
        Type: 'AWS::EC2::Instance',
        Properties: { InstanceType: 'm5.24xlarge', BlockDeviceMappings: [] },
      },
      Param: { Type: 'AWS::EC2::Instance', Properties: { InstanceType: { Ref: 'TypeParam' } } },
    });
    expect(e.notPriced.map((n) => n.reason)).toEqual([
      expect.stringMatching(/^no list price in the price table for 'ec2.m5.24xlarge.hourly'/),
      'InstanceType is not a literal',
    ]);
  });

  test('a public NAT gateway: hours + data processed; its public IPv4 is its EIP', () => {
    const e = estimate({
      Eip: { Type: 'AWS::EC2::EIP', Properties: { Domain: 'vpc' } },
      Nat: {
        Type: 'AWS::EC2::NatGateway',
        Properties: { AllocationId: { 'Fn::GetAtt': ['Eip', 'AllocationId'] }, SubnetId: 'subnet-1' },
      },
    });
    // NAT 0.045 × 730 = 32.85; natDataProcessedGb 5 GB × 0.045 = 0.225; EIP 0.005 × 730 = 3.65 → 36.725
    expect(byKey(e, 'natGateway.hourly').monthlyUsd).toBeCloseTo(32.85, 4);
    expect(byKey(e, 'natGateway.perGb').monthlyUsd).toBeCloseTo(0.225, 4);
    expect(e.lines.filter((l) => l.priceKey === 'vpc.publicIpv4.hourly')).toHaveLength(0);
    // the NAT gateway does not carry the users' traffic: no internet data transfer out line
    expect(e.lines.filter((l) => l.priceKey.startsWith('dataTransfer.'))).toHaveLength(0);
    expect(e.totalMonthlyUsd).toBeCloseTo(36.725, 4);
  });

  test('two NAT gateways share natDataProcessedGb; one with an outside allocation gets a public IPv4 line', () => {
    const e = estimate(
      {
        A: { Type: 'AWS::EC2::NatGateway', Properties: { AllocationId: 'eipalloc-1' } },
        B: { Type: 'AWS::EC2::NatGateway', Properties: { AllocationId: 'eipalloc-2' } },
      },
      { natDataProcessedGb: 100, dataTransferOutGb: 1000 },
    );
    // 100 GB / 2 = 50 GB × 0.045 = 2.25 each
    expect(e.lines.filter((l) => l.priceKey === 'natGateway.perGb').map((l) => l.monthlyUsd)).toEqual([
      2.25, 2.25,
    ]);
    // 2 × (32.85 + 2.25 + 3.65) = 77.5
    expect(e.totalMonthlyUsd).toBeCloseTo(77.5, 4);
  });

  test('a private NAT gateway has no public IPv4 and no data share', () => {
    const e = estimate({
      Nat: { Type: 'AWS::EC2::NatGateway', Properties: { ConnectivityType: 'private' } },
    });
    expect(e.lines.map((l) => l.priceKey)).toEqual(['natGateway.hourly']);
  });

  test('an interface endpoint in 2 subnets; a gateway endpoint is free', () => {
    const e = estimate({
      Ssm: {
        Type: 'AWS::EC2::VPCEndpoint',
        Properties: { VpcEndpointType: 'Interface', SubnetIds: [{ Ref: 'A' }, { Ref: 'B' }] },
      },
      S3: { Type: 'AWS::EC2::VPCEndpoint', Properties: { ServiceName: 'com.amazonaws.us-east-1.s3' } },
    });
    // 0.01 $/h × 2 AZs × 730 h = 14.6
    expect(byKey(e, 'vpcEndpoint.interface.hourlyPerAz')).toMatchObject({ quantity: 1460, monthlyUsd: 14.6 });
    expect(e.free).toContainEqual({
      logicalId: 'S3',
      type: 'AWS::EC2::VPCEndpoint',
      reason: 'gateway endpoints have no charge',
    });
  });
});

describe('RDS', () => {
  const pg = (extra: any) => ({
    Type: 'AWS::RDS::DBInstance',
    Properties: {
      Engine: 'postgres',
      DBInstanceClass: 'db.t4g.small',
      AllocatedStorage: '20',
      StorageType: 'gp3',
      ...extra,
    },
  });

  test('Single-AZ: instance hours and gp3 storage; MaxAllocatedStorage raises the maximum only', () => {
    const e = estimate({ Db: pg({ MaxAllocatedStorage: 100 }) });
    // db.t4g.small 0.032 × 730 = 23.36
    expect(byKey(e, 'rds.postgres.db.t4g.small.singleAz.hourly').monthlyUsd).toBeCloseTo(23.36, 4);
    // 20 GB × 0.115 = 2.3; at most 100 GB × 0.115 = 11.5
    expect(byKey(e, 'rds.gp3.gbMonth.singleAz')).toMatchObject({ monthlyUsd: 2.3, monthlyMaxUsd: 11.5 });
    expect(e.totalMonthlyUsd).toBeCloseTo(25.66, 4);
    expect(e.totalAtMinimumUsd).toBeCloseTo(25.66, 4);
    // 23.36 + 11.5 = 34.86
    expect(e.totalAtMaximumUsd).toBeCloseTo(34.86, 4);
  });

  test('Multi-AZ doubles instance and storage (rds.multiAz.multiplier 2.0)', () => {
    const e = estimate({ Db: pg({ MultiAZ: true }) });
    // 0.032 × 2 × 730 = 46.72; 20 GB × 0.115 × 2 = 4.6
    const instance = byKey(e, 'rds.postgres.db.t4g.small.singleAz.hourly × rds.multiAz.multiplier');
    expect(instance).toMatchObject({ unitPriceUsd: 0.064, monthlyUsd: 46.72 });
    expect(byKey(e, 'rds.gp3.gbMonth.singleAz × rds.multiAz.multiplier').monthlyUsd).toBeCloseTo(4.6, 4);
    expect(e.totalMonthlyUsd).toBeCloseTo(51.32, 4);
  });

  test('a read replica is priced as its own single instance, with engine and storage from its source', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack');
    const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0, maxAzs: 2 });
    const primary = new rds.DatabaseInstance(stack, 'Db', {
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 }),
      instanceType: new ec2.InstanceType('t4g.micro'),
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      allocatedStorage: 20,
      storageType: rds.StorageType.GP3,
      multiAz: true,
    });
    new rds.DatabaseInstanceReadReplica(stack, 'Replica', {
      sourceDatabaseInstance: primary,
      instanceType: new ec2.InstanceType('t4g.micro'),
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    });
    const e = new CostEstimator(LIST_PRICES).estimateTemplate(Template.fromStack(stack).toJSON(), 'Stack');
    const rdsLines = e.lines.filter((l) => l.type === 'AWS::RDS::DBInstance');
    // primary Multi-AZ: 0.016 × 2 × 730 = 23.36, storage 20 × 0.115 × 2 = 4.6
    // replica single: 0.016 × 730 = 11.68, storage 20 × 0.115 = 2.3 (CDK copies AllocatedStorage or we take the source's)
    expect(rdsLines.map((l) => l.monthlyUsd).sort((a, b) => a - b)).toEqual([2.3, 4.6, 11.68, 23.36]);
    expect(rdsLines.find((l) => l.monthlyUsd === 11.68)!.assumption).toMatch(
      /read replica of Db.*single instance/,
    );
  });

  test('an engine or class without a list price is not priced, but its storage is', () => {
    const e = estimate({ Db: pg({ DBInstanceClass: 'db.m7g.large' }) });
    expect(e.notPriced[0].reason).toMatch(/'rds.postgres.db.m7g.large.singleAz.hourly'/);
    expect(e.lines.map((l) => l.priceKey)).toEqual(['rds.gp3.gbMonth.singleAz']);
  });

  test('a priceOverrides entry supplies the missing db.m7g.large price', () => {
    const e = estimate(
      { Db: pg({ DBInstanceClass: 'db.m7g.large' }) },
      { priceOverrides: { 'rds.postgres.db.m7g.large.singleAz.hourly': { usd: 0.168, unit: 'USD/hour' } } },
    );
    // 0.168 × 730 = 122.64; + 2.3 storage
    expect(e.totalMonthlyUsd).toBeCloseTo(124.94, 4);
    expect(e.assumptions.overriddenPriceKeys).toEqual(['rds.postgres.db.m7g.large.singleAz.hourly']);
  });
});

describe('ElastiCache', () => {
  test('Valkey, cluster mode disabled: NumCacheClusters nodes (primary + replicas)', () => {
    const e = estimate({
      Cache: {
        Type: 'AWS::ElastiCache::ReplicationGroup',
        Properties: { Engine: 'valkey', CacheNodeType: 'cache.t4g.micro', NumCacheClusters: 2 },
      },
    });
    // 2 nodes × 0.0128 × 730 = 18.688
    expect(byKey(e, 'elasticache.valkey.cache.t4g.micro.hourly')).toMatchObject({
      quantity: 1460,
      monthlyUsd: 18.688,
    });
  });

  test('Redis, cluster mode enabled: shards × (1 + replicas)', () => {
    const e = estimate({
      Cache: {
        Type: 'AWS::ElastiCache::ReplicationGroup',
        Properties: {
          Engine: 'redis',
          CacheNodeType: 'cache.r7g.large',
          NumNodeGroups: 3,
          ReplicasPerNodeGroup: 1,
        },
      },
    });
    // 3 × (1 + 1) = 6 nodes × 0.219 × 730 = 959.22
    expect(byKey(e, 'elasticache.redis.cache.r7g.large.hourly')).toMatchObject({ quantity: 4380 });
    expect(e.totalMonthlyUsd).toBeCloseTo(959.22, 4);
  });

  test('Valkey is 0.8 × Redis for the same node', () => {
    const node = (Engine: string) => ({
      C: {
        Type: 'AWS::ElastiCache::ReplicationGroup',
        Properties: { Engine, CacheNodeType: 'cache.r6g.large' },
      },
    });
    // 0.206 × 730 = 150.38; 0.1648 × 730 = 120.304
    expect(estimate(node('redis')).totalMonthlyUsd).toBeCloseTo(150.38, 4);
    expect(estimate(node('valkey')).totalMonthlyUsd).toBeCloseTo(120.304, 4);
  });
});

describe('per-month and usage-based items', () => {
  test('secret, KMS key, alarm (1 and 3 metrics), dashboard, hosted zone', () => {
    const e = estimate({
      Secret: { Type: 'AWS::SecretsManager::Secret', Properties: {} },
      Key: { Type: 'AWS::KMS::Key', Properties: {} },
      Alarm: { Type: 'AWS::CloudWatch::Alarm', Properties: { Period: 300, MetricName: 'CPUUtilization' } },
      MathAlarm: {
        Type: 'AWS::CloudWatch::Alarm',
        Properties: {
          Metrics: [
            { Id: 'a', MetricStat: { Period: 60 } },
            { Id: 'b', MetricStat: { Period: 60 } },
            { Id: 'c', MetricStat: { Period: 60 } },
            { Id: 'e', Expression: 'a+b+c' },
          ],
        },
      },
      Dashboard: { Type: 'AWS::CloudWatch::Dashboard', Properties: {} },
      Zone: { Type: 'AWS::Route53::HostedZone', Properties: { Name: 'shop.example.com' } },
    });
    expect(e.lines.map((l) => [l.logicalId, l.monthlyUsd])).toEqual([
      ['Secret', 0.4],
      ['Key', 1],
      ['Alarm', 0.1],
      ['MathAlarm', 0.3], // 3 metrics × 0.10
      ['Dashboard', 3],
      ['Zone', 0.5],
    ]);
    // 0.4 + 1 + 0.1 + 0.3 + 3 + 0.5 = 5.3
    expect(e.totalMonthlyUsd).toBeCloseTo(5.3, 4);
  });

  test('a high-resolution alarm is not priced (no list price)', () => {
    const e = estimate({ Alarm: { Type: 'AWS::CloudWatch::Alarm', Properties: { Period: 10 } } });
    expect(e.notPriced[0].reason).toMatch(/cloudwatch.alarm.highResolution.month/);
  });

  test('log groups split logIngestGb evenly; storage = ingest × retention months', () => {
    const e = estimate(
      {
        App: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 30 } },
        Audit: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 90 } },
      },
      { logIngestGb: 4 },
    );
    // 4 GB / 2 = 2 GB each × 0.50 = 1.00 ingest each
    expect(
      e.lines.filter((l) => l.priceKey === 'cloudwatch.logs.ingestPerGb').map((l) => l.monthlyUsd),
    ).toEqual([1, 1]);
    // App: 2 GB × 1 month × 0.03 = 0.06; Audit: 2 GB × 3 months × 0.03 = 0.18
    expect(
      e.lines.filter((l) => l.priceKey === 'cloudwatch.logs.storageGbMonth').map((l) => l.monthlyUsd),
    ).toEqual([0.06, 0.18]);
    expect(e.totalMonthlyUsd).toBeCloseTo(2.24, 4);
  });

  test('buckets split storedGb; backup vaults split snapshotGb', () => {
    const e = estimate(
      {
        A: { Type: 'AWS::S3::Bucket', Properties: {} },
        B: { Type: 'AWS::S3::Bucket', Properties: {} },
        Vault: { Type: 'AWS::Backup::BackupVault', Properties: {} },
      },
      { storedGb: 100, snapshotGb: 40 },
    );
    // 50 GB × 0.023 = 1.15 per bucket; 40 GB × 0.05 = 2
    expect(e.lines.map((l) => l.monthlyUsd)).toEqual([1.15, 1.15, 2]);
  });

  test('CloudFront and WAF from requestsPerMonth and dataTransferOutGb', () => {
    const e = estimate({
      Cdn: { Type: 'AWS::CloudFront::Distribution', Properties: {} },
      Acl: { Type: 'AWS::WAFv2::WebACL', Properties: { Rules: [{}, {}] } },
    });
    // 10 GB × 0.085 = 0.85; 1,000,000 / 10,000 × 0.01 = 1
    expect(byKey(e, 'cloudfront.na.first10TB.perGb').monthlyUsd).toBeCloseTo(0.85, 4);
    expect(byKey(e, 'cloudfront.na.httpsPer10k').monthlyUsd).toBeCloseTo(1, 4);
    // web ACL 5 + 2 rules × 1 + 1 M requests × 0.60 = 7.6
    expect(
      e.lines.filter((l) => l.type === 'AWS::WAFv2::WebACL').reduce((a, l) => a + l.monthlyUsd, 0),
    ).toBeCloseTo(7.6, 4);
  });
});

describe('load balancers', () => {
  test('internet-facing ALB in 2 AZs: hours + LCUs + 2 public IPv4', () => {
    const e = estimate({
      Alb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Subnets: ['a', 'b'] } },
    });
    // 0.0225 × 730 = 16.425
    expect(byKey(e, 'alb.hourly').monthlyUsd).toBeCloseTo(16.425, 4);
    // 1,000,000 requests / (3600 × 25) = 11.1111 LCU-hours (> 10 GB) × 0.008 = 0.0889
    expect(byKey(e, 'alb.lcuHourly')).toMatchObject({ quantity: 11.1111, monthlyUsd: 0.0889 });
    // 2 × 0.005 × 730 = 7.3
    expect(byKey(e, 'vpc.publicIpv4.hourly')).toMatchObject({ quantity: 1460, monthlyUsd: 7.3 });
    // no CloudFront: the ALB sends dataTransferOutGb to the internet, 10 GB × 0.09 = 0.9
    expect(byKey(e, 'dataTransfer.internetOut.first10TB.perGb').monthlyUsd).toBeCloseTo(0.9, 4);
    // 16.425 + 0.0889 + 7.3 + 0.9 = 24.7139
    expect(e.totalMonthlyUsd).toBeCloseTo(24.7139, 4);
  });

  test('an internal ALB has no public IPv4; bytes dominate LCUs when they exceed requests', () => {
    const e = estimate(
      { Alb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Scheme: 'internal' } } },
      { dataTransferOutGb: 100 },
    );
    // max(11.1111, 100 GB) = 100 LCU-hours × 0.008 = 0.8
    expect(byKey(e, 'alb.lcuHourly').monthlyUsd).toBeCloseTo(0.8, 4);
    expect(e.lines.some((l) => l.priceKey === 'vpc.publicIpv4.hourly')).toBe(false);
  });

  test('a network load balancer is not priced', () => {
    const e = estimate({
      Nlb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Type: 'network' } },
    });
    expect(e.notPriced).toEqual([
      {
        logicalId: 'Nlb',
        type: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
        reason: 'no list price in the price table for network load balancers',
      },
    ]);
  });
});

describe('Fargate', () => {
  function fargateStack(arch: ecs.CpuArchitecture, scaling?: { min: number; max: number }) {
    const app = new App();
    const stack = new Stack(app, 'Stack');
    const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0, maxAzs: 2 });
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
    const task = new ecs.FargateTaskDefinition(stack, 'Task', {
      cpu: 512,
      memoryLimitMiB: 1024,
      runtimePlatform: { cpuArchitecture: arch, operatingSystemFamily: ecs.OperatingSystemFamily.LINUX },
    });
    task.addContainer('web', { image: ecs.ContainerImage.fromRegistry('nginx') });
    const service = new ecs.FargateService(stack, 'Service', {
      cluster,
      taskDefinition: task,
      desiredCount: 2,
      assignPublicIp: true,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
    });
    if (scaling) {
      service
        .autoScaleTaskCount({ minCapacity: scaling.min, maxCapacity: scaling.max })
        .scaleOnCpuUtilization('Cpu', {
          targetUtilizationPercent: 50,
        });
    }
    return new CostEstimator(LIST_PRICES).estimateTemplate(Template.fromStack(stack).toJSON(), 'Stack');
  }

  test('x86: 0.5 vCPU and 1 GB per task × 2 tasks', () => {
    const e = fargateStack(ecs.CpuArchitecture.X86_64);
    // 0.5 vCPU × 2 × 730 = 730 vCPU-h × 0.04048 = 29.5504
    expect(byKey(e, 'fargate.x86.vcpuHour')).toMatchObject({ quantity: 730, monthlyUsd: 29.5504 });
    // 1 GB × 2 × 730 = 1460 GB-h × 0.004445 = 6.4897
    expect(byKey(e, 'fargate.x86.gbHour')).toMatchObject({ quantity: 1460, monthlyUsd: 6.4897 });
  });

  test('ARM (Graviton) is cheaper for the same task', () => {
    const e = fargateStack(ecs.CpuArchitecture.ARM64);
    // 730 × 0.03238 = 23.6374; 1460 × 0.00356 = 5.1976
    expect(byKey(e, 'fargate.arm.vcpuHour').monthlyUsd).toBeCloseTo(23.6374, 4);
    expect(byKey(e, 'fargate.arm.gbHour').monthlyUsd).toBeCloseTo(5.1976, 4);
  });

  test('min/max capacity from the scalable target', () => {
    const e = fargateStack(ecs.CpuArchitecture.ARM64, { min: 1, max: 4 });
    const fargate = e.lines.filter((l) => l.type === 'AWS::ECS::Service');
    // per task per month: 0.5 × 730 × 0.03238 + 1 × 730 × 0.00356 = 11.8187 + 2.5988 = 14.4175
    const sum = (pick: (l: any) => number) => fargate.reduce((a, l) => a + pick(l), 0);
    expect(sum((l) => l.monthlyUsd)).toBeCloseTo(2 * 14.4175, 3);
    expect(sum((l) => l.monthlyMinUsd)).toBeCloseTo(1 * 14.4175, 3);
    expect(sum((l) => l.monthlyMaxUsd)).toBeCloseTo(4 * 14.4175, 3);
    expect(e.totalAtMaximumUsd).toBeGreaterThan(e.totalMonthlyUsd);
  });

  test('an EC2-launch-type service is free (its instances are priced)', () => {
    const e = estimate({ Svc: { Type: 'AWS::ECS::Service', Properties: { LaunchType: 'EC2' } } });
    expect(e.free[0].reason).toMatch(/EC2/);
  });
});

describe('Auto Scaling', () => {
  test('min / desired / max instances from a launch template', () => {
    const e = estimate({
      Lt: {
        Type: 'AWS::EC2::LaunchTemplate',
        Properties: {
          LaunchTemplateData: {
            InstanceType: 'c7g.large',
            BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeSize: 20, VolumeType: 'gp3' } }],
          },
        },
      },
      Asg: {
        Type: 'AWS::AutoScaling::AutoScalingGroup',
        Properties: {
          LaunchTemplate: {
            LaunchTemplateId: { Ref: 'Lt' },
            Version: { 'Fn::GetAtt': ['Lt', 'LatestVersionNumber'] },
          },
          MinSize: '1',
          MaxSize: '4',
          DesiredCapacity: '2',
        },
      },
    });
    // per instance: c7g.large 0.0725 × 730 = 52.925; 20 GB gp3 × 0.08 = 1.6 → 54.525
    expect(byKey(e, 'ec2.c7g.large.hourly')).toMatchObject({ monthlyUsd: 105.85, monthlyMinUsd: 52.925 });
    expect(e.totalMonthlyUsd).toBeCloseTo(2 * 54.525, 4);
    expect(e.totalAtMinimumUsd).toBeCloseTo(1 * 54.525, 4);
    expect(e.totalAtMaximumUsd).toBeCloseTo(4 * 54.525, 4);
    expect(e.free).toContainEqual(expect.objectContaining({ logicalId: 'Lt' }));
  });
});

describe('what is not priced', () => {
  test('unknown and usage-only types are listed with a reason; free ones in free', () => {
    const e = estimate({
      Bus: { Type: 'AWS::Events::EventBus', Properties: {} },
      Repo: { Type: 'AWS::ECR::Repository', Properties: {} },
      Cluster: { Type: 'AWS::RDS::DBCluster', Properties: {} },
      Broker: { Type: 'AWS::AmazonMQ::Broker', Properties: {} },
      Role: { Type: 'AWS::IAM::Role', Properties: {} },
      Custom: { Type: 'Custom::Thing', Properties: {} },
    });
    expect(e.lines).toEqual([]);
    expect(e.totalMonthlyUsd).toBe(0);
    expect(e.notPriced).toEqual([
      {
        logicalId: 'Bus',
        type: 'AWS::Events::EventBus',
        reason: 'charged per use only; no usage assumption for it',
      },
      {
        logicalId: 'Repo',
        type: 'AWS::ECR::Repository',
        reason: 'charged per use only; no usage assumption for it',
      },
      {
        logicalId: 'Cluster',
        type: 'AWS::RDS::DBCluster',
        reason:
          'Aurora cluster storage and I/O are charged per use (aurora.standard.storageGbMonth, aurora.standard.ioPerMillion); no usage assumption for them',
      },
      {
        logicalId: 'Broker',
        type: 'AWS::AmazonMQ::Broker',
        reason: 'no list price in the price table for this resource type',
      },
    ]);
    expect(e.free.map((f) => f.logicalId)).toEqual(['Role', 'Custom']);
  });
});

describe('assumptions, overrides and warnings', () => {
  test('defaults are reported in assumptions with the price table date', () => {
    const e = estimate({});
    expect(e.assumptions).toMatchObject({
      requestsPerMonth: 1_000_000,
      dataTransferOutGb: 10,
      storedGb: 1,
      queueRequestsPerMonth: 1_000_000,
      notificationsPerMonth: 1000,
      logIngestGb: 1,
      snapshotGb: 5,
      regionFactor: 1,
      hoursPerMonth: 730,
      priceTableDate: '2026-11',
    });
    expect(e.warnings).toEqual(['the template of Test has no Resources']);
  });

  test('regionFactor scales prices; another region warns', () => {
    const e = estimate({ Key: { Type: 'AWS::KMS::Key' } }, { regionFactor: 1.1 }, 'eu-central-1');
    expect(e.totalMonthlyUsd).toBeCloseTo(1.1, 4);
    expect(e.region).toBe('eu-central-1');
    expect(e.warnings).toEqual([
      'Test is in eu-central-1 but priced at us-east-1 list prices × regionFactor 1.1',
    ]);
  });

  test('an unresolved region warns', () => {
    const e = estimate({ Key: { Type: 'AWS::KMS::Key' } }, {}, '${Token[AWS.Region.9]}');
    expect(e.warnings[0]).toMatch(/not resolved/);
  });

  test('a priceOverrides entry replaces a list price', () => {
    const e = estimate(
      { Key: { Type: 'AWS::KMS::Key' } },
      { priceOverrides: { 'kms.key.month': { usd: 2, unit: 'USD/key-month' } } },
    );
    expect(e.totalMonthlyUsd).toBe(2);
  });

  test.each([
    [{ requestsPerMonth: -1 }, /invalid 'requestsPerMonth': -1 is not a finite non-negative number/],
    [{ dataTransferOutGb: Infinity }, /invalid 'dataTransferOutGb'/],
    [{ storedGb: NaN }, /invalid 'storedGb'/],
    [{ logIngestGb: -0.5 }, /invalid 'logIngestGb'/],
    [{ snapshotGb: -5 }, /invalid 'snapshotGb'/],
    [{ regionFactor: 0 }, /invalid 'regionFactor': 0 is not a finite positive number/],
    [
      { priceOverrides: { 'nope.key': { usd: 1, unit: 'USD' } } },
      /invalid 'priceOverrides.nope.key': 'nope.key' is not a price key the estimator looks up/,
    ],
    [
      { priceOverrides: { 'kms.key.month': { usd: 1 } as any } },
      /invalid 'priceOverrides.kms.key.month.unit': is missing/,
    ],
    [
      { priceOverrides: { 'kms.key.month': { usd: -1, unit: 'USD' } } },
      /invalid 'priceOverrides.kms.key.month.usd'/,
    ],
  ])('rejects %j', (props, message) => {
    expect(() => new CostEstimator(props as CostEstimatorProps)).toThrow(message);
  });

  test('rejects a template that is not an object', () => {
    expect(() => new CostEstimator(LIST_PRICES).estimateTemplate('nope', 'S')).toThrow(
      /invalid 'template' for S/,
    );
  });
});

describe('Fargate Spot share', () => {
  test('tasks split by capacity provider weight; the Spot share at the maximum discount', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack');
    const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0, maxAzs: 2 });
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc, enableFargateCapacityProviders: true });
    const task = new ecs.FargateTaskDefinition(stack, 'Task', { cpu: 256, memoryLimitMiB: 512 });
    task.addContainer('worker', { image: ecs.ContainerImage.fromRegistry('busybox') });
    new ecs.FargateService(stack, 'Service', {
      cluster,
      taskDefinition: task,
      desiredCount: 4,
      assignPublicIp: true,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      capacityProviderStrategies: [
        { capacityProvider: 'FARGATE', weight: 1 },
        { capacityProvider: 'FARGATE_SPOT', weight: 3 },
      ],
    });
    const e = new CostEstimator(LIST_PRICES).estimateTemplate(Template.fromStack(stack).toJSON(), 'Stack');
    const fargate = e.lines.filter((l) => l.priceKey.startsWith('fargate.'));
    expect(fargate.map((l) => [l.description, l.monthlyUsd])).toEqual([
      // on-demand: 1/4 of 4 tasks; 0.25 vCPU × 4 × 730 h × 0.25 = 182.5 vCPU-h × 0.04048 = 7.3876
      ['Fargate x86 vCPU (0.25 vCPU per task)', 7.3876],
      // 0.5 GB × 4 × 730 × 0.25 = 365 GB-h × 0.004445 = 1.6224
      ['Fargate x86 memory (0.5 GB per task)', 1.6224],
      // Spot: 3/4; 547.5 vCPU-h × 0.04048 × (1 - fargate.spot.discountMax 0.7) = 6.6488
      ['Fargate x86 vCPU on Spot (0.25 vCPU per task)', 6.6488],
      // 1095 GB-h × 0.004445 × 0.3 = 1.4602
      ['Fargate x86 memory on Spot (0.5 GB per task)', 1.4602],
    ]);
    expect(fargate[2].priceKey).toBe('fargate.x86.vcpuHour × (1 - fargate.spot.discountMax)');
    expect(e.warnings.join('\n')).toMatch(/FARGATE_SPOT share is priced at the maximum Spot discount/);
  });
});

describe('SQS', () => {
  test('standard queues share the assumed requests; FIFO queues are not priced', () => {
    const e = estimate(
      {
        Jobs: { Type: 'AWS::SQS::Queue', Properties: {} },
        Emails: { Type: 'AWS::SQS::Queue', Properties: {} },
        Orders: { Type: 'AWS::SQS::Queue', Properties: { FifoQueue: true } },
      },
      { queueRequestsPerMonth: 3_000_000 },
    );
    // 3,000,000 requests over 2 standard queues = 1.5 million each × sqs.standard.perMillion 0.40 = 0.60
    expect(e.lines.map((l) => [l.logicalId, l.quantity, l.monthlyUsd])).toEqual([
      ['Jobs', 1.5, 0.6],
      ['Emails', 1.5, 0.6],
    ]);
    expect(e.totalMonthlyUsd).toBe(1.2);
    expect(e.notPriced).toEqual([
      {
        logicalId: 'Orders',
        type: 'AWS::SQS::Queue',
        reason: 'no list price for FIFO queues in the price table',
      },
    ]);
    expect(e.assumptions.queueRequestsPerMonth).toBe(3_000_000);
  });

  test('a negative queue request count is rejected', () => {
    expect(() => new CostEstimator({ ...LIST_PRICES, queueRequestsPerMonth: -5 })).toThrow(
      /CostEstimator: invalid 'queueRequestsPerMonth': -5 is not a finite non-negative number/,
    );
  });
});

describe('Fargate capacity provider Base', () => {
  // A task of 1 vCPU and 2 GB on x86, per task-month:
  //   on-demand vCPU 1 × 730 × fargate.x86.vcpuHour 0.04048 = 29.5504
  //   on-demand memory 2 × 730 × fargate.x86.gbHour 0.004445 = 6.4897
  //   on Spot: the same × (1 - fargate.spot.discountMax 0.7)
  function service(strategy: any[], desired: number, scaling?: { min: number; max: number }) {
    return {
      Task: { Type: 'AWS::ECS::TaskDefinition', Properties: { Cpu: '1024', Memory: '2048' } },
      Svc: {
        Type: 'AWS::ECS::Service',
        Properties: {
          TaskDefinition: { Ref: 'Task' },
          DesiredCount: desired,
          CapacityProviderStrategy: strategy,
        },
      },
      ...(scaling
        ? {
            Target: {
              Type: 'AWS::ApplicationAutoScaling::ScalableTarget',
              Properties: {
                ScalableDimension: 'ecs:service:DesiredCount',
                ResourceId: { 'Fn::Join': ['', ['service/cluster/', { 'Fn::GetAtt': ['Svc', 'Name'] }]] },
                MinCapacity: scaling.min,
                MaxCapacity: scaling.max,
              },
            },
          }
        : {}),
    };
  }
  const spotVcpu = 'fargate.x86.vcpuHour × (1 - fargate.spot.discountMax)';
  const spotGb = 'fargate.x86.gbHour × (1 - fargate.spot.discountMax)';

  test('Base on FARGATE: the Base tasks first, the rest by weight, at the desired, minimum and maximum counts', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack');
    const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0, maxAzs: 2 });
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc, enableFargateCapacityProviders: true });
    const task = new ecs.FargateTaskDefinition(stack, 'Task', { cpu: 256, memoryLimitMiB: 512 });
    task.addContainer('worker', { image: ecs.ContainerImage.fromRegistry('busybox') });
    const svc = new ecs.FargateService(stack, 'Service', {
      cluster,
      taskDefinition: task,
      desiredCount: 4,
      assignPublicIp: true,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      capacityProviderStrategies: [
        { capacityProvider: 'FARGATE', base: 2, weight: 1 },
        { capacityProvider: 'FARGATE_SPOT', weight: 3 },
      ],
    });
    svc.autoScaleTaskCount({ minCapacity: 2, maxCapacity: 10 }).scaleOnCpuUtilization('Cpu', {
      targetUtilizationPercent: 50,
    });
    const e = new CostEstimator(LIST_PRICES).estimateTemplate(Template.fromStack(stack).toJSON(), 'Stack');
    // Tasks on FARGATE: desired 4 → 2 + (4 - 2) × 1/4 = 2.5; min 2 → 2; max 10 → 2 + (10 - 2) × 1/4 = 4
    // Tasks on FARGATE_SPOT: desired 4 → (4 - 2) × 3/4 = 1.5; min 2 → 0; max 10 → 8 × 3/4 = 6
    const vcpu = byKey(e, 'fargate.x86.vcpuHour');
    expect(vcpu.quantity).toBeCloseTo(0.25 * 2.5 * 730, 4); // 456.25 vCPU-h
    expect(vcpu.monthlyUsd).toBeCloseTo(0.25 * 2.5 * 730 * 0.04048, 4); // 18.469
    expect(vcpu.monthlyMinUsd).toBeCloseTo(0.25 * 2 * 730 * 0.04048, 4); // 14.7752
    expect(vcpu.monthlyMaxUsd).toBeCloseTo(0.25 * 4 * 730 * 0.04048, 4); // 29.5504
    const gb = byKey(e, 'fargate.x86.gbHour');
    expect(gb.monthlyUsd).toBeCloseTo(0.5 * 2.5 * 730 * 0.004445, 3); // 4.0561
    expect(gb.monthlyMinUsd).toBeCloseTo(0.5 * 2 * 730 * 0.004445, 3); // 3.2449
    expect(gb.monthlyMaxUsd).toBeCloseTo(0.5 * 4 * 730 * 0.004445, 3); // 6.4897
    const spotV = byKey(e, spotVcpu);
    expect(spotV.monthlyUsd).toBeCloseTo(0.25 * 1.5 * 730 * 0.04048 * 0.3, 4); // 3.3244
    expect(spotV.monthlyMinUsd).toBe(0);
    expect(spotV.monthlyMaxUsd).toBeCloseTo(0.25 * 6 * 730 * 0.04048 * 0.3, 4); // 13.2977
    const spotG = byKey(e, spotGb);
    expect(spotG.monthlyUsd).toBeCloseTo(0.5 * 1.5 * 730 * 0.004445 * 0.3, 3); // 0.7301
    expect(spotG.monthlyMaxUsd).toBeCloseTo(0.5 * 6 * 730 * 0.004445 * 0.3, 3); // 2.9204
    expect(spotV.assumption).toMatch(
      /1\.5 of 4 task\(s\) on FARGATE_SPOT \(min 0 of 2, max 6 of 10\) by capacity provider strategy FARGATE Base 2 Weight 1, FARGATE_SPOT Weight 3/,
    );
    expect(spotV.assumption).toMatch(/fractional task counts are averages/);
    expect(vcpu.assumption).toMatch(/2\.5 of 4 task\(s\) on FARGATE \(min 2 of 2, max 4 of 10\)/);
    // 18.469 + 4.0561 + 3.3244 + 0.7301 = 26.5796
    expect(e.totalMonthlyUsd).toBeCloseTo(26.5796, 3);
    expect(e.warnings.join('\n')).toMatch(/FARGATE_SPOT share is priced at the maximum Spot discount/);
  });

  test('Base on FARGATE_SPOT', () => {
    const e = estimate(
      service(
        [
          { CapacityProvider: 'FARGATE_SPOT', Base: 3, Weight: 1 },
          { CapacityProvider: 'FARGATE', Weight: 1 },
        ],
        5,
      ),
    );
    // 5 tasks: 3 Base on Spot, the other 2 split 1:1 → Spot 3 + 1 = 4, FARGATE 1
    expect(e.lines.map((l) => [l.priceKey, l.monthlyUsd])).toEqual([
      ['fargate.x86.vcpuHour', 29.5504], // 1 × 1 × 730 × 0.04048
      ['fargate.x86.gbHour', 6.4897], // 2 × 1 × 730 × 0.004445
      [spotVcpu, 35.4605], // 1 × 4 × 730 × 0.04048 × 0.3 = 35.46048
      [spotGb, 7.7876], // 2 × 4 × 730 × 0.004445 × 0.3 = 7.78764
    ]);
  });

  test('a Base larger than the desired count puts every desired task on it; the scaling maximum goes beyond', () => {
    const e = estimate(
      service(
        [
          { CapacityProvider: 'FARGATE', Base: 3, Weight: 1 },
          { CapacityProvider: 'FARGATE_SPOT', Weight: 1 },
        ],
        2,
        { min: 1, max: 7 },
      ),
    );
    // desired 2 ≤ Base 3: 2 on FARGATE, 0 on Spot; min 1: 1 on FARGATE
    // max 7: 3 Base + (7 - 3) × 1/2 = 5 on FARGATE, (7 - 3) × 1/2 = 2 on Spot
    expect(e.lines.map((l) => [l.priceKey, l.monthlyUsd, l.monthlyMinUsd, l.monthlyMaxUsd])).toEqual([
      ['fargate.x86.vcpuHour', 59.1008, 29.5504, 147.752], // 29.5504 × 2, × 1, × 5
      ['fargate.x86.gbHour', 12.9794, 6.4897, 32.4485], // 6.4897 × 2, × 1, × 5
      [spotVcpu, 0, 0, 17.7302], // 29.5504 × 0.3 × 2 = 17.73024
      [spotGb, 0, 0, 3.8938], // 6.4897 × 0.3 × 2 = 3.89382
    ]);
    expect(e.totalMonthlyUsd).toBeCloseTo(59.1008 + 12.9794, 4);
    expect(e.totalAtMaximumUsd).toBeCloseTo(147.752 + 32.4485 + 17.7302 + 3.8938, 4);
  });

  test('a Base larger than every count: no Spot line and no Spot warning', () => {
    const e = estimate(
      service(
        [
          { CapacityProvider: 'FARGATE', Base: 10, Weight: 0 },
          { CapacityProvider: 'FARGATE_SPOT', Weight: 1 },
        ],
        2,
      ),
    );
    expect(e.lines.map((l) => [l.priceKey, l.monthlyUsd])).toEqual([
      ['fargate.x86.vcpuHour', 59.1008], // 2 × 29.5504
      ['fargate.x86.gbHour', 12.9794], // 2 × 6.4897
    ]);
    expect(e.warnings).toEqual([]);
  });

  test('two Base values (ECS allows one) warn, and are applied in order', () => {
    const e = estimate(
      service(
        [
          { CapacityProvider: 'FARGATE', Base: 1, Weight: 1 },
          { CapacityProvider: 'FARGATE_SPOT', Base: 1, Weight: 1 },
        ],
        2,
      ),
    );
    // 1 on FARGATE, 1 on Spot
    expect(byKey(e, 'fargate.x86.vcpuHour').monthlyUsd).toBeCloseTo(29.5504, 4);
    expect(byKey(e, spotVcpu).monthlyUsd).toBeCloseTo(29.5504 * 0.3, 4);
    expect(e.warnings).toContainEqual(
      expect.stringMatching(/^Svc: more than one capacity provider has a Base/),
    );
  });
});
