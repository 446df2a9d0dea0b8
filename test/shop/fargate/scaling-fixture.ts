import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';

/**
 * A stack with a construct `Shop` (the scope errors name, `Stack/Shop`) and a Fargate service
 * `Backend` on port 9000, behind a load balancer's target group unless `withTargetGroup` is false.
 */
export function serviceStack(withTargetGroup = true) {
  const app = new App();
  const stack = new Stack(app, 'Stack');
  const shop = new Construct(stack, 'Shop');
  const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0 });
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
  const taskDefinition = new ecs.FargateTaskDefinition(stack, 'Task');
  taskDefinition.addContainer('app', {
    image: ecs.ContainerImage.fromRegistry('medusajs/medusa'),
    portMappings: [{ containerPort: 9000 }],
  });
  const service = new ecs.FargateService(stack, 'Backend', {
    cluster,
    taskDefinition,
    minHealthyPercent: 100,
    vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
  });
  let loadBalancer: elbv2.ApplicationLoadBalancer | undefined;
  let targetGroup: elbv2.ApplicationTargetGroup | undefined;
  if (withTargetGroup) {
    loadBalancer = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc });
    targetGroup = new elbv2.ApplicationTargetGroup(stack, 'Targets', {
      vpc,
      port: 9000,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targets: [service],
    });
    loadBalancer.addListener('Http', { port: 80, defaultTargetGroups: [targetGroup] });
  }
  return { stack, shop, service, loadBalancer, targetGroup };
}
