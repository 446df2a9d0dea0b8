import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';
import { ShopCapacity, ShopCapacityProvider } from '../../../src';
import { bindCapacity } from '../../../src/shop/fargate/capacity';
import { guardFindings } from '../../helpers/guard';
import { expectNagClean } from '../../helpers/nag';

function clusterStack(vpcProps: ec2.VpcProps = { natGateways: 1, maxAzs: 2 }) {
  const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
  const stack = new Stack(app, 'Stack');
  const shop = new Construct(stack, 'Shop');
  const vpc = new ec2.Vpc(stack, 'Vpc', vpcProps);
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
  return { app, stack, shop, vpc, cluster };
}

function oneOf(template: Template, type: string): any {
  const found = Object.values(template.findResources(type));
  expect(found).toHaveLength(1);
  return found[0].Properties;
}

describe('bindCapacity on Fargate', () => {
  test('fargate(): the cluster gets the Fargate providers, the service FARGATE weight 1', () => {
    const { stack, shop, cluster } = clusterStack();
    const bound = bindCapacity(shop, cluster, ShopCapacity.fargate(), 'capacity');
    expect(bound).toEqual({
      launch: 'FARGATE',
      cpuArchitecture: ecs.CpuArchitecture.ARM64,
      strategies: [{ capacityProvider: 'FARGATE', weight: 1 }],
    });
    Template.fromStack(stack).hasResourceProperties('AWS::ECS::ClusterCapacityProviderAssociations', {
      CapacityProviders: ['FARGATE', 'FARGATE_SPOT'],
    });
  });

  test('fargateSpot(): Spot weight, on-demand weight and base; no base on Spot', () => {
    const { shop, cluster } = clusterStack();
    const capacity = ShopCapacity.fargateSpot({ onDemandBase: 1, onDemandWeight: 1, spotWeight: 3 });
    expect(bindCapacity(shop, cluster, capacity, 'capacity').strategies).toEqual([
      { capacityProvider: 'FARGATE_SPOT', weight: 3 },
      { capacityProvider: 'FARGATE', weight: 1, base: 1 },
    ]);
    expect(bindCapacity(shop, cluster, ShopCapacity.fargateSpot(), 'capacity').strategies).toEqual([
      { capacityProvider: 'FARGATE_SPOT', weight: 1 },
      { capacityProvider: 'FARGATE', weight: 0 },
    ]);
  });

  test('the strategy reaches a service as CapacityProviderStrategy', () => {
    const { stack, shop, cluster } = clusterStack();
    const bound = bindCapacity(shop, cluster, ShopCapacity.fargateSpot({ onDemandBase: 2 }), 'capacity');
    const taskDefinition = new ecs.FargateTaskDefinition(stack, 'Task', {
      runtimePlatform: { cpuArchitecture: bound.cpuArchitecture },
    });
    taskDefinition.addContainer('app', { image: ecs.ContainerImage.fromRegistry('nginx') });
    new ecs.FargateService(stack, 'Service', {
      cluster,
      taskDefinition,
      minHealthyPercent: 100,
      capacityProviderStrategies: bound.strategies,
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ECS::Service', {
      CapacityProviderStrategy: [
        { CapacityProvider: 'FARGATE_SPOT', Weight: 1 },
        { CapacityProvider: 'FARGATE', Weight: 0, Base: 2 },
      ],
      LaunchType: Match.absent(),
    });
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      RuntimePlatform: { CpuArchitecture: 'ARM64' },
    });
  });
});

