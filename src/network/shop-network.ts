import { Fn, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { NatType } from './nat-type';
import { NetworkProfile } from './network-profile';
import {
  rejectWithVpc,
  validateCidr,
  validateNat,
  validateProfile,
  validateZones,
} from './network-validation';
import { acknowledge } from '../private/acknowledge';
import { checkKeyRegion } from '../private/checks';
import { invalidProp } from '../private/errors';
import { acknowledgeStackHelpers } from '../private/stack-acknowledgements';
import { dataSubnets } from '../private/subnets';

/**
 * Properties of a `ShopNetwork`.
 */
export interface ShopNetworkProps {
  /**
   * Use this existing VPC instead of creating one.
   *
   * The VPC is used as it is: no flow log, endpoint or NAT is added to it, and none of the
   * props that shape a new VPC may be given with it.
   *
   * @default - a new VPC is created from `profile`
   */
  readonly vpc?: ec2.IVpc;

  /**
   * The shape of the new VPC.
   *
   * @default NetworkProfile.TWO_AZ_SINGLE_NAT
   */
  readonly profile?: NetworkProfile;

  /**
   * The IPv4 CIDR block of the new VPC, between /16 and /28 and large enough for the
   * profile's subnets.
   *
   * @default '10.0.0.0/16'
   */
  readonly cidr?: string;

  /**
   * The availability zones to use, as many as the profile has.
   *
   * @default - the first zones of the stack's region; for an environment-agnostic stack,
   * the first zones returned by `Fn::GetAZs` at deploy time
   */
  readonly availabilityZones?: string[];

  /**
   * How private subnets reach the internet. Only for profiles with NATs.
   *
   * @default NatType.GATEWAY
   */
  readonly natType?: NatType;

  /**
   * The instance type of NAT instances. Only with `natType: NatType.INSTANCE`.
   *
   * @default - t4g.nano (Graviton)
   */
  readonly natInstanceType?: ec2.InstanceType;

  /**
   * Record the VPC's traffic in VPC flow logs sent to CloudWatch Logs.
   *
   * @default true
   */
  readonly flowLogs?: boolean;

  /**
   * How long flow log records are kept.
   *
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly flowLogRetention?: logs.RetentionDays;

  /**
   * A KMS key that encrypts the flow log group.
   *
   * @default - CloudWatch Logs' own encryption at rest (no customer-managed key)
   */
  readonly flowLogEncryptionKey?: kms.IKey;
}

/**
 * The network of a shop: a VPC shaped by a `NetworkProfile`, or one you bring.
 *
 * A new VPC gets VPC flow logs, an S3 gateway endpoint (free, keeps backup traffic off the
 * NAT), a default security group that allows nothing, and public subnets that do not
 * auto-assign public IPs.
 *
 * @example
 * const network = new ShopNetwork(this, 'Network', {
 *   profile: NetworkProfile.TWO_AZ_SINGLE_NAT,
 *   natType: NatType.INSTANCE,
 * });
 */
export class ShopNetwork extends Construct {
  /**
   * The VPC, created or given.
   */
  public readonly vpc: ec2.IVpc;

  /**
   * The profile the VPC was created from; undefined for a given VPC.
   */
  public readonly profile?: NetworkProfile;

  /**
   * The flow log; undefined for a given VPC or with `flowLogs: false`.
   */
  public readonly flowLog?: ec2.FlowLog;

  /**
   * The log group that receives the flow log; undefined when there is no flow log.
   */
  public readonly flowLogGroup?: logs.LogGroup;

  /**
   * The S3 gateway endpoint; undefined for a given VPC.
   */
  public readonly s3Endpoint?: ec2.GatewayVpcEndpoint;

  /**
   * The NAT instances; empty with NAT gateways or without NAT.
   */
  public readonly natInstances: ec2.Instance[];

  constructor(scope: Construct, id: string, props: ShopNetworkProps = {}) {
    super(scope, id);

    if (props.vpc) {
      rejectWithVpc(this, props);
      this.vpc = props.vpc;
      this.natInstances = [];
      return;
    }

    const profile = props.profile ?? NetworkProfile.TWO_AZ_SINGLE_NAT;
    validateProfile(this, profile);
    this.profile = profile;
    const cidr = props.cidr ?? '10.0.0.0/16';
    validateCidr(this, cidr, profile);
    const natType = validateNat(this, props, profile);
    checkKeyRegion(this, 'flowLogEncryptionKey', props.flowLogEncryptionKey);
    const flowLogs = props.flowLogs ?? true;
    if (!flowLogs && (props.flowLogRetention !== undefined || props.flowLogEncryptionKey)) {
      throw invalidProp(
        this,
        props.flowLogRetention !== undefined ? 'flowLogRetention' : 'flowLogEncryptionKey',
        'it applies to flow logs, which are turned off by flowLogs: false',
        'Remove it, or turn flow logs on.',
      );
    }

    const natProvider =
      natType === NatType.INSTANCE
        ? ec2.NatProvider.instanceV2({
            instanceType: props.natInstanceType ?? new ec2.InstanceType('t4g.nano'),
            defaultAllowedTraffic: ec2.NatTrafficDirection.OUTBOUND_ONLY,
            associatePublicIpAddress: true,
          })
        : undefined;

    const vpc = new ec2.Vpc(this, 'Resource', {
      ipAddresses: ec2.IpAddresses.cidr(cidr),
      availabilityZones: this.zones(profile, props.availabilityZones),
      natGateways: profile.natGateways,
      natGatewayProvider: natProvider,
      subnetConfiguration: subnetConfiguration(profile),
      restrictDefaultSecurityGroup: true,
    });
    this.vpc = vpc;

    this.natInstances = [];
    if (natProvider instanceof ec2.NatInstanceProviderV2) {
      natProvider.connections.allowFrom(
        ec2.Peer.ipv4(cidr),
        ec2.Port.allTraffic(),
        'Traffic from the VPC to the internet',
      );
      for (const instance of natProvider.gatewayInstances) {
        const cfn = instance.node.defaultChild as ec2.CfnInstance;
        cfn.metadataOptions = { httpTokens: 'required' };
        cfn.blockDeviceMappings = [
          { deviceName: '/dev/xvda', ebs: { encrypted: true, volumeType: 'gp3', deleteOnTermination: true } },
        ];
        this.natInstances.push(instance);
      }
      acknowledgeNatInstances(this.natInstances);
      acknowledge(natProvider.securityGroup, {
        id: 'NIST.800.53.R5-EC2RestrictedCommonPorts',
        reason:
          'A NAT forwards every protocol its private subnets use; only the VPC CIDR may reach it, nothing from the internet.',
      });
    }

    for (const subnet of vpc.publicSubnets) {
      acknowledge(subnet, {
        id: 'NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW',
        reason:
          'A public subnet is defined by its route to the internet gateway; it holds only load balancers, NATs or a host that serves the public.',
      });
    }

    this.s3Endpoint = vpc.addGatewayEndpoint('S3Endpoint', { service: ec2.GatewayVpcEndpointAwsService.S3 });

    if (flowLogs) {
      this.flowLogGroup = new logs.LogGroup(this, 'FlowLogGroup', {
        retention: props.flowLogRetention ?? logs.RetentionDays.ONE_YEAR,
        encryptionKey: props.flowLogEncryptionKey,
      });
      this.flowLog = vpc.addFlowLog('FlowLog', {
        destination: ec2.FlowLogDestination.toCloudWatchLogs(this.flowLogGroup),
        trafficType: ec2.FlowLogTrafficType.ALL,
      });
      acknowledge(this.flowLog, {
        id: 'NIST.800.53.R5-IAMNoInlinePolicy',
        reason:
          'aws-cdk-lib grants the flow log role an inline policy scoped to this one log group; a managed policy would add nothing.',
      });
      if (!props.flowLogEncryptionKey) {
        const reason =
          'Flow log records are encrypted at rest by CloudWatch Logs; a customer-managed key ($1/month) is opt-in through flowLogEncryptionKey.';
        acknowledge(
          this.flowLogGroup,
          { id: 'NIST.800.53.R5-CloudWatchLogGroupEncrypted', reason },
          { id: 'guard:cloudwatch_log_group_encrypted_check', reason },
        );
      }
    }
    acknowledgeStackHelpers(this);
  }

  /**
   * Subnets for application workloads: private subnets with egress where the VPC has them,
   * otherwise public subnets.
   */
  public get applicationSubnets(): ec2.SubnetSelection {
    return this.vpc.privateSubnets.length > 0
      ? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }
      : { subnetType: ec2.SubnetType.PUBLIC };
  }

  /**
   * Subnets for databases and caches: isolated subnets where the VPC has them, otherwise
   * private subnets. Throws for a VPC with public subnets only.
   */
  public get dataSubnets(): ec2.SubnetSelection {
    if (this.vpc.isolatedSubnets.length > 0 || this.vpc.privateSubnets.length > 0) {
      return dataSubnets(this.vpc);
    }
    throw invalidProp(
      this,
      this.profile ? 'profile' : 'vpc',
      'the VPC has no isolated or private subnets for data stores',
      this.profile
        ? 'Use a profile with isolated subnets, such as NetworkProfile.TWO_AZ_SINGLE_NAT.'
        : 'Give a VPC with isolated or private subnets, or select subnets for the data store yourself.',
    );
  }

  private zones(profile: NetworkProfile, given: string[] | undefined): string[] {
    const needed = profile.availabilityZones;
    if (given) {
      if (given.length !== needed) {
        throw invalidProp(
          this,
          'availabilityZones',
          `${given.length} zones given, but profile ${profile.name} spans ${needed}`,
          `Give exactly ${needed} zones, or choose another profile.`,
        );
      }
      validateZones(this, given);
      return given;
    }
    const stack = Stack.of(this);
    if (Token.isUnresolved(stack.region)) {
      // Environment-agnostic: zones are chosen at deploy time.
      return Array.from({ length: needed }, (_, i) => Fn.select(i, Fn.getAzs()));
    }
    const regionZones = stack.availabilityZones;
    if (regionZones.length < needed) {
      throw invalidProp(
        this,
        'profile',
        `profile ${profile.name} spans ${needed} availability zones, but region ${stack.region} has ${regionZones.length} (${regionZones.join(', ')})`,
        `Choose a profile with at most ${regionZones.length} zones, or deploy to another region.`,
      );
    }
    return regionZones.slice(0, needed);
  }
}

