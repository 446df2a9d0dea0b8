import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, RemovalPolicies, Stack } from 'aws-cdk-lib';
import { NatType, NetworkProfile, ShopNetwork } from '../src';

/*
 * Deploys a two-zone ShopNetwork with a NAT instance (the cheapest shape with private
 * subnets) and checks what EC2 reports about it.
 */
const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
const stack = new Stack(app, 'CdkShopIntegNetwork');
const network = new ShopNetwork(stack, 'Network', {
  profile: NetworkProfile.TWO_AZ_SINGLE_NAT,
  natType: NatType.INSTANCE,
  cidr: '10.42.0.0/16',
});
// Integ stacks leave nothing behind.
RemovalPolicies.of(stack).destroy();

const integ = new IntegTest(app, 'NetworkTest', { testCases: [stack] });

integ.assertions
  .awsApiCall('EC2', 'describeVpcs', { VpcIds: [network.vpc.vpcId] })
  .expect(ExpectedResult.objectLike({ Vpcs: [{ CidrBlock: '10.42.0.0/16', State: 'available' }] }));

integ.assertions
  .awsApiCall('EC2', 'describeFlowLogs', {
    Filter: [{ Name: 'resource-id', Values: [network.vpc.vpcId] }],
  })
  .expect(
    ExpectedResult.objectLike({
      FlowLogs: [{ FlowLogStatus: 'ACTIVE', TrafficType: 'ALL', LogDestinationType: 'cloud-watch-logs' }],
    }),
  );

integ.assertions
  .awsApiCall('EC2', 'describeSubnets', {
    Filters: [{ Name: 'vpc-id', Values: [network.vpc.vpcId] }],
  })
  .assertAtPath('Subnets.5.VpcId', ExpectedResult.stringLikeRegexp('vpc-'));

integ.assertions
  .awsApiCall('EC2', 'describeInstances', {
    Filters: [{ Name: 'vpc-id', Values: [network.vpc.vpcId] }],
  })
  .expect(
    ExpectedResult.objectLike({
      Reservations: [
        { Instances: [{ SourceDestCheck: false, MetadataOptions: { HttpTokens: 'required' } }] },
      ],
    }),
  );
