import { App, CfnParameter, Stack, StackProps } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import { NatType, NetworkProfile, ShopNetwork, ShopNetworkProps } from '../../src';

/** A profile subclass, as a user may write one: its fields bypass NetworkProfile.custom's checks. */
class OwnProfile extends NetworkProfile {
  constructor(azs: number, nats: number, isolated = true) {
    super('OWN', azs, nats, isolated);
  }
}

class NoPrivateSubnets extends OwnProfile {
  public get privateSubnets(): boolean {
    return false;
  }
}

class FewerSubnets extends OwnProfile {
  public get subnetCount(): number {
    return 2;
  }
}

const EU_WEST_1: StackProps = { env: { account: '111111111111', region: 'eu-west-1' } };
const keyIn = (stack: Stack, region: string) =>
  kms.Key.fromKeyArn(
    stack,
    'Key',
    `arn:aws:kms:${region}:111111111111:key/11111111-2222-3333-4444-555555555555`,
  );
const parameter = (stack: Stack, type = 'String') => new CfnParameter(stack, 'Parameter', { type });

function newNetwork(props: (stack: Stack) => ShopNetworkProps, stackProps: StackProps = {}) {
  const stack = new Stack(new App(), 'Stack', stackProps);
  const network = new ShopNetwork(stack, 'Network', props(stack));
  return { stack, network };
}

describe('ShopNetwork rejects bad input with the construct path, the prop and the fix', () => {
  test.each<[string, (stack: Stack) => ShopNetworkProps, RegExp, StackProps]>([
    [
      'the same availability zone twice',
      () => ({ availabilityZones: ['us-east-1a', 'us-east-1a'] }),
      /^Stack\/Network: invalid 'availabilityZones': 'us-east-1a' is given twice, so subnets meant for two zones would land in one.*Give each zone once\.$/,
      {},
    ],
    [
      'the same zone twice among three',
      () => ({
        availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1b'],
        profile: NetworkProfile.THREE_AZ_NAT_PER_AZ,
      }),
      /^Stack\/Network: invalid 'availabilityZones': 'eu-west-1b' is given twice/,
      EU_WEST_1,
    ],
    [
      'a zone ID instead of a zone name',
      () => ({ availabilityZones: ['use1-az1', 'use1-az2'] }),
      /^Stack\/Network: invalid 'availabilityZones': 'use1-az1' is a zone ID.*Give zone names such as 'us-east-1a'/,
      {},
    ],
    [
      'an upper-case zone name',
      () => ({ availabilityZones: ['US-EAST-1A', 'us-east-1b'] }),
      /^Stack\/Network: invalid 'availabilityZones': 'US-EAST-1A' is not an availability zone name/,
      {},
    ],
    [
      'an empty zone name',
      () => ({ availabilityZones: ['', 'us-east-1b'] }),
      /^Stack\/Network: invalid 'availabilityZones': '' is not an availability zone name/,
      {},
    ],
    [
      'a zone of another region than the stack',
      () => ({ availabilityZones: ['us-east-1a', 'us-east-1b'] }),
      /^Stack\/Network: invalid 'availabilityZones': 'us-east-1a' is not a zone of eu-west-1, the stack's region\. Give zones of eu-west-1, such as 'eu-west-1a'\.$/,
      EU_WEST_1,
    ],
    [
      'a NAT instance type from a parameter',
      (s) => ({
        natType: NatType.INSTANCE,
        natInstanceType: new ec2.InstanceType(parameter(s).valueAsString),
      }),
      /^Stack\/Network: invalid 'natInstanceType': is a token .*Give a literal: an EC2 instance type/,
      {},
    ],
    [
      'a NAT instance type with a db. prefix',
      () => ({ natType: NatType.INSTANCE, natInstanceType: new ec2.InstanceType('db.t4g.nano') }),
      /^Stack\/Network: invalid 'natInstanceType': 'db\.t4g\.nano' is not an EC2 instance type of the form <family>\.<size>/,
      {},
    ],
    [
      'a flow log key from another region',
      (s) => ({ flowLogEncryptionKey: keyIn(s, 'us-east-1') }),
      /^Stack\/Network: invalid 'flowLogEncryptionKey': the key is in us-east-1 and this stack in eu-west-1, and a KMS key can only be used in its own region\. Give a key from eu-west-1/,
      EU_WEST_1,
    ],
    [
      'a profile subclass with more NATs than zones',
      () => ({ profile: new OwnProfile(2, 3) }),
      /^Stack\/Network: invalid 'profile': OWN has 3 NATs for 2 zones; give 0 to 2/,
      {},
    ],
    [
      'a profile subclass with half a zone',
      () => ({ profile: new OwnProfile(1.5, 0) }),
      /^Stack\/Network: invalid 'profile': OWN spans 1\.5 availability zones, not a whole number from 1 to 6/,
      {},
    ],
    [
      'a profile subclass with seven zones',
      () => ({ profile: new OwnProfile(7, 1) }),
      /^Stack\/Network: invalid 'profile': OWN spans 7 availability zones/,
      {},
    ],
    [
      'a profile subclass whose privateSubnets contradicts its NATs',
      () => ({ profile: new NoPrivateSubnets(2, 1) }),
      /^Stack\/Network: invalid 'profile': OWN says privateSubnets is false with 1 NATs.*Do not override privateSubnets/,
      {},
    ],
    [
      'a profile subclass whose subnetCount contradicts its tiers',
      () => ({ profile: new FewerSubnets(2, 1) }),
      /^Stack\/Network: invalid 'profile': OWN says subnetCount is 2, and its tiers make 6 subnets/,
      {},
    ],
    [
      'a profile subclass with zones from a parameter',
      (s) => ({ profile: new OwnProfile(parameter(s, 'Number').valueAsNumber, 0) }),
      /^Stack\/Network: invalid 'profile': is a token .*Give a literal: a profile with a whole number of availability zones/,
      {},
    ],
  ])('%s', (_name, props, message, stackProps) => {
    expect(() => newNetwork(props, stackProps)).toThrow(message);
  });

  test.each<[string, 'availabilityZones' | 'natGateways']>([
    ['zones', 'availabilityZones'],
    ['NATs', 'natGateways'],
  ])(
    'NetworkProfile.custom with %s from a parameter says it is a token, not its encoded value',
    (_name, prop) => {
      const stack = new Stack(new App(), 'Stack');
      const options = {
        availabilityZones: 2,
        natGateways: 1,
        [prop]: parameter(stack, 'Number').valueAsNumber,
      };
      expect(() => NetworkProfile.custom(options)).toThrow(
        new RegExp(`^NetworkProfile.custom: invalid '${prop}': is a token .*Give a literal`),
      );
      expect(() => NetworkProfile.custom(options)).not.toThrow(/e\+289/);
    },
  );
});

