import { Token } from 'aws-cdk-lib';

/**
 * Properties of a custom network profile.
 */
export interface NetworkProfileOptions {
  /**
   * How many availability zones the VPC spans (1 to 6).
   */
  readonly availabilityZones: number;

  /**
   * How many NAT gateways or NAT instances to run (0 to `availabilityZones`).
   *
   * With 0 there are no private subnets with egress: workloads run in public
   * subnets or in isolated subnets without internet access.
   */
  readonly natGateways: number;

  /**
   * Add isolated subnets (no route to the internet) for databases and caches.
   *
   * @default true
   */
  readonly isolatedSubnets?: boolean;
}

/**
 * The shape of a shop's VPC: how many availability zones, which subnet tiers, how many NATs.
 *
 * Pick one of the presets, or `NetworkProfile.custom()`.
 */
export class NetworkProfile {
  /**
   * One availability zone, one public subnet, no NAT: the cheapest network, for a single host.
   */
  public static readonly SINGLE_PUBLIC_SUBNET = new NetworkProfile('SINGLE_PUBLIC_SUBNET', 1, 0, false);

  /**
   * Two availability zones with public, private (application) and isolated (data) subnets,
   * and one NAT shared by both zones: highly available compute, one NAT to pay for.
   */
  public static readonly TWO_AZ_SINGLE_NAT = new NetworkProfile('TWO_AZ_SINGLE_NAT', 2, 1, true);

  /**
   * Three availability zones with public, private and isolated subnets and a NAT in every zone:
   * no zone depends on another for egress.
   */
  public static readonly THREE_AZ_NAT_PER_AZ = new NetworkProfile('THREE_AZ_NAT_PER_AZ', 3, 3, true);

  /**
   * A profile of your own.
   *
   * @example
   * const profile = NetworkProfile.custom({ availabilityZones: 3, natGateways: 1 });
   */
  public static custom(options: NetworkProfileOptions): NetworkProfile {
    const { availabilityZones: azs, natGateways: nats } = options;
    for (const [prop, value] of [
      ['availabilityZones', azs],
      ['natGateways', nats],
    ] as const) {
      if (Token.isUnresolved(value)) {
        throw new Error(
          `NetworkProfile.custom: invalid '${prop}': is a token (a parameter or a deploy-time value). Give a literal: a whole number; the subnets are laid out at synth time.`,
        );
      }
    }
    if (!Number.isInteger(azs) || azs < 1 || azs > 6) {
      throw new Error(
        `NetworkProfile.custom: invalid 'availabilityZones': ${azs}. Give a whole number from 1 to 6.`,
      );
    }
    if (!Number.isInteger(nats) || nats < 0 || nats > azs) {
      throw new Error(
        `NetworkProfile.custom: invalid 'natGateways': ${nats}. Give a whole number from 0 to 'availabilityZones' (${azs}); more NATs than zones would sit idle.`,
      );
    }
    return new NetworkProfile(`CUSTOM_${azs}AZ_${nats}NAT`, azs, nats, options.isolatedSubnets ?? true);
  }

  /**
   * @param name a name for the profile, shown in errors and outputs
   * @param availabilityZones how many availability zones the VPC spans
   * @param natGateways how many NATs; with more than 0 the VPC has private subnets with egress
   * @param isolatedSubnets whether the VPC has isolated subnets for data stores
   */
  protected constructor(
    public readonly name: string,
    public readonly availabilityZones: number,
    public readonly natGateways: number,
    public readonly isolatedSubnets: boolean,
  ) {}

  /**
   * Whether the VPC has private subnets with a route to the internet through a NAT.
   */
  public get privateSubnets(): boolean {
    return this.natGateways > 0;
  }

  /**
   * How many subnets the profile creates.
   */
  public get subnetCount(): number {
    const tiers = 1 + (this.privateSubnets ? 1 : 0) + (this.isolatedSubnets ? 1 : 0);
    return tiers * this.availabilityZones;
  }
}
