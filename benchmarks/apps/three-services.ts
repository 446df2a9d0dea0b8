// The bare anchor: three plain ecs-patterns ApplicationLoadBalancedFargateServices (each with its
// own load balancer, as the pattern makes them) in one VPC and cluster, with no database, cache,
// WAF or alarms: what a shop of three services costs to synthesize with aws-cdk-lib alone.
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as patterns from 'aws-cdk-lib/aws-ecs-patterns';

const app = new App();
const stack = new Stack(app, 'ThreeServices');
const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
for (const name of ['Storefront', 'Backend', 'Product']) {
  new patterns.ApplicationLoadBalancedFargateService(stack, name, {
    cluster,
    cpu: 512,
    memoryLimitMiB: 1024,
    taskImageOptions: { image: ecs.ContainerImage.fromRegistry(`ghcr.io/acme/${name.toLowerCase()}:1.0.0`) },
  });
}
app.synth();
