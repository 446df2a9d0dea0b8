import { Annotations } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { capacityInstanceType } from './capacity';
import { AutoScalingGroupCapacityOptions } from './capacity-options';
import { acknowledge } from '../../private/acknowledge';
import { invalidProp } from '../../private/errors';
import { zoneCount } from '../../private/subnets';

/** Defaults of an Auto Scaling group capacity (instance type: `DEFAULT_CAPACITY_INSTANCE_TYPE`). */
export const ASG_CAPACITY_DEFAULTS = {
  minCapacity: 1,
  maxCapacity: 10,
  targetCapacityPercent: 100,
  managedTerminationProtection: true,
  /** GiB: the ECS-optimized AL2023 image needs 30; room for a few image layers. */
  rootVolumeGiB: 30,
} as const;

/**
 * Creates the Auto Scaling group of hardened ECS container instances, its capacity provider
 * (managed scaling, termination protection, draining) and adds it to the cluster.
 */
export function createAsgCapacityProvider(
  scope: Construct,
  id: string,
  cluster: ecs.Cluster,
  options: AutoScalingGroupCapacityOptions,
  prop: string,
): ecs.AsgCapacityProvider {
  const vpc = cluster.vpc;
  if (vpc.privateSubnets.length === 0) {
    throw invalidProp(
      scope,
      prop,
      'runs EC2 instances in the private subnets with egress, and the VPC has none',
      'Give a VPC with private subnets behind NAT (ShopNetwork has them), or use Fargate capacity.',
    );
  }
  if (zoneCount(vpc, { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }) < 2) {
    Annotations.of(scope).addWarningV2(
      'cdk-shop:capacitySingleZone',
      `${prop}: the private subnets are in one availability zone, so are the capacity instances: a zone outage stops every EC2 task`,
    );
  }
  const group = new Construct(scope, id);
  const instanceType = capacityInstanceType(options);
  const arm = instanceType.architecture === ec2.InstanceArchitecture.ARM_64;
  const securityGroup = new ec2.SecurityGroup(group, 'SecurityGroup', {
    vpc,
    description: 'ECS container instances: no inbound rule (tasks have their own network interfaces)',
    allowAllOutbound: true,
  });
  const userData = ec2.UserData.forLinux();
  // awsvpc tasks must not borrow the instance role through the metadata service
  userData.addCommands('echo ECS_AWSVPC_BLOCK_IMDS=true >> /etc/ecs/ecs.config');
  const launchTemplate = new ec2.LaunchTemplate(group, 'LaunchTemplate', {
    instanceType,
    machineImage:
      options.machineImage ??
      ecs.EcsOptimizedImage.amazonLinux2023(arm ? ecs.AmiHardwareType.ARM : ecs.AmiHardwareType.STANDARD),
    userData,
    role: new iam.Role(group, 'InstanceRole', {
      assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
      description: 'ECS container agent on the shop capacity instances',
    }),
    securityGroup,
    requireImdsv2: true,
    detailedMonitoring: true,
    blockDevices: [
      {
        deviceName: '/dev/xvda',
        volume: ec2.BlockDeviceVolume.ebs(ASG_CAPACITY_DEFAULTS.rootVolumeGiB, {
          encrypted: true,
          volumeType: ec2.EbsDeviceVolumeType.GP3,
          deleteOnTermination: true,
        }),
      },
    ],
  });
  const autoScalingGroup = new autoscaling.AutoScalingGroup(group, 'Group', {
    vpc,
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
    launchTemplate,
    minCapacity: options.minCapacity ?? ASG_CAPACITY_DEFAULTS.minCapacity,
    maxCapacity: options.maxCapacity ?? ASG_CAPACITY_DEFAULTS.maxCapacity,
  });
  const provider = new ecs.AsgCapacityProvider(group, 'Provider', {
    autoScalingGroup,
    enableManagedScaling: true,
    targetCapacityPercent: options.targetCapacityPercent ?? ASG_CAPACITY_DEFAULTS.targetCapacityPercent,
    enableManagedTerminationProtection:
      options.managedTerminationProtection ?? ASG_CAPACITY_DEFAULTS.managedTerminationProtection,
    enableManagedDraining: true,
  });
  cluster.addAsgCapacityProvider(provider);
  acknowledgeAsgFindings(autoScalingGroup);
  return provider;
}

function acknowledgeAsgFindings(autoScalingGroup: autoscaling.AutoScalingGroup): void {
  acknowledge(
    autoScalingGroup,
    {
      id: 'AwsSolutions-AS3',
      reason:
        'The ECS capacity provider launches and terminates these instances (managed scaling); task ' +
        'placement failures and unhealthy services are what the shop alarms on, and a notification per ' +
        'instance launch would be noise.',
    },
    {
      id: 'guard:autoscaling_multiple_az_check',
      reason:
        'The group spans the zones of every private subnet of the VPC through VPCZoneIdentifier (a warning ' +
        'says when that is one zone); the rule reads only the AvailabilityZones property, which repeating ' +
        'would add nothing.',
    },
    {
      id: 'guard:autoscaling_mixed_instances_policy_multiple_instance_types_check',
      reason:
        'One instance type keeps the task slots per instance (network interfaces, CPU, memory) uniform for ' +
        'ECS managed scaling; a second instance type is a second capacity provider in ShopCapacity.strategy().',
    },
    {
      id: 'AutoScalingGroupELBHealthCheckRequired',
      reason:
        'No load balancer targets these instances: the tasks (awsvpc) are the targets, health-checked by ' +
        'the load balancer and replaced by ECS; the group uses EC2 status checks for the instances.',
    },
  );
  const agentPolicy =
    'the ECS container agent policy aws-cdk-lib attaches to the instance role (Cluster.addAsgCapacityProvider)';
  acknowledge(
    autoScalingGroup.role,
    {
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        `In ${agentPolicy}: ecs:Poll and ecs:StartTelemetrySession are limited to this cluster by an ` +
        'ecs:cluster condition; ecs:DiscoverPollEndpoint, ecr:GetAuthorizationToken and the log actions ' +
        'the agent needs support no narrower resource.',
    },
    {
      id: 'AwsSolutions-IAM5[Action::ecs:Submit*]',
      reason:
        `In ${agentPolicy}: the agent reports task, container and attachment state changes ` +
        '(ecs:SubmitTaskStateChange and its siblings), on this cluster only.',
    },
    {
      id: 'NIST.800.53.R5-IAMNoInlinePolicy',
      reason:
        `The inline policy is ${agentPolicy}, scoped to this cluster and owned by this role alone; a ` +
        'managed policy would add a separately attachable copy.',
    },
  );
}
