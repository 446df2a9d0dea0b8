/**
 * How private subnets reach the internet.
 */
export enum NatType {
  /**
   * Managed NAT gateways: highly available within a zone, no host to patch.
   * About $33 a month each plus data processing.
   */
  GATEWAY = 'GATEWAY',

  /**
   * NAT instances (Amazon Linux 2023, `NatProvider.instanceV2`): a few dollars a month,
   * but a single instance per zone that you accept may fail.
   */
  INSTANCE = 'INSTANCE',
}
