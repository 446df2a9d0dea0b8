import { Stack, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { NatType } from './nat-type';
import { NetworkProfile } from './network-profile';
import type { ShopNetworkProps } from './shop-network';
import { parseIpv4Cidr } from '../private/cidr';
import { invalidProp, requireLiteral } from '../private/errors';

/** The most availability zones a profile may span. */
const MAX_ZONES = 6;

/** The props that shape a new VPC and make no sense with a given one. */
const NEW_VPC_PROPS: (keyof ShopNetworkProps)[] = [
  'profile',
  'cidr',
  'availabilityZones',
  'natType',
  'natInstanceType',
  'flowLogs',
  'flowLogRetention',
  'flowLogEncryptionKey',
];

export function rejectWithVpc(scope: Construct, props: ShopNetworkProps): void {
  const clash = NEW_VPC_PROPS.find((name) => props[name] !== undefined);
  if (clash) {
    throw invalidProp(
      scope,
      clash,
      `'vpc' and '${clash}' cannot be given together: '${clash}' shapes a new VPC, and 'vpc' is used as it is`,
      `Remove '${clash}', or remove 'vpc' to let ShopNetwork create the VPC.`,
    );
  }
}

export function validateCidr(scope: Construct, cidr: string, profile: NetworkProfile): void {
  requireLiteral(scope, 'cidr', cidr, 'a CIDR block such as 10.0.0.0/16');
  const parsed = parseIpv4Cidr(cidr);
  if ('problem' in parsed) {
    throw invalidProp(scope, 'cidr', parsed.problem, 'Give a block such as 10.0.0.0/16.');
  }
  if (parsed.prefix < 16 || parsed.prefix > 28) {
    throw invalidProp(
      scope,
      'cidr',
      `a VPC block must be between /16 and /28, not /${parsed.prefix}`,
      'Give a block such as 10.0.0.0/16.',
    );
  }
  // Every subnet needs at least a /28 (16 addresses) and subnets are powers of two.
  const bitsForSubnets = Math.ceil(Math.log2(profile.subnetCount));
  if (parsed.prefix + bitsForSubnets > 28) {
    throw invalidProp(
      scope,
      'cidr',
      `/${parsed.prefix} is too small for the ${profile.subnetCount} subnets of profile ${profile.name}`,
      `Give a block of /${28 - bitsForSubnets} or larger.`,
    );
  }
}

export function validateNat(scope: Construct, props: ShopNetworkProps, profile: NetworkProfile): NatType {
  if (profile.natGateways === 0 && props.natType !== undefined) {
    throw invalidProp(
      scope,
      'natType',
      `profile ${profile.name} has no NAT`,
      'Remove natType, or choose a profile with NATs such as NetworkProfile.TWO_AZ_SINGLE_NAT.',
    );
  }
  const natType = props.natType ?? NatType.GATEWAY;
  if (props.natInstanceType) {
    const name = props.natInstanceType.toString();
    requireLiteral(
      scope,
      'natInstanceType',
      name,
      "an EC2 instance type such as new ec2.InstanceType('t4g.nano')",
    );
    if (!/^[a-z][a-z0-9-]*\.[a-z0-9]+$/.test(name)) {
      throw invalidProp(
        scope,
        'natInstanceType',
        `'${name}' is not an EC2 instance type of the form <family>.<size>`,
        "Give a type such as new ec2.InstanceType('t4g.nano').",
      );
    }
  }
  if (props.natInstanceType && natType !== NatType.INSTANCE) {
    throw invalidProp(
      scope,
      'natInstanceType',
      'it applies to NAT instances only',
      'Set natType: NatType.INSTANCE, or remove natInstanceType.',
    );
  }
  return natType;
}

/**
 * Checks a profile's fields, which a subclass may set to anything: whole numbers in range, and
 * getters that agree with the fields the VPC is built from.
 */
export function validateProfile(scope: Construct, profile: NetworkProfile): void {
  const azs = profile.availabilityZones;
  const nats = profile.natGateways;
  requireLiteral(scope, 'profile', azs, 'a profile with a whole number of availability zones');
  requireLiteral(scope, 'profile', nats, 'a profile with a whole number of NATs');
  if (!Number.isInteger(azs) || azs < 1 || azs > MAX_ZONES) {
    throw invalidProp(
      scope,
      'profile',
      `${profile.name} spans ${azs} availability zones, not a whole number from 1 to ${MAX_ZONES}`,
      'Use a preset or NetworkProfile.custom(), which checks its options.',
    );
  }
  if (!Number.isInteger(nats) || nats < 0 || nats > azs) {
    throw invalidProp(
      scope,
      'profile',
      `${profile.name} has ${nats} NATs for ${azs} zones; give 0 to ${azs}, more would sit idle`,
      'Use a preset or NetworkProfile.custom(), which checks its options.',
    );
  }
  if (profile.privateSubnets !== nats > 0) {
    throw invalidProp(
      scope,
      'profile',
      `${profile.name} says privateSubnets is ${profile.privateSubnets} with ${nats} NATs, and ShopNetwork makes private subnets exactly when there are NATs`,
      'Do not override privateSubnets: set natGateways instead.',
    );
  }
  const tiers = 1 + (nats > 0 ? 1 : 0) + (profile.isolatedSubnets ? 1 : 0);
  if (profile.subnetCount !== tiers * azs) {
    throw invalidProp(
      scope,
      'profile',
      `${profile.name} says subnetCount is ${profile.subnetCount}, and its tiers make ${tiers * azs} subnets`,
      'Do not override subnetCount: it follows from availabilityZones, natGateways and isolatedSubnets.',
    );
  }
}

/** Availability zone names such as `us-east-1a` or the Local Zone `us-west-2-lax-1a`. */
const ZONE_NAME = /^[a-z]{2}(-[a-z0-9]+)+[a-z]$/;
/** Zone IDs such as `use1-az1`, which are not zone names. */
const ZONE_ID = /^[a-z]{2,4}\d-az\d+$/;

export function validateZones(scope: Construct, zones: string[]): void {
  const region = Stack.of(scope).region;
  const seen = new Set<string>();
  for (const zone of zones) {
    if (Token.isUnresolved(zone)) continue;
    if (ZONE_ID.test(zone)) {
      throw invalidProp(
        scope,
        'availabilityZones',
        `'${zone}' is a zone ID, and a VPC's subnets take zone names`,
        "Give zone names such as 'us-east-1a' (aws ec2 describe-availability-zones maps IDs to names).",
      );
    }
    if (!ZONE_NAME.test(zone)) {
      throw invalidProp(
        scope,
        'availabilityZones',
        `'${zone}' is not an availability zone name`,
        "Give zone names such as 'us-east-1a' and 'us-east-1b'.",
      );
    }
    if (!Token.isUnresolved(region) && !zone.startsWith(`${region}`)) {
      throw invalidProp(
        scope,
        'availabilityZones',
        `'${zone}' is not a zone of ${region}, the stack's region`,
        `Give zones of ${region}, such as '${region}a'.`,
      );
    }
    if (seen.has(zone)) {
      throw invalidProp(
        scope,
        'availabilityZones',
        `'${zone}' is given twice, so subnets meant for two zones would land in one and a zone failure would take them all`,
        'Give each zone once.',
      );
    }
    seen.add(zone);
  }
}