function subnetConfiguration(profile: NetworkProfile): ec2.SubnetConfiguration[] {
  const subnets: ec2.SubnetConfiguration[] = [
    { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, mapPublicIpOnLaunch: false },
  ];
  if (profile.privateSubnets) {
    subnets.push({ name: 'Application', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS });
  }
  if (profile.isolatedSubnets) {
    subnets.push({ name: 'Data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED });
  }
  return subnets;
}

function acknowledgeNatInstances(instances: ec2.Instance[]): void {
  for (const instance of instances) {
    const publicIp =
      'A NAT instance forwards private subnets to the internet and needs a public IP to do so.';
    const monitoring =
      'NAT instances are chosen to save cost; 5-minute basic monitoring suffices for a forwarder, detailed monitoring would add $2.10/month each.';
    acknowledge(
      instance,
      { id: 'NIST.800.53.R5-EC2InstanceNoPublicIp', reason: publicIp },
      { id: 'guard:ec2_instance_no_public_ip_check', reason: publicIp },
      { id: 'AwsSolutions-EC28', reason: monitoring },
      { id: 'guard:ec2_instance_detailed_monitoring_enabled_check', reason: monitoring },
      {
        id: 'guard:ec2_instance_nitro_encryption_in_transit_check',
        reason:
          "Traffic through the NAT is the workloads' own, TLS-encrypted end to end; instance types with Nitro in-transit encryption start at about $60/month.",
      },
      {
        id: 'NIST.800.53.R5-EC2InstancesInVPC',
        reason:
          'The instance sits in a public subnet of this VPC through its network interface; the rule reads only the top-level SubnetId.',
      },
      {
        id: 'AwsSolutions-EC29',
        reason:
          'A NAT instance holds no data; CloudFormation replaces it on change, and termination protection would block that.',
      },
    );
  }
}
