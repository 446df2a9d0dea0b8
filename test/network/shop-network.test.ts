import { App, Fn, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { NatType, NetworkProfile, ShopNetwork, ShopNetworkProps } from '../../src';
import { guardAcknowledgements } from '../helpers/guard';
import { acknowledgements, expectNagClean } from '../helpers/nag';

function synth(props: ShopNetworkProps = {}, stackProps = {}) {
  const app = new App();
  const stack = new Stack(app, 'Stack', stackProps);
  const network = new ShopNetwork(stack, 'Network', props);
  return { app, stack, network, template: Template.fromStack(stack) };
}

/** The availability zone index each subnet selects from Fn::GetAZs. */
function subnetZoneIndexes(template: Template): number[] {
  return Object.values(template.findResources('AWS::EC2::Subnet')).map(
    (s: any) => s.Properties.AvailabilityZone['Fn::Select'][0],
  );
}

describe('ShopNetwork profiles', () => {
  test('default is two zones, public/private/isolated subnets and one NAT gateway', () => {
    const { template, network } = synth();

    template.resourceCountIs('AWS::EC2::VPC', 1);
    template.hasResourceProperties('AWS::EC2::VPC', {
      CidrBlock: '10.0.0.0/16',
      EnableDnsHostnames: true,
      EnableDnsSupport: true,
    });
    template.resourceCountIs('AWS::EC2::Subnet', 6);
    template.resourceCountIs('AWS::EC2::NatGateway', 1);
    template.resourceCountIs('AWS::EC2::EIP', 1);
    expect(new Set(subnetZoneIndexes(template))).toEqual(new Set([0, 1]));
    expect(network.profile).toBe(NetworkProfile.TWO_AZ_SINGLE_NAT);
    expect(network.vpc.publicSubnets).toHaveLength(2);
    expect(network.vpc.privateSubnets).toHaveLength(2);
    expect(network.vpc.isolatedSubnets).toHaveLength(2);
    expect(network.natInstances).toEqual([]);
  });

  test('single public subnet has one subnet, no NAT and no Elastic IP', () => {
    const { template, network } = synth({ profile: NetworkProfile.SINGLE_PUBLIC_SUBNET });

    template.resourceCountIs('AWS::EC2::Subnet', 1);
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
    template.resourceCountIs('AWS::EC2::EIP', 0);
    template.resourceCountIs('AWS::EC2::InternetGateway', 1);
    expect(network.applicationSubnets).toEqual({ subnetType: ec2.SubnetType.PUBLIC });
    expect(() => network.dataSubnets).toThrow(/no isolated or private subnets for data stores/);
  });

  test('three zones get a NAT gateway each, routed within their own zone', () => {
    const { template } = synth({ profile: NetworkProfile.THREE_AZ_NAT_PER_AZ });

    template.resourceCountIs('AWS::EC2::Subnet', 9);
    template.resourceCountIs('AWS::EC2::NatGateway', 3);
    // an environment-agnostic stack still gets three distinct zones, chosen at deploy time
    expect(new Set(subnetZoneIndexes(template))).toEqual(new Set([0, 1, 2]));
    const natRoutes = Object.values(template.findResources('AWS::EC2::Route')).filter(
      (r: any) => r.Properties.NatGatewayId,
    );
    const gatewaysUsed = new Set(natRoutes.map((r: any) => JSON.stringify(r.Properties.NatGatewayId)));
    expect(gatewaysUsed.size).toBe(3);
  });

  test('a custom profile shapes the VPC', () => {
    const profile = NetworkProfile.custom({ availabilityZones: 3, natGateways: 1, isolatedSubnets: false });
    const { template, network } = synth({ profile });

    template.resourceCountIs('AWS::EC2::Subnet', 6);
    template.resourceCountIs('AWS::EC2::NatGateway', 1);
    expect(network.vpc.isolatedSubnets).toHaveLength(0);
    expect(network.dataSubnets).toEqual({ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS });
    expect(profile.name).toBe('CUSTOM_3AZ_1NAT');
  });

  test('application subnets are private and data subnets isolated when the profile has them', () => {
    const { network } = synth();
    expect(network.applicationSubnets).toEqual({ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS });
    expect(network.dataSubnets).toEqual({ subnetType: ec2.SubnetType.PRIVATE_ISOLATED });
  });

  test('the stack region zones from context are used when the stack has an environment', () => {
    const app = new App({
      context: {
        'availability-zones:account=111111111111:region=eu-west-1': [
          'eu-west-1a',
          'eu-west-1b',
          'eu-west-1c',
        ],
      },
    });
    const stack = new Stack(app, 'Stack', { env: { account: '111111111111', region: 'eu-west-1' } });
    new ShopNetwork(stack, 'Network', { profile: NetworkProfile.THREE_AZ_NAT_PER_AZ });
    const zones = Object.values(Template.fromStack(stack).findResources('AWS::EC2::Subnet')).map(
      (s: any) => s.Properties.AvailabilityZone,
    );
    expect(new Set(zones)).toEqual(new Set(['eu-west-1a', 'eu-west-1b', 'eu-west-1c']));
  });

  test('given availability zones are used', () => {
    const { template } = synth({ availabilityZones: ['us-east-1d', 'us-east-1f'] });
    const zones = Object.values(template.findResources('AWS::EC2::Subnet')).map(
      (s: any) => s.Properties.AvailabilityZone,
    );
    expect(new Set(zones)).toEqual(new Set(['us-east-1d', 'us-east-1f']));
  });
});

describe('ShopNetwork defaults', () => {
  test('public subnets do not give instances public IPs on launch', () => {
    const { template } = synth();
    const publicSubnets = template.findResources('AWS::EC2::Subnet', {
      Properties: { Tags: Match.arrayWith([{ Key: 'aws-cdk:subnet-type', Value: 'Public' }]) },
    });
    expect(Object.keys(publicSubnets)).toHaveLength(2);
    for (const subnet of Object.values(publicSubnets)) {
      expect((subnet as any).Properties.MapPublicIpOnLaunch).toBe(false);
    }
  });

  test('the CIDR block is configurable', () => {
    const { template } = synth({ cidr: '172.20.0.0/20' });
    template.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '172.20.0.0/20' });
  });

  test('flow logs record all traffic into a log group kept one year and retained on delete', () => {
    const { template, network } = synth();

    template.hasResourceProperties('AWS::EC2::FlowLog', {
      ResourceType: 'VPC',
      TrafficType: 'ALL',
      LogDestinationType: 'cloud-watch-logs',
      LogGroupName: { Ref: Match.stringLikeRegexp('NetworkFlowLogGroup') },
    });
    template.hasResource('AWS::Logs::LogGroup', {
      Properties: { RetentionInDays: 365 },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    expect(network.flowLog).toBeDefined();
    expect(network.flowLogGroup).toBeDefined();
  });

  test('flow log retention and encryption key are configurable', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack');
    const key = new kms.Key(stack, 'Key');
    new ShopNetwork(stack, 'Network', {
      flowLogRetention: logs.RetentionDays.ONE_MONTH,
      flowLogEncryptionKey: key,
    });
    Template.fromStack(stack).hasResourceProperties('AWS::Logs::LogGroup', {
      RetentionInDays: 30,
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('Key'), 'Arn'] },
    });
    // with a customer key, the encryption finding is not acknowledged
    expect(acknowledgements(app).map((a) => a.rule)).not.toContain(
      'NIST.800.53.R5-CloudWatchLogGroupEncrypted',
    );
  });

  test('flow logs can be turned off', () => {
    const { template, network } = synth({ flowLogs: false });
    template.resourceCountIs('AWS::EC2::FlowLog', 0);
    template.resourceCountIs('AWS::Logs::LogGroup', 0);
    expect(network.flowLog).toBeUndefined();
  });

  test('an S3 gateway endpoint serves every route table', () => {
    const { template } = synth();
    const endpoint = template.findResources('AWS::EC2::VPCEndpoint');
    expect(Object.keys(endpoint)).toHaveLength(1);
    const props = (Object.values(endpoint)[0] as any).Properties;
    expect(props.VpcEndpointType).toBe('Gateway');
    expect(JSON.stringify(props.ServiceName)).toContain('.s3');
    // 2 public + 2 application + 2 data subnets, one route table each
    expect(props.RouteTableIds).toHaveLength(6);
  });

  test('the default security group is stripped of its rules', () => {
    const { template } = synth();
    template.resourceCountIs('Custom::VpcRestrictDefaultSG', 1);
  });
});

