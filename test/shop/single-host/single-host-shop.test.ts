import * as fs from 'fs';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as sns from 'aws-cdk-lib/aws-sns';
import { MINIMAL, onlyResource, synth } from './single-host-fixture';
import { userDataOf, writtenFiles } from './user-data';
import { ShopImage, SingleHostShop } from '../../../src';
import { expectNagClean } from '../../helpers/nag';

describe('SingleHostShop host', () => {
  const { template, shop } = synth();

  test('a Graviton t4g.small on Amazon Linux 2023 with IMDSv2, basic monitoring and no public IP of its own', () => {
    const { resource } = onlyResource(template, 'AWS::EC2::Instance');
    expect(resource.Properties.InstanceType).toBe('t4g.small');
    expect(resource.Properties.Monitoring).toBe(false);
    expect(JSON.stringify(resource.Properties.ImageId)).toMatch(/al2023amikernel.*arm64/);
    expect(resource.Properties.NetworkInterfaces[0].AssociatePublicIpAddress).toBe(false);
    // IMDSv2 only, one hop: containers cannot reach the host role's credentials
    expect(resource.Properties.MetadataOptions).toEqual({
      HttpTokens: 'required',
      HttpEndpoint: 'enabled',
      HttpPutResponseHopLimit: 1,
    });
  });

  test('an encrypted gp3 root volume of 8 GiB, the image size: Docker lives on the data volume', () => {
    template.hasResourceProperties('AWS::EC2::Instance', {
      BlockDeviceMappings: [
        {
          DeviceName: '/dev/xvda',
          Ebs: { Encrypted: true, VolumeType: 'gp3', VolumeSize: 8, DeleteOnTermination: true },
        },
      ],
    });
  });

  test('an Elastic IP bound to the instance', () => {
    template.hasResourceProperties('AWS::EC2::EIP', {
      Domain: 'vpc',
      InstanceId: { Ref: onlyResource(template, 'AWS::EC2::Instance').logicalId },
    });
  });

  test('the security group opens 80 and 443 over IPv4 and IPv6, and nothing else: no SSH', () => {
    const groups = template.findResources('AWS::EC2::SecurityGroup', {
      Properties: { GroupDescription: Match.stringLikeRegexp('cdk-shop host') },
    });
    const ingress = (Object.values(groups)[0] as any).Properties.SecurityGroupIngress;
    const rules = ingress.map((r: any) => `${r.CidrIp ?? r.CidrIpv6}:${r.FromPort}-${r.ToPort}`).sort();
    expect(rules).toEqual(['0.0.0.0/0:443-443', '0.0.0.0/0:80-80', '::/0:443-443', '::/0:80-80']);
    expect(JSON.stringify(template.toJSON())).not.toMatch(/"FromPort":22\b/);
  });

  test('the default network is a single public subnet without NAT', () => {
    template.resourceCountIs('AWS::EC2::Subnet', 1);
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
    expect(shop.network).toBeDefined();
  });

  test('the host role has SSM core and only the access it uses', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      ManagedPolicyArns: [
        { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('AmazonSSMManagedInstanceCore')])] },
      ],
    });
    const policies = template.findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: Match.stringLikeRegexp('ShopRole') }] },
    });
    const statements = Object.values(policies).flatMap((p: any) => p.Properties.PolicyDocument.Statement);
    const actions = statements.flatMap((s: any) => ([] as string[]).concat(s.Action));
    expect(actions).not.toContain('*');
    expect(actions).not.toContain('s3:*');
    // secrets: get and put (never delete) under the shop's own parameter path only
    const ssm = statements.find((s: any) => ([] as string[]).concat(s.Action).includes('ssm:PutParameter'));
    expect(ssm.Action).toEqual(['ssm:GetParameter', 'ssm:PutParameter']);
    expect(JSON.stringify(ssm.Resource)).toContain(`:parameter${shop.secretParameterPath}*`);
    expect(shop.secretParameterPath).toMatch(/^\/cdk-shop\/stack-shop-[a-z0-9]+\/$/);
    expect(actions.filter((a: string) => a.startsWith('secretsmanager:'))).toEqual([]);
    // backups: write under the postgres/ prefix of the backup bucket only
    const put = statements.find((s: any) => ([] as string[]).concat(s.Action).includes('s3:PutObject'));
    expect(JSON.stringify(put.Resource)).toMatch(/ShopBackupBucket.*\/postgres\/\*/);
    // metrics: its own namespace only
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: 'cloudwatch:PutMetricData',
        Condition: { StringEquals: { 'cloudwatch:namespace': 'CdkShop' } },
      }),
    );
    // the data volume: attach only when tagged for this host
    const attach = statements.find((s: any) =>
      ([] as string[]).concat(s.Action).includes('ec2:AttachVolume'),
    );
    expect(Object.keys(attach.Condition['ForAnyValue:StringEquals'])).toEqual([
      expect.stringMatching(/^ec2:ResourceTag\/VolumeGrantAttach-/),
    ]);
  });

  test('container, nginx and boot logs go to a log group kept one month', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  test('no recover alarm (it would switch off EC2 simplified automatic recovery), reboot on the instance status check', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map(
      (a: any) => a.Properties,
    );
    expect(alarms.filter((a) => a.MetricName === 'StatusCheckFailed_System')).toEqual([]);
    expect(JSON.stringify(alarms)).not.toContain(':ec2:recover');
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'StatusCheckFailed_Instance',
      AlarmActions: Match.arrayWith([
        { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':ec2:reboot')])] },
      ]),
    });
  });

  test("the AWS Health events of the host's simplified automatic recovery go to the alarm topic", () => {
    const { resource } = onlyResource(template, 'AWS::Events::Rule');
    const instance = Object.keys(template.findResources('AWS::EC2::Instance'))[0];
    const topic = Object.keys(template.findResources('AWS::SNS::Topic'))[0];
    expect(resource.Properties.EventPattern).toEqual({
      source: ['aws.health'],
      'detail-type': ['AWS Health Event'],
      resources: [{ Ref: instance }],
      detail: {
        service: ['EC2'],
        eventTypeCode: [
          'AWS_EC2_SIMPLIFIED_AUTO_RECOVERY_SUCCESS',
          'AWS_EC2_SIMPLIFIED_AUTO_RECOVERY_FAILURE',
        ],
      },
    });
    expect(resource.Properties.State).toBe('ENABLED');
    expect(resource.Properties.Targets).toEqual([expect.objectContaining({ Arn: { Ref: topic } })]);
    expect(shop.recoveryEventRule.node.defaultChild).toBeDefined();
    // the topic lets EventBridge publish
    const { resource: policy } = onlyResource(template, 'AWS::SNS::TopicPolicy');
    expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({
        Action: 'sns:Publish',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Resource: { Ref: topic },
      }),
    );
  });

  test('outputs: the URL, the instance, the SSM session command, the backup bucket', () => {
    const outputs = Object.keys(template.findOutputs('*'));
    for (const name of [
      'ShopUrl',
      'InstanceId',
      'SsmSessionCommand',
      'BackupBucketName',
      'ElasticIpAddress',
    ]) {
      expect(outputs.some((o) => o.includes(name))).toBe(true);
    }
    const url = Object.entries(template.findOutputs('*')).find(([k]) => k.includes('ShopUrl'))![1] as any;
    expect(url.Description).toMatch(/plain HTTP: no domainName/);
    expect(JSON.stringify(url.Value)).toContain('http://');
  });
});

