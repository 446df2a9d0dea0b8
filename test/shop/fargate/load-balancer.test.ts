import { CfnParameter, Duration } from 'aws-cdk-lib';
import { Annotations as AssertAnnotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { certificate, routedShop, shopStack, targetGroup } from './load-balancer-fixture';
import { addListenerRules, createShopLoadBalancer } from '../../../src/shop/fargate/load-balancer';
import { logicalIdOf, route } from '../../helpers/alb-matcher';
import { guardFindings } from '../../helpers/guard';
import { expectNagClean } from '../../helpers/nag';

/*
 * load-balancer.ts: the ALB, its security group, listeners and access-log bucket on the
 * synthesized template; bad input; cdk-nag and cfn-guard. Routing: load-balancer-routing.test.ts.
 */

describe('the load balancer', () => {
  const { stack, lb } = routedShop({ idleTimeout: Duration.seconds(120) });
  const template = Template.fromStack(stack);

  test('internet-facing in the public subnets, invalid headers dropped, strictest desync, HTTP/2, deletion protection, access logs', () => {
    const [props] = Object.values(template.findResources('AWS::ElasticLoadBalancingV2::LoadBalancer')).map(
      (r) => r.Properties,
    );
    expect(props).toMatchObject({ Scheme: 'internet-facing', Type: 'application', IpAddressType: 'ipv4' });
    expect(props.Subnets).toHaveLength(2);
    expect(props.Subnets.every((s: any) => /^NetworkPublicSubnet\dSubnet/.test(s.Ref))).toBe(true);
    expect(Object.fromEntries(props.LoadBalancerAttributes.map((a: any) => [a.Key, a.Value]))).toEqual({
      'deletion_protection.enabled': 'true',
      'routing.http.drop_invalid_header_fields.enabled': 'true',
      'routing.http.desync_mitigation_mode': 'strictest',
      'routing.http2.enabled': 'true',
      'idle_timeout.timeout_seconds': '120',
      'access_logs.s3.enabled': 'true',
      'access_logs.s3.bucket': { Ref: logicalIdOf(lb.accessLogBucket) },
      'access_logs.s3.prefix': '',
    });
  });

  test('its own security group: 443 and 80 from IPv4 only, no egress but to the targets', () => {
    const sg = template.findResources('AWS::EC2::SecurityGroup', {
      Properties: { GroupDescription: Match.stringLikeRegexp('shop load balancer') },
    });
    const [props] = Object.values(sg).map((r) => r.Properties);
    expect(
      props.SecurityGroupIngress.map((r: any) => [r.CidrIp ?? r.CidrIpv6, r.FromPort, r.ToPort]),
    ).toEqual([
      ['0.0.0.0/0', 443, 443],
      ['0.0.0.0/0', 80, 80],
    ]);
    // allowAllOutbound: false: no inline egress (the target groups add theirs, below)
    expect(props.SecurityGroupEgress).toBeUndefined();
    // no listener opened its port itself (ecs-patterns #35292)
    const albSg = logicalIdOf(lb.securityGroup);
    const separate = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress')).map(
      (r) => r.Properties,
    );
    expect(separate.filter((r) => r.GroupId['Fn::GetAtt']?.[0] === albSg)).toEqual([]);
  });

  test('HTTPS with TLS 1.2/1.3 and the certificate; the storefront as default action', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443,
      Protocol: 'HTTPS',
      SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
      Certificates: [{ CertificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc' }],
      DefaultActions: [
        { Type: 'forward', TargetGroupArn: { Ref: Match.stringLikeRegexp('ShopstorefrontTargetGroup') } },
      ],
    });
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::Listener', 2);
  });

  test('the access-log bucket: retained, SSE-S3, private, TLS only, versioned, ACLs off, logs expire after 90 days', () => {
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        VersioningConfiguration: { Status: 'Enabled' },
        LifecycleConfiguration: {
          Rules: [
            Match.objectLike({
              ExpirationInDays: 90,
              NoncurrentVersionExpiration: { NoncurrentDays: 7 },
              Status: 'Enabled',
            }),
          ],
        },
      },
    });
    const policy = JSON.stringify(template.findResources('AWS::S3::BucketPolicy'));
    expect(policy).toContain('"aws:SecureTransport":"false"');
    // eu-west-1's ELB account writes the logs (aws-cdk-lib's logAccessLogs)
    expect(policy).toContain(':iam::156460612806:root');
  });

  test("forwarding to a target group opens egress to its members' port only", () => {
    const albSg = logicalIdOf(lb.securityGroup);
    const egress = Object.values(template.findResources('AWS::EC2::SecurityGroupEgress')).map(
      (e) => e.Properties,
    );
    expect(
      egress.every((e) => e.GroupId['Fn::GetAtt'][0] === albSg && e.DestinationSecurityGroupId !== undefined),
    ).toBe(true);
    expect(egress.map((e) => [e.FromPort, e.ToPort]).sort()).toEqual([
      [3000, 3000],
      [8080, 8080],
      [8081, 8081],
      [9000, 9000],
    ]);
  });
});

