import { App, NestedStack, Stack, Stage } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CostEstimator } from '../../src';

/* CostEstimator.estimateStack: a stack of the construct tree, synthesized as its app would be. */
describe('CostEstimator.estimateStack', () => {
  function instanceStack(app: App | Stage, id: string, env?: { region: string }) {
    const stack = new Stack(app, id, { env });
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
      vpcId: 'vpc-1',
      availabilityZones: ['us-east-1a'],
      publicSubnetIds: ['subnet-1'],
    });
    new ec2.Instance(stack, 'Host', {
      vpc,
      instanceType: new ec2.InstanceType('t4g.micro'),
      machineImage: ec2.MachineImage.genericLinux({ 'us-east-1': 'ami-1', 'eu-west-1': 'ami-2' }),
      blockDevices: [
        {
          deviceName: '/dev/xvda',
          volume: ec2.BlockDeviceVolume.ebs(10, { volumeType: ec2.EbsDeviceVolumeType.GP3 }),
        },
      ],
    });
    return stack;
  }

  test('estimates the template its app writes, the same as estimateTemplate', () => {
    const app = new App();
    const stack = instanceStack(app, 'Host');
    const estimator = new CostEstimator();
    const estimate = estimator.estimateStack(stack);
    // t4g.micro 0.0084 × 730 + 10 GB gp3 × 0.08 = 6.132 + 0.80
    expect(estimate.totalMonthlyUsd).toBeCloseTo(6.132 + 0.8, 4);
    expect(estimate.stackName).toBe('Host');
    expect(estimate).toEqual(
      estimator.estimateTemplate(Template.fromStack(stack).toJSON(), 'Host', stack.region),
    );
  });

  test('an environment-agnostic stack is priced at us-east-1 prices with a warning saying so', () => {
    const estimate = new CostEstimator().estimateStack(instanceStack(new App(), 'Agnostic'));
    expect(estimate.region).toBe('us-east-1');
    expect(estimate.warnings).toEqual([
      'the region of Agnostic is not resolved (environment-agnostic stack): priced at us-east-1 list prices × ' +
        'regionFactor 1; give the stack an env, or a regionFactor for the region it deploys to',
    ]);
  });

  test('a stack in us-east-1 has no region warning', () => {
    const estimate = new CostEstimator().estimateStack(
      instanceStack(new App(), 'Virginia', { region: 'us-east-1' }),
    );
    expect(estimate.warnings).toEqual([]);
  });

  test('a stack in another region is priced at us-east-1 prices with a warning', () => {
    const app = new App();
    const estimate = new CostEstimator({ regionFactor: 1.1 }).estimateStack(
      instanceStack(app, 'Dublin', { region: 'eu-west-1' }),
    );
    expect(estimate.region).toBe('eu-west-1');
    expect(estimate.warnings).toContain(
      'Dublin is in eu-west-1 but priced at us-east-1 list prices × regionFactor 1.1',
    );
    expect(estimate.totalMonthlyUsd).toBeCloseTo((6.132 + 0.8) * 1.1, 4);
  });

  test('a stack inside a Stage, and a nested stack on its own template', () => {
    const app = new App();
    const stage = new Stage(app, 'Prod');
    const parent = new Stack(stage, 'Parent');
    new s3.Bucket(parent, 'Media');
    const nested = new NestedStack(parent, 'Storage');
    new s3.Bucket(nested, 'Archive');
    new s3.Bucket(nested, 'Exports');
    const estimator = new CostEstimator({ storedGb: 100 });
    // the parent: its own bucket only (the nested stack is a resource, not estimated here)
    const top = estimator.estimateStack(parent);
    expect(top.lines.filter((l) => l.type === 'AWS::S3::Bucket')).toHaveLength(1);
    expect(top.notPriced.map((r) => r.type)).toContain('AWS::CloudFormation::Stack');
    // the nested stack: 100 GB over its two buckets × 0.023
    const inner = estimator.estimateStack(nested);
    expect(inner.stackName).toBe('Prod/Parent/Storage');
    expect(inner.lines.map((l) => l.quantity)).toEqual([50, 50]);
    expect(inner.totalMonthlyUsd).toBeCloseTo(100 * 0.023, 4);
  });
});