describe('SingleHostShop host metrics', () => {
  test('the agent publishes only the metrics the alarms watch, with the dimensions they name', () => {
    const { template } = synth();
    const agent = JSON.parse(
      writtenFiles(userDataOf(template)).get(
        '/opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.json',
      )!,
    );
    expect(agent.metrics.namespace).toBe('CdkShop');
    expect(agent.metrics.append_dimensions).toEqual({ InstanceId: '${aws:InstanceId}' });
    expect(agent.metrics.metrics_collected.disk).toMatchObject({ resources: ['/data'], drop_device: true });
    expect(Object.keys(agent.metrics.metrics_collected).sort()).toEqual(['disk', 'mem']);
    expect(agent.metrics.aggregation_dimensions).toBeUndefined();
    const alarm = (name: string) =>
      (
        Object.values(
          template.findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: name } }),
        )[0] as any
      ).Properties;
    const dims = (name: string) =>
      alarm(name)
        .Dimensions.map((d: any) => d.Name)
        .sort();
    expect(dims('mem_used_percent')).toEqual(['InstanceId']);
    expect(dims('disk_used_percent')).toEqual(['InstanceId', 'fstype', 'path']);
    expect(alarm('disk_used_percent').Dimensions).toContainEqual({ Name: 'path', Value: '/data' });
    // the data volume is formatted xfs by the attach script, the fstype the alarm names
    expect(fs.readFileSync('assets/host/attach-data-volume.sh', 'utf-8')).toContain('mkfs.xfs');
  });
});