describe('without a certificate, dual-stack, deletion protection off', () => {
  const { stack, shop } = shopStack();
  const dualVpc = new ec2.Vpc(stack, 'DualVpc', {
    ipProtocol: ec2.IpProtocol.DUAL_STACK,
    maxAzs: 2,
    natGateways: 0,
  });
  const lb = createShopLoadBalancer(shop, { vpc: dualVpc, dualStack: true, deletionProtection: false });
  addListenerRules(shop, lb, [], {});
  const template = Template.fromStack(stack);

  test('one HTTP listener on 80 with a fixed 404 text/plain default', () => {
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::Listener', 1);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80,
      Protocol: 'HTTP',
      DefaultActions: [
        {
          Type: 'fixed-response',
          FixedResponseConfig: { StatusCode: '404', ContentType: 'text/plain', MessageBody: 'Not found' },
        },
      ],
    });
    expect(lb.redirectListener).toBeUndefined();
    expect(
      route(template, logicalIdOf(lb.listener), { host: 'x.elb.amazonaws.com', path: '/' }),
    ).toMatchObject({ kind: 'fixed-response', statusCode: '404' });
  });

  test('dual-stack address type; 80 only, from IPv4 and IPv6', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      IpAddressType: 'dualstack',
      LoadBalancerAttributes: Match.arrayWith([{ Key: 'deletion_protection.enabled', Value: 'false' }]),
    });
    const sg = template.findResources('AWS::EC2::SecurityGroup', {
      Properties: { GroupDescription: Match.stringLikeRegexp('shop load balancer') },
    });
    const [props] = Object.values(sg).map((r) => r.Properties);
    expect(props.SecurityGroupIngress.map((r: any) => [r.CidrIp ?? r.CidrIpv6, r.FromPort])).toEqual([
      ['0.0.0.0/0', 80],
      ['::/0', 80],
    ]);
  });
});

test('dual-stack with a certificate: 443 and 80 from IPv4 and IPv6', () => {
  const { stack, shop } = shopStack();
  const vpc = new ec2.Vpc(stack, 'DualVpc', {
    ipProtocol: ec2.IpProtocol.DUAL_STACK,
    maxAzs: 2,
    natGateways: 0,
  });
  addListenerRules(
    shop,
    createShopLoadBalancer(shop, {
      vpc,
      certificate: certificate(shop),
      dualStack: true,
      deletionProtection: true,
    }),
    [],
    {},
  );
  const sg = Template.fromStack(stack).findResources('AWS::EC2::SecurityGroup', {
    Properties: { GroupDescription: Match.stringLikeRegexp('shop load balancer') },
  });
  const [props] = Object.values(sg).map((r) => r.Properties);
  expect(props.SecurityGroupIngress.map((r: any) => [r.CidrIp ?? r.CidrIpv6, r.FromPort])).toEqual([
    ['0.0.0.0/0', 443],
    ['::/0', 443],
    ['0.0.0.0/0', 80],
    ['::/0', 80],
  ]);
});

