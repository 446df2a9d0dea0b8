import { Stack, StackProps } from 'aws-cdk-lib';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import { Construct } from 'constructs';
import { ShopEdge } from '../src';

/**
 * CloudFront and AWS WAF in front of a shop served at origin.example.com (replace it with your
 * load balancer: `new origins.LoadBalancerV2Origin(alb)`). Deploy it in us-east-1, where
 * CloudFront web ACLs live.
 */
export class EdgeStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    new ShopEdge(this, 'Edge', { origin: new origins.HttpOrigin('origin.example.com') });
  }
}
