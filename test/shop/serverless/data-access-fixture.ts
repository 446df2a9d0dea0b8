import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NetworkProfile, ShopCache, ShopDatabase, ShopDatabaseProps, ShopNetwork } from '../../../src';

/** Two zones, no NAT: public and isolated subnets, as ServerlessShop's network. */
export const NO_NAT = NetworkProfile.custom({ availabilityZones: 2, natGateways: 0 });

/** What a serverless shop's database is given: a proxy, IAM authentication end to end. */
export const PROXY_IAM: Partial<ShopDatabaseProps> = {
  proxy: true,
  iamAuthentication: true,
  endToEndIamAuthentication: true,
  instanceType: new ec2.InstanceType('t4g.medium'),
};

/** A stack with a no-NAT network, a database, a cache and a function in the isolated subnets. */
export function dataStack(databaseProps: Partial<ShopDatabaseProps> = PROXY_IAM, inVpc = true) {
  const app = new App();
  const stack = new Stack(app, 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
  const network = new ShopNetwork(stack, 'Network', { profile: NO_NAT });
  const database = new ShopDatabase(stack, 'Database', { vpc: network.vpc, ...databaseProps });
  const cache = new ShopCache(stack, 'Cache', { vpc: network.vpc });
  const fn = vpcFunction(stack, 'Orders', inVpc ? network.vpc : undefined);
  return { app, stack, network, database, cache, fn };
}

/** A Node.js function on ARM64, in the isolated subnets of `vpc` when one is given. */
export function vpcFunction(stack: Stack, id: string, vpc?: ec2.IVpc): lambda.Function {
  return new lambda.Function(stack, id, {
    runtime: lambda.Runtime.NODEJS_22_X,
    architecture: lambda.Architecture.ARM_64,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });'),
    ...(vpc ? { vpc, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } } : {}),
  });
}
