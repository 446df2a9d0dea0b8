import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { ShopCapacity, ShopCapacityProvider } from '../../../src';

describe('ShopCapacity factories', () => {
  test('fargate(): FARGATE only, ARM64 unless told', () => {
    const capacity = ShopCapacity.fargate();
    expect(capacity.shares.map((s) => [s.provider.kind, s.weight])).toEqual([['FARGATE', 1]]);
    expect(capacity.cpuArchitecture).toBe(ecs.CpuArchitecture.ARM64);
    expect(capacity.usesEc2).toBe(false);
    expect(ShopCapacity.fargate({ cpuArchitecture: ecs.CpuArchitecture.X86_64 }).cpuArchitecture).toBe(
      ecs.CpuArchitecture.X86_64,
    );
  });

  test('fargateSpot(): every task on Spot by default; base and weights as given', () => {
    expect(ShopCapacity.fargateSpot().shares.map((s) => [s.provider.kind, s.weight, s.base])).toEqual([
      ['FARGATE_SPOT', 1, undefined],
      ['FARGATE', 0, 0],
    ]);
    const mixed = ShopCapacity.fargateSpot({ onDemandBase: 2, onDemandWeight: 1, spotWeight: 3 });
    expect(mixed.shares.map((s) => [s.provider.kind, s.weight, s.base])).toEqual([
      ['FARGATE_SPOT', 3, undefined],
      ['FARGATE', 1, 2],
    ]);
    expect(mixed.cpuArchitecture).toBe(ecs.CpuArchitecture.ARM64);
  });

  test('autoScalingGroup(): EC2, architecture from the instance type (Graviton default)', () => {
    const graviton = ShopCapacity.autoScalingGroup();
    expect(graviton.usesEc2).toBe(true);
    expect(graviton.cpuArchitecture).toBe(ecs.CpuArchitecture.ARM64);
    expect(graviton.shares[0].provider.kind).toBe('EC2');
    const x86 = ShopCapacity.autoScalingGroup({ instanceType: new ec2.InstanceType('m7i.large') });
    expect(x86.cpuArchitecture).toBe(ecs.CpuArchitecture.X86_64);
  });

  test('strategy(): shares as given; an Auto Scaling group share sets the architecture', () => {
    const group = ShopCapacityProvider.autoScalingGroup({ instanceType: new ec2.InstanceType('c7i.large') });
    const capacity = ShopCapacity.strategy([{ provider: group, weight: 2, base: 1 }]);
    expect(capacity.shares[0].provider).toBe(group);
    expect(capacity.cpuArchitecture).toBe(ecs.CpuArchitecture.X86_64);
    expect(ShopCapacity.strategy([{ provider: ShopCapacityProvider.FARGATE_SPOT }]).cpuArchitecture).toBe(
      ecs.CpuArchitecture.ARM64,
    );
    expect(ShopCapacityProvider.FARGATE.isFargate).toBe(true);
    expect(group.isFargate).toBe(false);
  });
});