describe('ShopNetwork NAT instances', () => {
  test('NAT instances replace gateways: Graviton nano, IMDSv2, encrypted gp3, reachable from the VPC only', () => {
    const { template, network } = synth({ natType: NatType.INSTANCE });

    template.resourceCountIs('AWS::EC2::NatGateway', 0);
    template.resourceCountIs('AWS::EC2::Instance', 1);
    template.hasResourceProperties('AWS::EC2::Instance', {
      InstanceType: 't4g.nano',
      SourceDestCheck: false,
      MetadataOptions: { HttpTokens: 'required' },
      BlockDeviceMappings: [
        { DeviceName: '/dev/xvda', Ebs: { Encrypted: true, VolumeType: 'gp3', DeleteOnTermination: true } },
      ],
    });
    const groups = template.findResources('AWS::EC2::SecurityGroup', {
      Properties: { GroupDescription: 'Security Group for NAT instances' },
    });
    const natGroup = Object.values(groups)[0] as any;
    expect(natGroup.Properties.SecurityGroupIngress).toEqual([
      { CidrIp: '10.0.0.0/16', Description: 'Traffic from the VPC to the internet', IpProtocol: '-1' },
    ]);
    // private subnets route to the instance
    template.hasResourceProperties('AWS::EC2::Route', {
      DestinationCidrBlock: '0.0.0.0/0',
      InstanceId: { Ref: Match.stringLikeRegexp('NatInstance') },
    });
    expect(network.natInstances).toHaveLength(1);
  });

  test('the NAT instance type is configurable', () => {
    const { template } = synth({
      natType: NatType.INSTANCE,
      natInstanceType: ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.MICRO),
    });
    template.hasResourceProperties('AWS::EC2::Instance', { InstanceType: 't4g.micro' });
  });
});

