import { Stack, StackProps } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { DatabasePreset, NetworkProfile, ShopDatabase, ShopNetwork } from '../../src';

/**
 * Seed 004 (ECS on EC2): an ALB in front of an ECS service on an Auto Scaling group of
 * t3.medium instances (2 to 10) in two public subnets, tasks of 512 CPU units and 1 GB on port
 * 3000 health-checked on /api/health, RDS PostgreSQL db.t3.micro with 20 GB in isolated
 * subnets. No NAT: the instances have public IPv4 addresses.
 *
 * The network and database are cdk-shop's building blocks; the cluster is plain aws-cdk-lib.
 */
export class Seed004EcsOnEc2Stack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const network = new ShopNetwork(this, 'Network', {
      profile: NetworkProfile.custom({ availabilityZones: 2, natGateways: 0 }),
    });
    const vpc = network.vpc;
    const database = new ShopDatabase(this, 'Database', {
      vpc,
      preset: DatabasePreset.DEVELOPMENT,
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.T3, ec2.InstanceSize.MICRO),
    });

    const cluster = new ecs.Cluster(this, 'Cluster', { vpc });
    // A launch template: new accounts can no longer create launch configurations, which an
    // AutoScalingGroup given an instance type writes without the feature flag.
    const launchTemplate = new ec2.LaunchTemplate(this, 'LaunchTemplate', {
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.T3, ec2.InstanceSize.MEDIUM),
      machineImage: ecs.EcsOptimizedImage.amazonLinux2023(),
      associatePublicIpAddress: true,
      requireImdsv2: true,
      role: new iam.Role(this, 'InstanceRole', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') }),
      securityGroup: new ec2.SecurityGroup(this, 'InstanceSecurityGroup', { vpc }),
      userData: ec2.UserData.forLinux(),
    });
    const group = new autoscaling.AutoScalingGroup(this, 'Instances', {
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      launchTemplate,
      minCapacity: 2,
      maxCapacity: 10,
    });
    cluster.addAsgCapacityProvider(
      new ecs.AsgCapacityProvider(this, 'Capacity', { autoScalingGroup: group }),
    );

    const task = new ecs.Ec2TaskDefinition(this, 'Task', { networkMode: ecs.NetworkMode.AWS_VPC });
    task.addContainer('app', {
      image: ecs.ContainerImage.fromRegistry('ghcr.io/acme/shop:1.0.0'),
      cpu: 512,
      memoryLimitMiB: 1024,
      portMappings: [{ containerPort: 3000 }],
      environment: database.containerEnvironment(),
      secrets: database.containerSecrets(),
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'shop' }),
    });
    const service = new ecs.Ec2Service(this, 'Service', {
      cluster,
      taskDefinition: task,
      desiredCount: 2,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
    });
    database.allowFrom(service);
    service.autoScaleTaskCount({ minCapacity: 2, maxCapacity: 10 }).scaleOnCpuUtilization('Cpu', {
      targetUtilizationPercent: 70,
    });

    const alb = new elbv2.ApplicationLoadBalancer(this, 'Alb', { vpc, internetFacing: true });
    alb.addListener('Http', { port: 80 }).addTargets('Shop', {
      port: 3000,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targets: [service],
      healthCheck: { path: '/api/health' },
    });
  }
}
