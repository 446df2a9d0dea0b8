import { Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { NatType, NetworkProfile, ShopNetwork } from '../src';

/** The network of a highly available shop: two zones, one NAT gateway. */
export class HaNetworkStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    new ShopNetwork(this, 'Network', { profile: NetworkProfile.TWO_AZ_SINGLE_NAT });
  }
}

/** The cheapest network that still has private subnets: a NAT instance instead of a gateway. */
export class BudgetNetworkStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    new ShopNetwork(this, 'Network', {
      profile: NetworkProfile.TWO_AZ_SINGLE_NAT,
      natType: NatType.INSTANCE,
    });
  }
}

/** The network of a single-host shop: one public subnet, nothing else to pay for. */
export class SingleHostNetworkStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    new ShopNetwork(this, 'Network', { profile: NetworkProfile.SINGLE_PUBLIC_SUBNET });
  }
}
