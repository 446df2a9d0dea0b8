import { Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';
import { withPropContext } from './errors';

/** Where data stores go by default: the isolated subnets, else the private ones. */
export function dataSubnets(vpc: ec2.IVpc): ec2.SubnetSelection {
  if (vpc.isolatedSubnets.length > 0) return { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };
  return { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };
}

/**
 * How many availability zones a subnet selection spans; 0 when the selection is empty or the
 * VPC has no subnets of that type. Zones chosen at deploy time (`Fn::GetAZs`) count as distinct
 * by index.
 */
export function zoneCount(vpc: ec2.IVpc, selection: ec2.SubnetSelection | undefined): number {
  let subnets: ec2.ISubnet[];
  try {
    subnets = vpc.selectSubnets(selection ?? dataSubnets(vpc)).subnets;
  } catch {
    return 0;
  }
  const zones = subnets.map((s) => s.availabilityZone);
  return new Set(zones.map((z) => (Token.isUnresolved(z) ? JSON.stringify(z) : z))).size;
}

/**
 * Rejects a given subnet selection the VPC cannot satisfy (a group name or type it does not have),
 * with the error of aws-cdk-lib in the library's format.
 */
export function checkSubnetSelection(
  scope: IConstruct,
  vpc: ec2.IVpc,
  selection: ec2.SubnetSelection | undefined,
): void {
  if (!selection) return;
  withPropContext(
    scope,
    'vpcSubnets',
    'Select subnets the VPC has, e.g. { subnetType: ec2.SubnetType.PRIVATE_ISOLATED }.',
    () => vpc.selectSubnets(selection),
  );
}
