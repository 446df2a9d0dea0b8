import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { BASIC, container, logicalId, serviceProps, shopStack } from './fargate-fixtures';
import { FargateShop, ShopCapacity } from '../../../src';
import { guardFindings } from '../../helpers/guard';
import { expectNagClean } from '../../helpers/nag';

describe('FargateShop on an EC2 Auto Scaling group (seed 004)', () => {
  const { app, template } = shopStack({ ...BASIC, capacity: ShopCapacity.autoScalingGroup() });

  test('EC2 services and awsvpc task definitions, the size on the container', () => {
    for (const part of ['Storefront', 'Backend']) {
      const service = serviceProps(template, part);
      expect(service.CapacityProviderStrategy).toEqual([
        expect.objectContaining({ CapacityProvider: { Ref: expect.stringMatching(/CapacityProvider/) } }),
      ]);
      expect(service.NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp).toBe('DISABLED');
      const taskDefinition =
        template.toJSON().Resources[logicalId(template, 'AWS::ECS::TaskDefinition', part)];
      expect(taskDefinition.Properties.RequiresCompatibilities).toEqual(['EC2']);
      expect(taskDefinition.Properties.NetworkMode).toBe('awsvpc');
    }
    expect(container(template, 'Backend', 'backend')).toMatchObject({
      Cpu: 512,
      Memory: 2048,
      ReadonlyRootFilesystem: true,
    });
  });

  test('nag and guard clean', () => {
    expectNagClean(app);
    expect(guardFindings(app, 'Stack')).toEqual([]);
  });
});

test('x86 capacity for one service: its task definition runs X86_64, the others ARM64', () => {
  const { template } = shopStack({
    ...BASIC,
    storefrontService: { capacity: ShopCapacity.fargate({ cpuArchitecture: ecs.CpuArchitecture.X86_64 }) },
  });
  const platform = (part: string) =>
    template.toJSON().Resources[logicalId(template, 'AWS::ECS::TaskDefinition', part)].Properties
      .RuntimePlatform.CpuArchitecture;
  expect([platform('Storefront'), platform('Backend')]).toEqual(['X86_64', 'ARM64']);
  expect(serviceProps(template, 'Storefront').CapacityProviderStrategy).toEqual([
    expect.objectContaining({ CapacityProvider: 'FARGATE' }),
  ]);
});

test('dual-stack on a VPC with IPv6: an AAAA alias beside the A record', () => {
  const stack = new Stack(new App(), 'Stack', { env: { region: 'us-east-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { ipProtocol: ec2.IpProtocol.DUAL_STACK, maxAzs: 2 });
  const hostedZone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', {
    hostedZoneId: 'Z1',
    zoneName: 'example.com',
  });
  new FargateShop(stack, 'Shop', {
    ...BASIC,
    vpc,
    dualStack: true,
    domainName: 'shop.example.com',
    hostedZone,
  });
  const template = Template.fromStack(stack);
  for (const type of ['A', 'AAAA']) {
    template.resourcePropertiesCountIs(
      'AWS::Route53::RecordSet',
      { Type: type, Name: 'shop.example.com.' },
      1,
    );
  }
  template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { IpAddressType: 'dualstack' });
});