describe('ShopNetwork accepts near-edge good input', () => {
  test('a Local Zone name beside a regional one', () => {
    const { stack } = newNetwork(() => ({ availabilityZones: ['us-west-2-lax-1a', 'us-west-2a'] }));
    const zones = Object.values(Template.fromStack(stack).findResources('AWS::EC2::Subnet')).map(
      (s: any) => s.Properties.AvailabilityZone,
    );
    expect(new Set(zones)).toEqual(new Set(['us-west-2-lax-1a', 'us-west-2a']));
  });

  test('six zones, the most a profile may span, each given once', () => {
    const zones = ['a', 'b', 'c', 'd', 'e', 'f'].map((z) => `us-east-1${z}`);
    const { stack } = newNetwork(() => ({
      profile: NetworkProfile.custom({ availabilityZones: 6, natGateways: 1 }),
      availabilityZones: zones,
    }));
    Template.fromStack(stack).resourceCountIs('AWS::EC2::Subnet', 18);
  });

  test('a consistent profile subclass', () => {
    const { network } = newNetwork(() => ({ profile: new OwnProfile(3, 1, false) }));
    expect(network.vpc.privateSubnets).toHaveLength(3);
    expect(network.vpc.isolatedSubnets).toHaveLength(0);
  });

  test('a flow log key of the stack region', () => {
    const { stack } = newNetwork((s) => ({ flowLogEncryptionKey: keyIn(s, 'eu-west-1') }), EU_WEST_1);
    Template.fromStack(stack).hasResourceProperties('AWS::Logs::LogGroup', {
      KmsKeyId: Match.stringLikeRegexp('^arn:aws:kms:eu-west-1:'),
    });
  });

  test('a flow log key of a known region in an environment-agnostic stack, with a warning', () => {
    const { stack } = newNetwork((s) => ({ flowLogEncryptionKey: keyIn(s, 'us-east-1') }));
    Annotations.fromStack(stack).hasWarning(
      '/Stack/Network',
      Match.stringLikeRegexp("'flowLogEncryptionKey' is a key in us-east-1.*deploys only to us-east-1"),
    );
  });
});
