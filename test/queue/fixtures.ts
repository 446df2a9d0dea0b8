import { App, Duration, Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { ShopQueue, ShopQueueProps } from '../../src/queue';

export const TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:shop-alarms';
export const US_EAST_1: StackProps = { env: { account: '123456789012', region: 'us-east-1' } };

/** The topic the queue's alarms go to, imported so it adds no resource. */
export function alarmTopic(stack: Stack): sns.ITopic {
  return sns.Topic.fromTopicArn(stack, 'Alarms', TOPIC_ARN);
}

/** A worker service with no load balancer, in a VPC without NAT. */
export function workerService(stack: Stack, id = 'Worker'): ecs.FargateService {
  const vpc =
    (stack.node.tryFindChild('Vpc') as ec2.Vpc | undefined) ??
    new ec2.Vpc(stack, 'Vpc', { natGateways: 0, maxAzs: 2 });
  const cluster =
    (stack.node.tryFindChild('Cluster') as ecs.Cluster | undefined) ??
    new ecs.Cluster(stack, 'Cluster', { vpc });
  const taskDefinition = new ecs.FargateTaskDefinition(stack, `${id}Task`);
  taskDefinition.addContainer('worker', {
    image: ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox:1.37'),
    command: ['sleep', 'infinity'],
  });
  return new ecs.FargateService(stack, id, {
    cluster,
    taskDefinition,
    vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
    assignPublicIp: true,
  });
}

/** A stack with a ShopQueue of `props` (plus the required ones). */
export function queueStack(
  props: Partial<ShopQueueProps> = {},
  stackProps: StackProps = {},
): { app: App; stack: Stack; queue: ShopQueue } {
  const app = new App();
  const stack = new Stack(app, 'Stack', stackProps);
  const queue = new ShopQueue(stack, 'Jobs', {
    expectedProcessingTime: Duration.seconds(20),
    alarmTopic: alarmTopic(stack),
    ...props,
  });
  return { app, stack, queue };
}
