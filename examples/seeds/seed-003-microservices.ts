import { Duration, Stack, StackProps } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { DatabasePreset, NetworkProfile, ShopDatabase, ShopEdge, ShopNetwork } from '../../src';

/** The seed's three services: ALB path patterns (none = the default route) and port. */
const SERVICES = [
  { name: 'Product', paths: ['/products', '/products/*'], port: 8000 },
  { name: 'Order', paths: ['/orders', '/orders/*'], port: 8001 },
  { name: 'Frontend', paths: [], port: 8002 },
];

/**
 * Seed 003 (cloud-native microservices, dev-sized): CloudFront in front of three Fargate services
 * of 0.5 vCPU, one task each, behind an ALB routing `/products/*` and `/orders/*` by path and everything else to
 * the frontend; three zones with one NAT gateway; RDS PostgreSQL db.t4g.micro single-AZ; an ECR
 * repository per service; logs kept 7 days; CPU alarms to an SNS email topic.
 *
 * The network, database and edge are cdk-shop's building blocks; the services are plain aws-cdk-lib
 * until `FargateShop` exists. The seed gives 0.5 vCPU per task and no memory: 1 GB each.
 */
export class Seed003MicroservicesStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const network = new ShopNetwork(this, 'Network', {
      profile: NetworkProfile.custom({ availabilityZones: 3, natGateways: 1 }),
    });
    const vpc = network.vpc;
    const database = new ShopDatabase(this, 'Database', { vpc, preset: DatabasePreset.DEVELOPMENT });
    const cluster = new ecs.Cluster(this, 'Cluster', { vpc });
    const alarms = new sns.Topic(this, 'Alarms');
    alarms.addSubscription(new subscriptions.EmailSubscription('ops@example.com'));

    const alb = new elbv2.ApplicationLoadBalancer(this, 'Alb', { vpc, internetFacing: true });
    const listener = alb.addListener('Http', { port: 80 });
    // the seed's diagram puts CloudFront in front of the ALB (its cost table leaves it out)
    new ShopEdge(this, 'Edge', {
      origin: new origins.LoadBalancerV2Origin(alb, {
        protocolPolicy: cloudfront.OriginProtocolPolicy.HTTP_ONLY,
      }),
    });
    SERVICES.forEach((spec, index) => {
      const repository = new ecr.Repository(this, `${spec.name}Repository`, {
        imageScanOnPush: true,
        lifecycleRules: [{ maxImageCount: 10 }],
      });
      const task = new ecs.FargateTaskDefinition(this, `${spec.name}Task`, {
        cpu: 512,
        memoryLimitMiB: 1024,
      });
      task.addContainer('app', {
        image: ecs.ContainerImage.fromEcrRepository(repository, '1.0.0'),
        portMappings: [{ containerPort: spec.port }],
        environment: database.containerEnvironment(),
        secrets: database.containerSecrets(),
        logging: ecs.LogDrivers.awsLogs({
          streamPrefix: spec.name.toLowerCase(),
          logGroup: new logs.LogGroup(this, `${spec.name}Logs`, { retention: logs.RetentionDays.ONE_WEEK }),
        }),
      });
      const service = new ecs.FargateService(this, `${spec.name}Service`, {
        cluster,
        taskDefinition: task,
        desiredCount: 1,
        circuitBreaker: { rollback: true },
      });
      database.allowFrom(service);
      const targets = [service.loadBalancerTarget({ containerName: 'app', containerPort: spec.port })];
      const healthCheck = { path: '/health', interval: Duration.seconds(30) };
      if (spec.paths.length === 0) {
        listener.addTargets(spec.name, {
          port: spec.port,
          protocol: elbv2.ApplicationProtocol.HTTP,
          targets,
          healthCheck,
        });
      } else {
        listener.addTargets(spec.name, {
          port: spec.port,
          protocol: elbv2.ApplicationProtocol.HTTP,
          targets,
          healthCheck,
          priority: (index + 1) * 10,
          conditions: [elbv2.ListenerCondition.pathPatterns(spec.paths)],
        });
      }
      service
        .metricCpuUtilization()
        .createAlarm(this, `${spec.name}CpuHigh`, {
          threshold: 80,
          evaluationPeriods: 3,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        })
        .addAlarmAction(new actions.SnsAction(alarms));
    });
  }
}
