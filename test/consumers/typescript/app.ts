// A consumer app: uses cdk-shop exactly as an npm user would (installed from the packed tarball).
// Usage: node app.js <outdir>
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { NatType, NetworkProfile, ShopNetwork } from 'cdk-shop';

const outdir = path.resolve(process.argv[2] ?? 'cdk.out');

const app = new App({
  outdir,
  context: {
    // aws-cdk-lib >= 2.262: built-in CloudFormation rule findings fail synth instead of warning.
    '@aws-cdk/core:validateAgainstDefaultRules': true,
    'aws:cdk:disable-creation-stack-traces': true,
  },
});

// Environment-agnostic: no account or region, so synth needs no AWS credentials.
const stack = new Stack(app, 'ConsumerTypescript');
const network = new ShopNetwork(stack, 'Network', {
  profile: NetworkProfile.TWO_AZ_SINGLE_NAT,
  natType: NatType.GATEWAY,
});
if (network.natInstances.length !== 0) throw new Error('expected no NAT instances with NAT gateways');

app.synth();
console.log(`synthesized ${stack.stackName} into ${outdir}`);