describe('ShopNetwork with a given VPC', () => {
  test('uses the VPC as it is and creates nothing', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack');
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Existing', {
      vpcId: 'vpc-12345678',
      availabilityZones: ['us-east-1a', 'us-east-1b'],
      publicSubnetIds: ['subnet-1', 'subnet-2'],
      isolatedSubnetIds: ['subnet-3', 'subnet-4'],
    });
    const network = new ShopNetwork(stack, 'Network', { vpc });

    expect(network.vpc).toBe(vpc);
    expect(network.profile).toBeUndefined();
    expect(network.flowLog).toBeUndefined();
    expect(network.s3Endpoint).toBeUndefined();
    expect(Object.keys(Template.fromStack(stack).toJSON().Resources ?? {})).toEqual([]);
    expect(network.applicationSubnets).toEqual({ subnetType: ec2.SubnetType.PUBLIC });
    expect(network.dataSubnets).toEqual({ subnetType: ec2.SubnetType.PRIVATE_ISOLATED });
  });
});

describe('ShopNetwork passes cdk-nag', () => {
  test.each([
    ['TWO_AZ_SINGLE_NAT', { profile: NetworkProfile.TWO_AZ_SINGLE_NAT }],
    ['SINGLE_PUBLIC_SUBNET', { profile: NetworkProfile.SINGLE_PUBLIC_SUBNET }],
    ['THREE_AZ_NAT_PER_AZ', { profile: NetworkProfile.THREE_AZ_NAT_PER_AZ }],
    ['NAT instances', { natType: NatType.INSTANCE }],
  ])('AwsSolutions and NIST 800-53 R5 with %s', (_name, props) => {
    const { app } = synth(props as ShopNetworkProps);
    expectNagClean(app);
  });

  test('acknowledges exactly the findings it explains', () => {
    const { app } = synth({ natType: NatType.INSTANCE });
    const rules = [...new Set(acknowledgements(app).map((a) => a.rule))].sort();
    expect(rules).toEqual([
      'AwsSolutions-EC28',
      'AwsSolutions-EC29',
      'NIST.800.53.R5-CloudWatchLogGroupEncrypted',
      'NIST.800.53.R5-EC2InstanceNoPublicIp',
      'NIST.800.53.R5-EC2InstancesInVPC',
      'NIST.800.53.R5-EC2RestrictedCommonPorts',
      'NIST.800.53.R5-IAMNoInlinePolicy',
      'NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW',
      'guard:cloudwatch_log_group_encrypted_check',
      'guard:ec2_instance_detailed_monitoring_enabled_check',
      'guard:ec2_instance_nitro_encryption_in_transit_check',
      'guard:ec2_instance_no_public_ip_check',
      'guard:lambda_inside_vpc_check',
    ]);
  });

  test('cfn-guard acknowledgements are recorded on the resources they concern, where the plugin route reads them', () => {
    const { network, template } = synth({ natType: NatType.INSTANCE });
    expect(guardAcknowledgements(network.flowLogGroup!)).toEqual(['cloudwatch_log_group_encrypted_check']);
    expect(guardAcknowledgements(network.natInstances[0])).toEqual([
      'ec2_instance_detailed_monitoring_enabled_check',
      'ec2_instance_nitro_encryption_in_transit_check',
      'ec2_instance_no_public_ip_check',
    ]);
    expect(Object.values(template.toJSON().Resources).filter((r: any) => r.Metadata?.guard)).toEqual([]);
  });
});

