import { App, Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';
import { ShopCapacity, ShopCapacityProvider } from '../../../src';
import { bindCapacity } from '../../../src/shop/fargate/capacity';

function clusterStack(vpcProps: ec2.VpcProps = { natGateways: 1, maxAzs: 2 }) {
  const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
  const stack = new Stack(app, 'Stack');
  const shop = new Construct(stack, 'Shop');
  const vpc = new ec2.Vpc(stack, 'Vpc', vpcProps);
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
  return { app, stack, shop, vpc, cluster };
}

const asg = ShopCapacityProvider.autoScalingGroup;
const group = (options: Parameters<typeof asg>[0]) => ShopCapacity.autoScalingGroup(options);

describe('bindCapacity bad input', () => {
  test.each<[string, () => ShopCapacity, string, RegExp]>([
    [
      'Spot weights both 0',
      () => ShopCapacity.fargateSpot({ spotWeight: 0 }),
      'capacity.spotWeight',
      /is 0 like every weight \(spotWeight, onDemandWeight\)/,
    ],
    [
      'Spot weight above 1000',
      () => ShopCapacity.fargateSpot({ spotWeight: 1001 }),
      'capacity.spotWeight',
      /is 1001, not a whole number 0 to 1000/,
    ],
    [
      'Spot weight negative',
      () => ShopCapacity.fargateSpot({ spotWeight: -1 }),
      'capacity.spotWeight',
      /not a whole number 0 to 1000/,
    ],
    [
      'Spot weight fractional',
      () => ShopCapacity.fargateSpot({ spotWeight: 0.5 }),
      'capacity.spotWeight',
      /is 0.5/,
    ],
    [
      'on-demand weight above 1000',
      () => ShopCapacity.fargateSpot({ onDemandWeight: 5000 }),
      'capacity.onDemandWeight',
      /0 to 1000/,
    ],
    [
      'on-demand base above 100000',
      () => ShopCapacity.fargateSpot({ onDemandBase: 100001 }),
      'capacity.onDemandBase',
      /0 to 100000/,
    ],
    [
      'on-demand base a token',
      () => ShopCapacity.fargateSpot({ onDemandBase: Token.asNumber({ Ref: 'B' }) }),
      'capacity.onDemandBase',
      /is a token/,
    ],
    [
      'Fargate mixed with an Auto Scaling group',
      () => ShopCapacity.strategy([{ provider: ShopCapacityProvider.FARGATE }, { provider: asg() }]),
      'capacity',
      /mixes Fargate providers .* which ECS refuses/,
    ],
    [
      'Fargate Spot mixed with an Auto Scaling group',
      () => ShopCapacity.strategy([{ provider: asg() }, { provider: ShopCapacityProvider.FARGATE_SPOT }]),
      'capacity',
      /mixes Fargate providers/,
    ],
    ['an empty strategy', () => ShopCapacity.strategy([]), 'capacity', /has no capacity provider/],
    [
      'two bases',
      () =>
        ShopCapacity.strategy([
          { provider: ShopCapacityProvider.FARGATE, base: 1 },
          { provider: ShopCapacityProvider.FARGATE_SPOT, base: 2 },
        ]),
      'capacity.shares[1].base',
      /second base/,
    ],
    [
      'one provider twice',
      () =>
        ShopCapacity.strategy([
          { provider: ShopCapacityProvider.FARGATE },
          { provider: ShopCapacityProvider.FARGATE, weight: 2 },
        ]),
      'capacity.shares[1].provider',
      /same provider \(FARGATE\) as share 0/,
    ],
    [
      'every strategy weight 0',
      () => ShopCapacity.strategy([{ provider: ShopCapacityProvider.FARGATE, weight: 0, base: 1 }]),
      'capacity.shares[0].weight',
      /ECS needs one weight above 0/,
    ],
    [
      'a strategy weight above 1000',
      () => ShopCapacity.strategy([{ provider: ShopCapacityProvider.FARGATE_SPOT, weight: 1001 }]),
      'capacity.shares[0].weight',
      /0 to 1000/,
    ],
    [
      'an unknown CPU architecture',
      () => ShopCapacity.fargate({ cpuArchitecture: ecs.CpuArchitecture.of('RISCV') }),
      'capacity.cpuArchitecture',
      /'RISCV', which Linux tasks do not run on/,
    ],
    [
      'ARM64 declared on x86 instances',
      () =>
        ShopCapacity.strategy([{ provider: asg({ instanceType: new ec2.InstanceType('m7i.large') }) }], {
          cpuArchitecture: ecs.CpuArchitecture.ARM64,
        }),
      'capacity.shares[0].provider.instanceType',
      /m7i.large \(X86_64\), and the capacity's tasks are ARM64/,
    ],
    [
      'groups of two architectures',
      () =>
        ShopCapacity.strategy([
          { provider: asg() },
          { provider: asg({ instanceType: new ec2.InstanceType('c7i.large') }) },
        ]),
      'capacity.shares[1].provider.instanceType',
      /c7i.large \(X86_64\)/,
    ],
    [
      'a malformed instance type',
      () => group({ instanceType: new ec2.InstanceType('medium') }),
      'capacity.instanceType',
      /'medium' is not an instance type/,
    ],
    [
      'group min above max',
      () => group({ minCapacity: 5, maxCapacity: 2 }),
      'capacity.minCapacity',
      /is 5, above maxCapacity 2/,
    ],
    [
      'group min above the default max',
      () => group({ minCapacity: 11 }),
      'capacity.minCapacity',
      /above maxCapacity 10/,
    ],
    ['group max 0', () => group({ maxCapacity: 0 }), 'capacity.maxCapacity', /at least 1/],
    ['group min negative', () => group({ minCapacity: -1 }), 'capacity.minCapacity', /at least 0/],
    [
      'target capacity 0 %',
      () => group({ targetCapacityPercent: 0 }),
      'capacity.targetCapacityPercent',
      /1 to 100/,
    ],
    [
      'target capacity 101 %',
      () => group({ targetCapacityPercent: 101 }),
      'capacity.targetCapacityPercent',
      /1 to 100/,
    ],
    [
      'target capacity fractional',
      () => group({ targetCapacityPercent: 50.5 }),
      'capacity.targetCapacityPercent',
      /1 to 100/,
    ],
    [
      'strategy group bounds',
      () => ShopCapacity.strategy([{ provider: asg({ minCapacity: 3, maxCapacity: 1 }) }]),
      'capacity.shares[0].provider.minCapacity',
      /above maxCapacity 1/,
    ],
  ])('%s', (_name, capacity, prop, problem) => {
    const { shop, cluster } = clusterStack();
    const escaped = prop.replace(/[.[\]]/g, (c) => `\\${c}`);
    const run = () =>
      bindCapacity(shop, cluster, capacity(), prop.startsWith('capacity') ? 'capacity' : prop);
    expect(run).toThrow(new RegExp(`^Stack/Shop: invalid '${escaped}': `));
    expect(run).toThrow(problem);
  });

  test('the prop passed in is the one named (a per-service capacity)', () => {
    const { shop, cluster } = clusterStack();
    expect(() =>
      bindCapacity(shop, cluster, ShopCapacity.fargateSpot({ spotWeight: 0 }), 'backendService.capacity'),
    ).toThrow(/^Stack\/Shop: invalid 'backendService\.capacity\.spotWeight': /);
  });

  test('private subnets in one zone: accepted with a warning naming the risk', () => {
    const { stack, shop, cluster } = clusterStack({ natGateways: 1, maxAzs: 1 });
    bindCapacity(shop, cluster, ShopCapacity.autoScalingGroup(), 'capacity');
    Annotations.fromStack(stack).hasWarning(
      '/Stack/Shop',
      Match.stringLikeRegexp('capacity: the private subnets are in one availability zone'),
    );
  });

  test('an Auto Scaling group in a VPC without private subnets', () => {
    const { shop, cluster } = clusterStack({
      natGateways: 0,
      subnetConfiguration: [{ name: 'public', subnetType: ec2.SubnetType.PUBLIC }],
    });
    expect(() => bindCapacity(shop, cluster, ShopCapacity.autoScalingGroup(), 'capacity')).toThrow(
      /^Stack\/Shop: invalid 'capacity': runs EC2 instances in the private subnets with egress, and the VPC has none/,
    );
  });

  test.each<[string, () => ShopCapacity]>([
    [
      'weights at 1000 and base at 100000',
      () => ShopCapacity.fargateSpot({ spotWeight: 1000, onDemandWeight: 1000, onDemandBase: 100000 }),
    ],
    [
      'all on demand through fargateSpot',
      () => ShopCapacity.fargateSpot({ spotWeight: 0, onDemandWeight: 1 }),
    ],
    ['x86 Fargate', () => ShopCapacity.fargate({ cpuArchitecture: ecs.CpuArchitecture.X86_64 })],
    ['ARM64 Spot only', () => ShopCapacity.strategy([{ provider: ShopCapacityProvider.FARGATE_SPOT }])],
    [
      'a group of 0 to 1 instances at 1 %',
      () => group({ minCapacity: 0, maxCapacity: 1, targetCapacityPercent: 1 }),
    ],
    ['a group with min == max', () => group({ minCapacity: 3, maxCapacity: 3 })],
    [
      'a weight-0 share beside a weighted one',
      () =>
        ShopCapacity.strategy([
          { provider: ShopCapacityProvider.FARGATE, weight: 0, base: 2 },
          { provider: ShopCapacityProvider.FARGATE_SPOT, weight: 1 },
        ]),
    ],
  ])('accepts %s', (_name, capacity) => {
    const { shop, cluster } = clusterStack();
    expect(bindCapacity(shop, cluster, capacity(), 'capacity').strategies.length).toBeGreaterThan(0);
  });
});
