import { Stack, StackProps } from 'aws-cdk-lib';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import { Construct } from 'constructs';
import { ShopEdge } from '../src';

/**
 * CloudFront and AWS WAF in front of a shop served at origin.example.com: replace it with a name
 * of yours that points at your load balancer and that its HTTPS listener has a certificate for
 * (`new origins.LoadBalancerV2Origin(alb)` cannot work over HTTPS: no certificate covers the
 * load balancer's own `*.elb.amazonaws.com` name). Deploy it in us-east-1, where CloudFront web
 * ACLs live.
 */
export class EdgeStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    new ShopEdge(this, 'Edge', { origin: new origins.HttpOrigin('origin.example.com') });
  }
}
