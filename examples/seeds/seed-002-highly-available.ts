import { Duration, Stack, StackProps } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as ecsPatterns from 'aws-cdk-lib/aws-ecs-patterns';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import {
  CacheEngine,
  CachePreset,
  DatabasePreset,
  NetworkProfile,
  ShopCache,
  ShopDatabase,
  ShopEdge,
  ShopNetwork,
} from '../../src';

/**
 * Seed 002 ("ShopFlow", highly available): two zones with a NAT gateway each, an ALB in front
 * of 4 Fargate tasks scaling from 2 to 20, an SQS queue with a worker service, RDS PostgreSQL
 * db.r6g.xlarge Multi-AZ with 2 read replicas, an ElastiCache Redis r6g.large primary and
 * replica, CloudFront with WAF, S3 for product images and logs, one Route 53 zone.
 *
 * The network, database, cache and edge are cdk-shop's building blocks; the containers are plain
 * aws-cdk-lib until `FargateShop` exists. The seed gives no task size: 1 vCPU and
 * 2 GB per web task (what its $150 for 4 tasks implies), 0.5 vCPU and 1 GB for the worker.
 */
export class Seed002HighlyAvailableStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const network = new ShopNetwork(this, 'Network', {
      profile: NetworkProfile.custom({ availabilityZones: 2, natGateways: 2 }),
    });
    const vpc = network.vpc;
    new route53.PublicHostedZone(this, 'Zone', { zoneName: 'shopflow.example.com' });

    const database = new ShopDatabase(this, 'Database', {
      vpc,
      preset: DatabasePreset.HIGHLY_AVAILABLE,
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.R6G, ec2.InstanceSize.XLARGE),
      readReplicas: 2,
    });
    const cache = new ShopCache(this, 'Cache', {
      vpc,
      preset: CachePreset.MULTI_AZ,
      nodeType: 'cache.r6g.large',
      engine: CacheEngine.REDIS_7_1,
    });

    const cluster = new ecs.Cluster(this, 'Cluster', { vpc });
    const secrets = { ...database.containerSecrets(), ...cache.containerSecrets() };
    const environment = { ...database.containerEnvironment(), ...cache.containerEnvironment() };
    const web = new ecsPatterns.ApplicationLoadBalancedFargateService(this, 'Web', {
      cluster,
      cpu: 1024,
      memoryLimitMiB: 2048,
      desiredCount: 4,
      taskImageOptions: {
        image: ecs.ContainerImage.fromRegistry('ghcr.io/acme/shopflow-api:1.0.0'),
        containerPort: 9000,
        environment,
        secrets,
      },
      circuitBreaker: { rollback: true },
    });
    web.service
      .autoScaleTaskCount({ minCapacity: 2, maxCapacity: 20 })
      .scaleOnCpuUtilization('Cpu', { targetUtilizationPercent: 70, scaleOutCooldown: Duration.minutes(5) });

    const worker = new ecsPatterns.QueueProcessingFargateService(this, 'Worker', {
      cluster,
      cpu: 512,
      memoryLimitMiB: 1024,
      image: ecs.ContainerImage.fromRegistry('ghcr.io/acme/shopflow-worker:1.0.0'),
      minScalingCapacity: 1,
      maxScalingCapacity: 4,
      environment,
      secrets,
    });
    for (const service of [web.service, worker.service]) {
      database.allowFrom(service);
      cache.allowFrom(service);
    }

    const bucketProps: s3.BucketProps = {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
    };
    const logs = new s3.Bucket(this, 'Logs', {
      ...bucketProps,
      objectOwnership: s3.ObjectOwnership.OBJECT_WRITER,
    });
    const productImages = new s3.Bucket(this, 'ProductImages', bucketProps);

    // CloudFront + WAF: cdk-shop's ShopEdge (the seed's static assets are the storefront's
    // /_next/static files, cached from the origin; product images come from their bucket)
    new ShopEdge(this, 'Edge', {
      origin: new origins.LoadBalancerV2Origin(web.loadBalancer, {
        protocolPolicy: cloudfront.OriginProtocolPolicy.HTTP_ONLY,
      }),
      mediaBucket: productImages,
      logBucket: logs,
    });
  }
}