describe('ShopNetwork rejects bad input at synth', () => {
  const existing = (stack: Stack) =>
    ec2.Vpc.fromVpcAttributes(stack, 'Existing', { vpcId: 'vpc-1', availabilityZones: ['a'] });

  test.each<[string, (stack: Stack) => ShopNetworkProps, RegExp]>([
    [
      'a VPC and a profile',
      (s) => ({ vpc: existing(s), profile: NetworkProfile.SINGLE_PUBLIC_SUBNET }),
      /invalid 'profile': 'vpc' and 'profile' cannot be given together/,
    ],
    ['a VPC and a CIDR', (s) => ({ vpc: existing(s), cidr: '10.1.0.0/16' }), /invalid 'cidr'.*Remove 'cidr'/],
    ['a VPC and flowLogs', (s) => ({ vpc: existing(s), flowLogs: true }), /invalid 'flowLogs'/],
    ['a CIDR that is not one', () => ({ cidr: 'banana' }), /invalid 'cidr': 'banana' is not an IPv4 CIDR/],
    ['a CIDR octet above 255', () => ({ cidr: '10.0.300.0/16' }), /invalid 'cidr'.*octet above 255/],
    [
      'a CIDR with host bits set',
      () => ({ cidr: '10.0.1.0/16' }),
      /invalid 'cidr'.*host bits set \(the network address is 10\.0\.0\.0\/16\)/,
    ],
    [
      'a CIDR larger than /16',
      () => ({ cidr: '10.0.0.0/8' }),
      /invalid 'cidr'.*between \/16 and \/28, not \/8/,
    ],
    ['a CIDR smaller than /28', () => ({ cidr: '10.0.0.0/30' }), /invalid 'cidr'.*not \/30/],
    [
      'a CIDR too small for the profile',
      () => ({ cidr: '10.0.0.0/26', profile: NetworkProfile.THREE_AZ_NAT_PER_AZ }),
      /invalid 'cidr'.*\/26 is too small for the 9 subnets.*Give a block of \/24 or larger/,
    ],
    [
      'a CIDR token',
      () => ({ cidr: Fn.importValue('Cidr') }),
      /invalid 'cidr': is a token .*Give a literal: a CIDR block/,
    ],
    [
      'zones that do not match the profile',
      () => ({ availabilityZones: ['us-east-1a'], profile: NetworkProfile.TWO_AZ_SINGLE_NAT }),
      /invalid 'availabilityZones': 1 zones given, but profile TWO_AZ_SINGLE_NAT spans 2/,
    ],
    [
      'a NAT type for a profile without NAT',
      () => ({ profile: NetworkProfile.SINGLE_PUBLIC_SUBNET, natType: NatType.INSTANCE }),
      /invalid 'natType': profile SINGLE_PUBLIC_SUBNET has no NAT/,
    ],
    [
      'a NAT instance type with NAT gateways',
      () => ({ natInstanceType: new ec2.InstanceType('t4g.micro') }),
      /invalid 'natInstanceType': it applies to NAT instances only/,
    ],
    [
      'a flow log retention with flow logs off',
      () => ({ flowLogs: false, flowLogRetention: logs.RetentionDays.ONE_WEEK }),
      /invalid 'flowLogRetention'.*turned off by flowLogs: false/,
    ],
  ])('%s', (_name, props, message) => {
    const stack = new Stack(new App(), 'Stack');
    expect(() => new ShopNetwork(stack, 'Network', props(stack))).toThrow(message);
  });

  test('a profile with more zones than the region has', () => {
    const app = new App({
      context: { 'availability-zones:account=111111111111:region=us-west-1': ['us-west-1a', 'us-west-1c'] },
    });
    const stack = new Stack(app, 'Stack', { env: { account: '111111111111', region: 'us-west-1' } });
    expect(() => new ShopNetwork(stack, 'Network', { profile: NetworkProfile.THREE_AZ_NAT_PER_AZ })).toThrow(
      /invalid 'profile': profile THREE_AZ_NAT_PER_AZ spans 3 availability zones, but region us-west-1 has 2/,
    );
  });

  test.each([
    [{ availabilityZones: 0, natGateways: 0 }, /invalid 'availabilityZones': 0/],
    [{ availabilityZones: 7, natGateways: 1 }, /invalid 'availabilityZones': 7/],
    [{ availabilityZones: 1.5, natGateways: 1 }, /invalid 'availabilityZones': 1.5/],
    [
      { availabilityZones: 2, natGateways: 3 },
      /invalid 'natGateways': 3.*from 0 to 'availabilityZones' \(2\)/,
    ],
    [{ availabilityZones: 2, natGateways: -1 }, /invalid 'natGateways': -1/],
  ])('NetworkProfile.custom(%j)', (options, message) => {
    expect(() => NetworkProfile.custom(options)).toThrow(message);
  });
});