describe('createShopLoadBalancer rejects bad input, naming the construct and the prop', () => {
  test.each<[string, (s: ReturnType<typeof shopStack>) => void, string, RegExp]>([
    [
      'dual-stack on a VPC without IPv6',
      (s) => createShopLoadBalancer(s.shop, { vpc: s.vpc, dualStack: true, deletionProtection: true }),
      'dualStack',
      /the VPC's public subnets have no IPv6 CIDR block \(Stack\/Network\/Resource\/PublicSubnet1, /,
    ],
    [
      'an idle timeout of 0 seconds',
      (s) =>
        createShopLoadBalancer(s.shop, {
          vpc: s.vpc,
          dualStack: false,
          deletionProtection: true,
          idleTimeout: Duration.seconds(0),
        }),
      'idleTimeout',
      /is 0 seconds; ALB accepts whole seconds from 1 to 4000/,
    ],
    [
      'an idle timeout of 4001 seconds',
      (s) =>
        createShopLoadBalancer(s.shop, {
          vpc: s.vpc,
          dualStack: false,
          deletionProtection: true,
          idleTimeout: Duration.seconds(4001),
        }),
      'idleTimeout',
      /is 4001 seconds;/,
    ],
    [
      'a token idle timeout',
      (s) =>
        createShopLoadBalancer(s.shop, {
          vpc: s.vpc,
          dualStack: false,
          deletionProtection: true,
          idleTimeout: Duration.seconds(new CfnParameter(s.stack, 'Idle', { type: 'Number' }).valueAsNumber),
        }),
      'idleTimeout',
      /is a token/,
    ],
    [
      'an idle timeout of 1.5 seconds',
      (s) =>
        createShopLoadBalancer(s.shop, {
          vpc: s.vpc,
          dualStack: false,
          deletionProtection: true,
          idleTimeout: Duration.millis(1500),
        }),
      'idleTimeout',
      /is 1.5 seconds; ALB accepts whole seconds/,
    ],
    [
      'a rule for a service with no target group',
      (s) => {
        const lb = createShopLoadBalancer(s.shop, { vpc: s.vpc, dualStack: false, deletionProtection: true });
        addListenerRules(
          s.shop,
          lb,
          [{ service: 'orders', priority: 10, pathPatterns: ['/orders/*'], hostHeaders: [] }],
          { storefront: targetGroup(s.shop, s.vpc, 'storefront', 3000) },
        );
      },
      'services',
      /service 'orders' is routed but has no target group \(public services: storefront\)/,
    ],
    [
      'a default service with no target group',
      (s) =>
        addListenerRules(
          s.shop,
          createShopLoadBalancer(s.shop, { vpc: s.vpc, dualStack: false, deletionProtection: true }),
          [],
          {},
          { defaultService: 'storefront' },
        ),
      'storefront',
      /service 'storefront' is routed but has no target group/,
    ],
  ])('%s', (_name, build, prop, problem) => {
    const s = shopStack();
    expect(() => build(s)).toThrow(
      new RegExp(`^Stack/Shop: invalid '${prop.replace(/[[\].]/g, '\\$&')}': ${problem.source}`),
    );
  });

  test('near-edge good input: idle timeouts of 1 and 4000 seconds', () => {
    for (const seconds of [1, 4000]) {
      const s = shopStack();
      const lb = createShopLoadBalancer(s.shop, {
        vpc: s.vpc,
        dualStack: false,
        deletionProtection: true,
        idleTimeout: Duration.seconds(seconds),
        certificate: certificate(s.shop),
      });
      addListenerRules(s.shop, lb, [], {});
      Template.fromStack(s.stack).hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
        LoadBalancerAttributes: Match.arrayWith([
          { Key: 'idle_timeout.timeout_seconds', Value: String(seconds) },
        ]),
      });
    }
  });

  test('dual-stack on an imported VPC: a warning that it cannot be checked', () => {
    const s = shopStack();
    const imported = ec2.Vpc.fromVpcAttributes(s.stack, 'Imported', {
      vpcId: 'vpc-1',
      availabilityZones: ['eu-west-1a', 'eu-west-1b'],
      publicSubnetIds: ['subnet-1', 'subnet-2'],
    });
    addListenerRules(
      s.shop,
      createShopLoadBalancer(s.shop, { vpc: imported, dualStack: true, deletionProtection: true }),
      [],
      {},
    );
    AssertAnnotations.fromStack(s.stack).hasWarning(
      '/Stack/Shop',
      Match.stringLikeRegexp('cannot check that its public subnets have IPv6'),
    );
  });
});

describe('cdk-nag and cfn-guard', () => {
  test.each<[string, object]>([
    ['HTTPS with deletion protection', {}],
    ['HTTP only without deletion protection', { certificate: undefined, deletionProtection: false }],
  ])('%s: clean, every acknowledgement reasoned', (_name, options) => {
    const { app, shop } = routedShop(options);
    expectNagClean(shop);
    expect(guardFindings(app, 'Stack')).toEqual([]);
  });
});