describe('bindCapacity on an Auto Scaling group', () => {
  test('defaults: t4g.medium, AL2023 ECS image for arm64, IMDSv2, encrypted gp3 root, detailed monitoring, no key', () => {
    const { stack, shop, cluster } = clusterStack();
    const bound = bindCapacity(shop, cluster, ShopCapacity.autoScalingGroup(), 'capacity');
    expect(bound.launch).toBe('EC2');
    expect(bound.cpuArchitecture).toBe(ecs.CpuArchitecture.ARM64);
    const template = Template.fromStack(stack);
    const data = oneOf(template, 'AWS::EC2::LaunchTemplate').LaunchTemplateData;
    expect(data.InstanceType).toBe('t4g.medium');
    expect(data.MetadataOptions).toMatchObject({ HttpTokens: 'required' });
    expect(data.Monitoring).toEqual({ Enabled: true });
    expect(data.KeyName).toBeUndefined();
    expect(data.BlockDeviceMappings).toEqual([
      {
        DeviceName: '/dev/xvda',
        Ebs: { Encrypted: true, VolumeSize: 30, VolumeType: 'gp3', DeleteOnTermination: true },
      },
    ]);
    const imageParameter = Object.entries(template.toJSON().Parameters ?? {}).find(
      ([name]) => data.ImageId.Ref === name,
    );
    expect((imageParameter![1] as any).Default).toBe(
      '/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id',
    );
    const userData = JSON.stringify(data.UserData);
    expect(userData).toContain('ECS_CLUSTER=');
    expect(userData).toContain('ECS_AWSVPC_BLOCK_IMDS=true');
  });

  test('the group: 1 to 10 instances in the private subnets, new instances protected from scale-in', () => {
    const { stack, shop, cluster, vpc } = clusterStack();
    bindCapacity(shop, cluster, ShopCapacity.autoScalingGroup(), 'capacity');
    const template = Template.fromStack(stack);
    const group = oneOf(template, 'AWS::AutoScaling::AutoScalingGroup');
    expect(group).toMatchObject({ MinSize: '1', MaxSize: '10', NewInstancesProtectedFromScaleIn: true });
    expect(group.DesiredCapacity).toBeUndefined();
    expect(group.VPCZoneIdentifier).toEqual(
      vpc.privateSubnets.map((s) => ({ Ref: stack.getLogicalId(s.node.defaultChild as ec2.CfnSubnet) })),
    );
    const groups = template.findResources('AWS::EC2::SecurityGroup', {
      Properties: { GroupDescription: Match.stringLikeRegexp('ECS container instances') },
    });
    expect(Object.values(groups).map((g: any) => g.Properties.SecurityGroupIngress)).toEqual([undefined]);
    template.resourceCountIs('AWS::Lambda::Function', 0); // managed draining, no drain hook
    Annotations.fromStack(stack).hasNoWarning('/Stack/Shop', Match.anyValue()); // two zones
  });

  test('the capacity provider: managed scaling to 100 %, termination protection and draining on', () => {
    const { stack, shop, cluster } = clusterStack();
    const bound = bindCapacity(shop, cluster, ShopCapacity.autoScalingGroup(), 'capacity');
    const template = Template.fromStack(stack);
    const provider = oneOf(template, 'AWS::ECS::CapacityProvider');
    expect(provider.AutoScalingGroupProvider).toMatchObject({
      ManagedScaling: { Status: 'ENABLED', TargetCapacity: 100 },
      ManagedTerminationProtection: 'ENABLED',
      ManagedDraining: 'ENABLED',
    });
    const providerId = Object.keys(template.findResources('AWS::ECS::CapacityProvider'))[0];
    expect(stack.resolve(bound.strategies)).toEqual([{ capacityProvider: { Ref: providerId }, weight: 1 }]);
    const associations = oneOf(template, 'AWS::ECS::ClusterCapacityProviderAssociations');
    expect(associations.CapacityProviders).toEqual([{ Ref: providerId }]);
  });

  test('given options: x86 instance type, AL2023 x86 image, bounds, target, no termination protection', () => {
    const { stack, shop, cluster } = clusterStack();
    const bound = bindCapacity(
      shop,
      cluster,
      ShopCapacity.autoScalingGroup({
        instanceType: new ec2.InstanceType('m7i.large'),
        minCapacity: 0,
        maxCapacity: 4,
        targetCapacityPercent: 80,
        managedTerminationProtection: false,
      }),
      'capacity',
    );
    expect(bound.cpuArchitecture).toBe(ecs.CpuArchitecture.X86_64);
    const template = Template.fromStack(stack);
    expect(oneOf(template, 'AWS::EC2::LaunchTemplate').LaunchTemplateData.InstanceType).toBe('m7i.large');
    expect(JSON.stringify(template.toJSON().Parameters)).toContain(
      '/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id',
    );
    const group = oneOf(template, 'AWS::AutoScaling::AutoScalingGroup');
    expect(group).toMatchObject({ MinSize: '0', MaxSize: '4' });
    expect(group.NewInstancesProtectedFromScaleIn).toBeUndefined();
    expect(oneOf(template, 'AWS::ECS::CapacityProvider').AutoScalingGroupProvider).toMatchObject({
      ManagedScaling: { TargetCapacity: 80 },
      ManagedTerminationProtection: 'DISABLED',
    });
  });

  test('one group per cluster and provider object: shared by two services, a second object is a second group', () => {
    const { stack, shop, cluster } = clusterStack();
    const shared = ShopCapacity.autoScalingGroup();
    const first = bindCapacity(shop, cluster, shared, 'capacity');
    const again = bindCapacity(shop, cluster, shared, 'backendService.capacity');
    expect(again.autoScalingGroup).toBe(first.autoScalingGroup);
    const other = bindCapacity(shop, cluster, ShopCapacity.autoScalingGroup(), 'workerService.capacity');
    expect(other.autoScalingGroup).not.toBe(first.autoScalingGroup);
    expect(other.autoScalingGroup!.node.path).toBe('Stack/Shop/Capacity2/Group');
    Template.fromStack(stack).resourceCountIs('AWS::AutoScaling::AutoScalingGroup', 2);
  });

  test('strategy() over two groups of one architecture with one base', () => {
    const { shop, cluster } = clusterStack();
    const a = ShopCapacityProvider.autoScalingGroup();
    const b = ShopCapacityProvider.autoScalingGroup({ instanceType: new ec2.InstanceType('m7g.large') });
    const bound = bindCapacity(
      shop,
      cluster,
      ShopCapacity.strategy([
        { provider: a, base: 1 },
        { provider: b, weight: 2 },
      ]),
      'capacity',
    );
    expect(bound.strategies.map((s) => [s.weight, s.base])).toEqual([
      [1, 1],
      [2, undefined],
    ]);
  });

  test('cdk-nag (AwsSolutions, NIST 800-53 R5) and cfn-guard find nothing unacknowledged', () => {
    const { app, shop, cluster } = clusterStack();
    bindCapacity(shop, cluster, ShopCapacity.autoScalingGroup(), 'capacity');
    expectNagClean(shop);
    const inShop = guardFindings(app, 'Stack').filter((f) => f.resources.some((r) => r.startsWith('Shop')));
    expect(inShop).toEqual([]);
  });

  test('an Ec2Service with awsvpc runs on the bound group (the fargate helper path)', () => {
    const { stack, shop, cluster } = clusterStack();
    const bound = bindCapacity(shop, cluster, ShopCapacity.autoScalingGroup(), 'capacity');
    const taskDefinition = new ecs.Ec2TaskDefinition(stack, 'Task', { networkMode: ecs.NetworkMode.AWS_VPC });
    taskDefinition.addContainer('app', {
      image: ecs.ContainerImage.fromRegistry('nginx'),
      memoryLimitMiB: 512,
    });
    new ecs.Ec2Service(stack, 'Service', {
      cluster,
      taskDefinition,
      minHealthyPercent: 100,
      capacityProviderStrategies: bound.strategies,
    });
    const template = Template.fromStack(stack);
    const providerId = Object.keys(template.findResources('AWS::ECS::CapacityProvider'))[0];
    const service = oneOf(template, 'AWS::ECS::Service');
    expect(service.CapacityProviderStrategy).toEqual([{ CapacityProvider: { Ref: providerId }, Weight: 1 }]);
    expect(service.LaunchType).toBeUndefined();
    expect(service.NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp).toBe('DISABLED');
  });
});
