import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as patterns from 'aws-cdk-lib/aws-ecs-patterns';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { sum } from './hand-sum';
import { LIST_PRICES } from './list-prices';
import { buildExamples } from '../../examples/app';
import { CostEstimator, CostReport, ShopDatabase, ShopImage, ShopNetwork, SingleHostShop } from '../../src';
import { usd } from '../../src/cost/private/summary';

/*
 * Whole stacks estimated end to end, each against a hand sum from the price file
 * (data/prices/aws-us-east-1.json, 730 hours a month, default usage assumptions).
 */

describe('CostReport', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-shop-cost-'));
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  test('a plain aws-cdk-lib stack: NAT gateway, internet-facing ALB, two ARM Fargate tasks', () => {
    const app = new App({ outdir: path.join(outdir, 'plain') });
    const stack = new Stack(app, 'Plain');
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    new patterns.ApplicationLoadBalancedFargateService(stack, 'Web', {
      vpc,
      cpu: 512,
      memoryLimitMiB: 1024,
      desiredCount: 2,
      taskImageOptions: { image: ecs.ContainerImage.fromRegistry('nginx') },
      runtimePlatform: { cpuArchitecture: ecs.CpuArchitecture.ARM64 },
    });
    const [estimate] = new CostReport(LIST_PRICES).write(app.synth());

    const expected = sum([
      0.005 * 730, // NAT gateway's Elastic IP: vpc.elasticIp.hourly = 3.65
      0.045 * 730, // NAT gateway: natGateway.hourly = 32.85
      5 * 0.045, // 5 GB (default natDataProcessedGb) through the NAT: natGateway.perGb = 0.225
      0.0225 * 730, // ALB: alb.hourly = 16.425
      0.0889, // 1,000,000 requests / (25 new connections/s × 3600) = 11.1111 LCU-hours × alb.lcuHourly 0.008
      2 * 730 * 0.005, // the ALB's public IPv4 in each of 2 zones = 7.30
      10 * 0.09, // 10 GB (default dataTransferOutGb) from the ALB to the internet = 0.90
      1 * 0.5, // 1 GB of logs ingested (default logIngestGb): cloudwatch.logs.ingestPerGb = 0.50
      12 * 0.03, // never-expiring log group: 1 GB × 12-month horizon × storageGbMonth 0.03 = 0.36
      0.5 * 2 * 730 * 0.03238, // 0.5 vCPU × 2 tasks × 730 h × fargate.arm.vcpuHour = 23.6374
      1 * 2 * 730 * 0.00356, // 1 GB × 2 tasks × 730 h × fargate.arm.gbHour = 5.1976
    ]);
    expect(expected).toBe(91.1339);
    expect(estimate.totalMonthlyUsd).toBe(expected);
    expect(estimate.notPriced).toEqual([]);
  });

  test('the SingleHostShop example', () => {
    const assembly = buildExamples(path.join(outdir, 'examples')).synth();
    const estimates = new CostReport(LIST_PRICES).write(assembly);
    const shop = estimates.find((e) => e.stackName === 'ExampleSingleHostShop')!;

    const expected = sum([
      0.0168 * 730, // t4g.small: ec2.t4g.small.hourly = 12.264
      0.005 * 730, // Elastic IP: vpc.elasticIp.hourly = 3.65
      20 * 0.08, // data volume 20 GB gp3: ebs.gp3.gbMonth = 1.60
      8 * 0.08, // root volume 8 GB gp3 (the image size; Docker is on the data volume) = 0.64
      // the three generated secrets are SSM SecureString parameters the host creates: no charge
      4 * 0.1, // four alarms (no recovery alarm: EC2 simplified automatic recovery): cloudwatch.alarm.standard.month = 0.40
      2 * 0.5 * 0.5, // 1 GB of logs split over 2 log groups, ingested at 0.50/GB = 0.50
      0.5 * (365 / 30) * 0.03, // flow logs kept a year: 0.5 GB × 12.1667 months × 0.03 = 0.1825
      0.5 * 1 * 0.03, // shop logs kept a month: 0.5 GB × 1 month × 0.03 = 0.015
      1 * 0.023, // 1 GB of dumps (default storedGb): s3.standard.gbMonth = 0.023
      5 * 0.05, // 5 GB of snapshots (default snapshotGb): backup.ebsSnapshot.gbMonth = 0.25
      (1000 / 1e6) * 0.5, // 1,000 alarm publishes (default notificationsPerMonth): sns.publish.perMillion = 0.0005
      3 * 0.3, // three custom metrics (namespace CdkShop) the alarms watch: cloudwatch.metric.month = 0.90
      10 * 0.09, // 10 GB (default dataTransferOutGb) from the host: dataTransfer.internetOut.first10TB.perGb = 0.90
    ]);
    expect(shop.totalMonthlyUsd).toBeCloseTo(expected, 3);
    expect(shop.totalMonthlyUsd).toBeLessThan(25);
    // the alarm topic has no email subscription (no alarmEmail), so no email line, only its publishes
    expect(shop.lines.filter((l) => l.type === 'AWS::SNS::Topic').map((l) => l.priceKey)).toEqual([
      'sns.publish.perMillion',
    ]);
    expect(
      shop.lines
        .filter((l) => l.priceKey === 'cloudwatch.metric.month')
        .map((l) => l.description.match(/custom metric \S+ \S+/)![0]),
    ).toEqual([
      'custom metric CdkShop mem_used_percent',
      'custom metric CdkShop disk_used_percent',
      'custom metric CdkShop BackupSucceeded',
    ]);
    const template = assembly.getStackByName('ExampleSingleHostShop').template;
    const withMetrics = new CostEstimator({
      ...LIST_PRICES,
      priceOverrides: { 'cloudwatch.metric.month': { usd: 0.1, unit: 'USD per metric-month' } },
    }).estimateTemplate(template, 'ExampleSingleHostShop');
    expect(withMetrics.totalMonthlyUsd).toBeCloseTo(
      sum([
        expected,
        -3 * 0.2, // the three custom metrics at an overridden 0.10 instead of 0.30 per metric-month
      ]),
      3,
    );
    // the only function backs the custom resource that restricts the default security group
    expect(shop.free).toContainEqual({
      logicalId: expect.stringMatching(/^CustomVpcRestrictDefaultSGCustomResourceProviderHandler/),
      type: 'AWS::Lambda::Function',
      reason: expect.stringMatching(
        /^runs only when the stack deploys, as the ServiceToken of custom resource\(s\) ShopNetworkRestrictDefaultSecurityGroupCustomResource/,
      ),
    });
    expect(shop.notPriced).toEqual([]);
  });

  test('writes <stack>.cost.json beside each template with totals, lines, not priced and assumptions', () => {
    const dir = path.join(outdir, 'examples');
    const templates = fs.readdirSync(dir).filter((f) => f.endsWith('.template.json'));
    expect(templates.length).toBeGreaterThanOrEqual(5);
    for (const template of templates) {
      const report = JSON.parse(
        fs.readFileSync(path.join(dir, template.replace('.template.json', '.cost.json')), 'utf-8'),
      );
      expect(Object.keys(report)).toEqual(
        expect.arrayContaining([
          'totalMonthlyUsd',
          'totalAtMinimumUsd',
          'totalAtMaximumUsd',
          'lines',
          'notPriced',
          'assumptions',
        ]),
      );
      expect(report.assumptions.hoursPerMonth).toBe(730);
      expect(report.totalMonthlyUsd).toBeCloseTo(
        report.lines.reduce((a: number, l: any) => a + l.monthlyUsd, 0),
        2,
      );
    }
  });

  test('annotates every stack with its estimate, where the CDK CLI reads annotations', () => {
    const dir = path.join(outdir, 'annotated');
    const app = new App({ outdir: dir });
    const stack = new Stack(app, 'Annotated');
    new SingleHostShop(stack, 'Shop', {
      storefront: { image: ShopImage.fromRegistry('ghcr.io/acme/storefront:1.0.0') },
      backend: { image: ShopImage.fromRegistry('ghcr.io/acme/medusa:1.0.0') },
    });
    const [estimate] = new CostReport().write(app.synth());
    // read the assembly back from disk, as the CLI does
    const artifact = new cxapi.CloudAssembly(dir).getStackByName('Annotated');
    const messages = artifact.messages;
    const info = messages.filter(
      (m) => m.level === cxapi.SynthesisMessageLevel.INFO && m.id === '/Annotated',
    );
    // everything is priced (the custom resource's function that restricts the default security
    // group runs only on deploy: free)
    expect(estimate.notPriced).toEqual([]);
    expect(info.map((m) => m.entry.data)).toEqual([
      `Estimated monthly cost: ${usd(estimate.totalMonthlyUsd)} at us-east-1 list prices less the always-free allowances`,
    ]);
    // and the rest of the stack's metadata is still there
    expect(artifact.findMetadataByType('aws:cdk:logicalId').length).toBeGreaterThan(20);
  });

  test('the annotation counts a resource with several unpriced items once', () => {
    const app = new App({ outdir: path.join(outdir, 'function') });
    const stack = new Stack(app, 'Function');
    // an instance type and a volume type the price table has no price for
    new ec2.CfnInstance(stack, 'Handler', {
      instanceType: 'x2gd.large',
      blockDeviceMappings: [
        { deviceName: '/dev/xvda', ebs: { volumeSize: 8, volumeType: 'io2', iops: 100 } },
      ],
    });
    const [estimate] = new CostReport().write(app.synth());
    // instance hours and the io2 volume: two items without a table price, on one instance
    expect(estimate.notPriced.filter((r) => r.type === 'AWS::EC2::Instance')).toHaveLength(2);
    const info = new cxapi.CloudAssembly(path.join(outdir, 'function'))
      .getStackByName('Function')
      .messages.filter((m) => m.level === cxapi.SynthesisMessageLevel.INFO);
    const [requests, compute] = estimate.notPriced.map((r) => r.reason);
    expect(info.map((m) => m.entry.data)).toEqual([
      `Estimated monthly cost: $0.00 at us-east-1 list prices less the always-free allowances; 1 resource not fully priced: ` +
        `${estimate.notPriced[0].logicalId} (AWS::EC2::Instance): ${requests}; ${compute}`,
    ]);
  });

  test('writing the reports leaves every template exactly as synthesized', () => {
    const dir = path.join(outdir, 'untouched');
    const assembly = buildExamples(dir).synth();
    const before = assembly.stacks.map((s) => fs.readFileSync(s.templateFullPath, 'utf-8'));
    new CostReport().write(assembly);
    expect(assembly.stacks.map((s) => fs.readFileSync(s.templateFullPath, 'utf-8'))).toEqual(before);
  });

  test('between minimum and maximum, the annotation says what varies: storage autoscaling, an instance count', () => {
    const dir = path.join(outdir, 'ranges');
    const app = new App({ outdir: dir });
    const stack = new Stack(app, 'Ranges');
    const network = new ShopNetwork(stack, 'Network');
    new ShopDatabase(stack, 'Database', { vpc: network.vpc }); // 20 GB gp3 growing to 100 GB
    new autoscaling.AutoScalingGroup(stack, 'Workers', {
      vpc: network.vpc,
      instanceType: new ec2.InstanceType('t4g.small'),
      machineImage: ec2.MachineImage.latestAmazonLinux2023({ cpuType: ec2.AmazonLinuxCpuType.ARM_64 }),
      minCapacity: 1,
      maxCapacity: 3,
    });
    const [estimate] = new CostReport({ quiet: true }).write(app.synth());
    const storage = estimate.lines.find((l) => l.type === 'AWS::RDS::DBInstance' && l.unit === 'GB-month')!;
    const workers = estimate.lines.find((l) => l.type === 'AWS::AutoScaling::AutoScalingGroup')!;
    // 20 GB at desired and minimum, 100 GB at the ceiling × rds.gp3.gbMonth.singleAz 0.115
    expect([storage.monthlyMinUsd, storage.monthlyMaxUsd]).toEqual([2.3, 11.5]);
    // 1 to 3 × t4g.small 0.0168 × 730
    expect([workers.monthlyMinUsd, workers.monthlyMaxUsd]).toEqual([12.264, 36.792]);
    const [info] = new cxapi.CloudAssembly(dir)
      .getStackByName('Ranges')
      .messages.filter((m) => m.level === cxapi.SynthesisMessageLevel.INFO)
      .map((m) => String(m.entry.data));
    expect(info).toContain(
      `(${usd(estimate.totalAtMinimumUsd)} at minimum, ${usd(estimate.totalAtMaximumUsd)} at maximum; varies: ` +
        `${storage.logicalId} storage autoscaling (${storage.description}: $2.30 to $11.50), ` +
        `${workers.logicalId} instance count (${workers.description}: $12.26 to $36.79)`,
    );
    expect(info).not.toMatch(/traffic/);
  });

  test('prints each stack estimate to stderr, which the CDK CLI always shows (info annotations it may hide)', () => {
    const printed: string[] = [];
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: any) => {
      printed.push(String(chunk));
      return true;
    });
    try {
      const app = new App({ outdir: path.join(outdir, 'stderr') });
      // an instance type and a volume type the price table has no price for
      new ec2.CfnInstance(new Stack(app, 'Printed'), 'Handler', {
        instanceType: 'x2gd.large',
        blockDeviceMappings: [
          { deviceName: '/dev/xvda', ebs: { volumeSize: 8, volumeType: 'io2', iops: 100 } },
        ],
      });
      const assembly = app.synth();
      const [estimate] = new CostReport().write(assembly);
      new CostReport({ quiet: true }).write(assembly);
      const [id] = estimate.notPriced.map((r) => r.logicalId);
      const [requests, compute] = estimate.notPriced.map((r) => r.reason);
      // once (the quiet report printed nothing), the not-priced resources one a line below the total
      expect(printed).toEqual([
        'Printed: Estimated monthly cost: $0.00 at us-east-1 list prices less the always-free allowances; 1 resource not fully priced:\n' +
          `  ${id} (AWS::EC2::Instance): ${requests}; ${compute}\n`,
      ]);
    } finally {
      spy.mockRestore();
    }
  });
});