describe('SingleHostShop domain and images', () => {
  test('a hosted zone gets an A record to the Elastic IP, and the URL is https', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack');
    const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', {
      hostedZoneId: 'Z123',
      zoneName: 'example.com',
    });
    const shop = new SingleHostShop(stack, 'Shop', {
      ...MINIMAL,
      domainName: 'shop.example.com',
      certificateEmail: 'ops@example.com',
      hostedZone: zone,
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'shop.example.com.',
      Type: 'A',
      HostedZoneId: 'Z123',
      ResourceRecords: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('ShopElasticIp'), 'PublicIp'] }],
    });
    expect(shop.url).toBe('https://shop.example.com');
  });

  test('an ECR image gives the host pull access to that repository only', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack');
    const repository = new ecr.Repository(stack, 'Repo');
    new SingleHostShop(stack, 'Shop', {
      storefront: { image: ShopImage.fromEcrRepository(repository, 'v1') },
    });
    const template = Template.fromStack(stack);
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (p: any) => p.Properties.PolicyDocument.Statement,
    );
    const pull = statements.find((s: any) => ([] as string[]).concat(s.Action).includes('ecr:BatchGetImage'));
    expect(pull.Resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Repo/), 'Arn'] });
    expect(userDataOf(template)).toMatch(/ECR_REGISTRIES="[^"]+\.dkr\.ecr\./);
  });

  test('a given alarm topic receives the alarms', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack');
    const topic = new sns.Topic(stack, 'Ops');
    const shop = new SingleHostShop(stack, 'Shop', { ...MINIMAL, alarmTopic: topic });
    expect(shop.alarmTopic).toBe(topic);
    Template.fromStack(stack).resourceCountIs('AWS::SNS::Topic', 1);
  });

  test('an alarm email subscribes to a new TLS-only topic', () => {
    const { template } = synth({ alarmEmail: 'ops@example.com' });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });
});

describe('SingleHostShop passes cdk-nag', () => {
  test('AwsSolutions and NIST 800-53 R5 with defaults', () => {
    expectNagClean(synth().app);
  });
  test('AwsSolutions and NIST 800-53 R5 with a domain, zone and worker', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack');
    const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', {
      hostedZoneId: 'Z1',
      zoneName: 'example.com',
    });
    new SingleHostShop(stack, 'Shop', {
      ...MINIMAL,
      worker: {},
      domainName: 'shop.example.com',
      certificateEmail: 'ops@example.com',
      hostedZone: zone,
      alarmEmail: 'ops@example.com',
    });
    expectNagClean(app);
  });
});
