import { createHash } from 'crypto';
import * as fs from 'fs';
import { App, Duration, Size, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as sns from 'aws-cdk-lib/aws-sns';
import { userDataOf, writtenFiles } from './user-data';
import { ShopImage, SingleHostShop, SingleHostShopProps } from '../../../src';
import { expectNagClean } from '../../helpers/nag';

const STOREFRONT = ShopImage.fromRegistry('ghcr.io/acme/storefront:1.4.2');
const BACKEND = ShopImage.fromRegistry('ghcr.io/acme/medusa:1.4.2');
const MINIMAL: SingleHostShopProps = { storefront: { image: STOREFRONT }, backend: { image: BACKEND } };

function synth(props: Partial<SingleHostShopProps> = {}) {
  const app = new App();
  const stack = new Stack(app, 'Stack');
  const shop = new SingleHostShop(stack, 'Shop', { ...MINIMAL, ...props });
  return { app, stack, shop, template: Template.fromStack(stack) };
}

function onlyResource(template: Template, type: string): { logicalId: string; resource: any } {
  const found = template.findResources(type);
  const ids = Object.keys(found);
  expect(ids).toHaveLength(1);
  return { logicalId: ids[0], resource: found[ids[0]] };
}

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

describe('SingleHostShop data', () => {
  test('a separate encrypted gp3 data volume in the instance zone, retained on delete and replace', () => {
    const { template } = synth();
    const { resource } = onlyResource(template, 'AWS::EC2::Volume');
    expect(resource.Properties).toMatchObject({ Encrypted: true, VolumeType: 'gp3', Size: 20 });
    expect(resource.DeletionPolicy).toBe('Retain');
    expect(resource.UpdateReplacePolicy).toBe('Retain');
    const instance = onlyResource(template, 'AWS::EC2::Instance').resource;
    const subnet = template.toJSON().Resources[instance.Properties.NetworkInterfaces[0].SubnetId.Ref];
    expect(resource.Properties.AvailabilityZone).toEqual(subnet.Properties.AvailabilityZone);
    // attached by the host at boot, never by a VolumeAttachment tied to one instance
    template.resourceCountIs('AWS::EC2::VolumeAttachment', 0);
  });

  test('replacing the instance (new user data, new instance type) keeps the same data volume', () => {
    const before = synth().template;
    const after = synth({
      instanceType: new ec2.InstanceType('t4g.medium'),
      storefront: { image: ShopImage.fromRegistry('ghcr.io/acme/storefront:2.0.0') },
    }).template;
    const volumeBefore = onlyResource(before, 'AWS::EC2::Volume');
    const volumeAfter = onlyResource(after, 'AWS::EC2::Volume');
    const instanceBefore = onlyResource(before, 'AWS::EC2::Instance');
    const instanceAfter = onlyResource(after, 'AWS::EC2::Instance');
    // the instance is replaced: user data changes its logical id
    expect(instanceAfter.logicalId).not.toEqual(instanceBefore.logicalId);
    // the volume is the same resource with the same properties, so CloudFormation leaves it alone
    expect(volumeAfter).toEqual(volumeBefore);
    expect(JSON.stringify(volumeAfter.resource)).not.toContain(instanceBefore.logicalId);
    // the new instance's user data still names the volume
    expect(JSON.stringify(instanceAfter.resource.Properties.UserData)).toContain(volumeAfter.logicalId);
  });

  test('the secrets are not stack resources (the host keeps them in SSM), and the backup bucket survives stack deletion', () => {
    const { template, shop } = synth();
    template.resourceCountIs('AWS::SecretsManager::Secret', 0);
    template.resourceCountIs('AWS::SSM::Parameter', 0);
    // the path depends only on the construct path: a replacement host, or the stack deployed
    // again after deletion, finds the same secrets as the retained data volume's database
    expect(synth().shop.secretParameterPath).toBe(shop.secretParameterPath);
    template.hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    template.hasResource('AWS::Backup::BackupVault', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('the backup bucket is encrypted, versioned, private, TLS-only', () => {
    const { template } = synth();
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  test('dumps move to Standard-IA after 30 days, Glacier after 90, and expire after the retention', () => {
    const { template } = synth({ backupRetention: Duration.days(365) });
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: [
          Match.objectLike({
            ExpirationInDays: 365,
            Transitions: [
              { StorageClass: 'STANDARD_IA', TransitionInDays: 30 },
              { StorageClass: 'GLACIER', TransitionInDays: 90 },
            ],
          }),
        ],
      },
    });
  });

  test.each([
    // Standard-IA bills 30 days at least, Glacier 90: a move pays only when the dump stays that long
    [14, []],
    [31, []],
    [59, []],
    [60, [{ StorageClass: 'STANDARD_IA', TransitionInDays: 30 }]],
    [179, [{ StorageClass: 'STANDARD_IA', TransitionInDays: 30 }]],
    [
      180,
      [
        { StorageClass: 'STANDARD_IA', TransitionInDays: 30 },
        { StorageClass: 'GLACIER', TransitionInDays: 90 },
      ],
    ],
  ])(
    'a %d-day retention moves dumps to colder classes only to stay their minimum: %j',
    (days, transitions) => {
      const { template } = synth({ backupRetention: Duration.days(days as number) });
      template.hasResourceProperties('AWS::S3::Bucket', {
        LifecycleConfiguration: {
          Rules: [
            Match.objectLike({
              ExpirationInDays: days,
              Transitions: (transitions as any[]).length ? transitions : Match.absent(),
            }),
          ],
        },
      });
    },
  );

  test('AWS Backup snapshots the data volume daily, an hour after the dump, and keeps the snapshots as long', () => {
    const { template, shop } = synth({ backupHourUtc: 5, backupRetention: Duration.days(10) });
    template.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        BackupPlanRule: [
          Match.objectLike({ ScheduleExpression: 'cron(0 6 * * ? *)', Lifecycle: { DeleteAfterDays: 10 } }),
        ],
      },
    });
    const selection = onlyResource(template, 'AWS::Backup::BackupSelection').resource;
    // the selection belongs to the construct's own plan
    expect(selection.Properties.BackupPlanId).toEqual({
      'Fn::GetAtt': [
        Stack.of(shop).getLogicalId(shop.volumeBackup.plan.node.defaultChild as any),
        'BackupPlanId',
      ],
    });
    expect(JSON.stringify(selection.Properties.BackupSelection.Resources)).toMatch(
      /:volume\/.*ShopDataVolume/,
    );
  });

  test('an alarm fires when no backup succeeded for 26 hours', () => {
    const { template } = synth();
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'CdkShop',
      MetricName: 'BackupSucceeded',
      Statistic: 'Sum',
      Period: 3600,
      EvaluationPeriods: 26,
      DatapointsToAlarm: 26,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
    });
  });
});

describe('SingleHostShop user data', () => {
  test('downloads the host scripts from their CDK asset, readable by the host and nothing more', () => {
    const { template } = synth();
    expect(userDataOf(template)).toMatch(
      /HOST_SCRIPTS_URL=s3:\/\/\$\{AWS::AccountId\}|HOST_SCRIPTS_URL=s3:\/\/cdk-/,
    );
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (p: any) => p.Properties.PolicyDocument.Statement,
    );
    const get = statements.find((s: any) => s.Action === 's3:GetObject');
    expect(JSON.stringify(get.Resource)).toMatch(/\.zip"/);
  });

  test('too much environment is rejected at synth, not at launch', () => {
    const environment: { [name: string]: string } = {};
    for (let i = 0; i < 400; i++) {
      environment[`SETTING_${i}`] = createHash('sha256').update(String(i)).digest('hex');
    }
    expect(() => synth({ storefront: { image: STOREFRONT, environment } })).toThrow(
      /user data is \d+ bytes, over EC2's limit of 16384\. Shorten the containers' environment/,
    );
  });

  test('is a cloud-config under the 16 KB EC2 limit, with no secret value in it', () => {
    const { template } = synth({
      worker: {},
      domainName: 'shop.example.com',
      certificateEmail: 'ops@example.com',
    });
    const userData = userDataOf(template);
    expect(userData.startsWith('#cloud-config\n')).toBe(true);
    expect(Buffer.byteLength(userData)).toBeLessThan(16 * 1024);
    expect(userData).not.toMatch(/POSTGRES_PASSWORD=|JWT_SECRET=|COOKIE_SECRET=/);
    expect(userData).not.toContain('{{resolve:');
    // the host learns only the secrets' parameter path, and generates or reads them at service start
    expect(userData).toMatch(/^ +SECRET_PARAMETER_PATH=\/cdk-shop\/stack-shop-[a-z0-9]+\/$/m);
  });

  test('names the domain, the certificate contact and the backup settings', () => {
    const { template } = synth({
      domainName: 'shop.example.com',
      certificateEmail: 'ops@example.com',
      backupHourUtc: 4,
    });
    const files = writtenFiles(userDataOf(template));
    expect(files.get('/etc/cdk-shop/host.env')).toContain('DOMAIN_NAME=shop.example.com');
    expect(files.get('/etc/cdk-shop/host.env')).toContain('CERTIFICATE_EMAIL=ops@example.com');
    expect(files.get('/etc/systemd/system/cdk-shop-backup.timer')).toContain('OnCalendar=*-*-* 04:00:00 UTC');
    expect(files.get('/opt/cdk-shop/nginx-tls.conf')).toContain(
      '/etc/letsencrypt/live/shop.example.com/fullchain.pem',
    );
    expect(files.get('/opt/cdk-shop/nginx-http.conf')).not.toContain('ssl_certificate');
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

describe('SingleHostShop rejects bad input at synth', () => {
  const zone = (stack: Stack) =>
    route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', {
      hostedZoneId: 'Z1',
      zoneName: 'example.com',
    });

  test.each<[string, (stack: Stack) => SingleHostShopProps, RegExp]>([
    ['no container at all', () => ({}), /invalid 'storefront': neither storefront nor backend/],
    [
      'a worker without a backend',
      () => ({ storefront: { image: STOREFRONT }, worker: {} }),
      /invalid 'worker'.*no backend/,
    ],
    [
      'storefront and backend on one port',
      () => ({ storefront: { image: STOREFRONT, port: 8080 }, backend: { image: BACKEND, port: 8080 } }),
      /invalid 'backend.port': storefront and backend both listen on port 8080/,
    ],
    [
      'a port nginx needs',
      () => ({ ...MINIMAL, storefront: { image: STOREFRONT, port: 443 } }),
      /invalid 'storefront.port'.*taken/,
    ],
    [
      'a port out of range',
      () => ({ ...MINIMAL, backend: { image: BACKEND, port: 70000 } }),
      /invalid 'backend.port': 70000/,
    ],
    [
      'a health path without a slash',
      () => ({ ...MINIMAL, backend: { image: BACKEND, healthPath: 'health' } }),
      /invalid 'backend.healthPath'/,
    ],
    [
      'no backend prefixes',
      () => ({ ...MINIMAL, backend: { image: BACKEND, pathPrefixes: [] } }),
      /invalid 'backend.pathPrefixes': the list is empty/,
    ],
    [
      'a prefix that routes everything',
      () => ({ ...MINIMAL, backend: { image: BACKEND, pathPrefixes: ['/'] } }),
      /invalid 'backend.pathPrefixes': '\/' is not a path prefix/,
    ],
    [
      'a prefix with a brace',
      () => ({ ...MINIMAL, backend: { image: BACKEND, pathPrefixes: ['/store}'] } }),
      /invalid 'backend.pathPrefixes'/,
    ],
    [
      'an x86 image tag on a Graviton instance',
      () => ({ ...MINIMAL, backend: { image: ShopImage.fromRegistry('acme/medusa:1.0-amd64') } }),
      /invalid 'backend.image': tag '1.0-amd64' is an x86 image, but the instance type is Graviton/,
    ],
    [
      'an ARM image tag on an x86 instance',
      () => ({
        ...MINIMAL,
        instanceType: new ec2.InstanceType('t3.small'),
        storefront: { image: ShopImage.fromRegistry('acme/web:arm64') },
      }),
      /invalid 'storefront.image'.*ARM image/,
    ],
    [
      'an image reference with a space',
      () => ({ ...MINIMAL, storefront: { image: ShopImage.fromRegistry('acme/web latest') } }),
      /invalid 'storefront.image'/,
    ],
    [
      'a generated variable set by hand',
      () => ({ ...MINIMAL, backend: { image: BACKEND, environment: { JWT_SECRET: 'hunter2' } } }),
      /invalid 'backend.environment': JWT_SECRET is generated by the shop/,
    ],
    [
      'an environment name with a dash',
      () => ({ ...MINIMAL, storefront: { image: STOREFRONT, environment: { 'MY-VAR': 'x' } } }),
      /invalid 'storefront.environment'.*'MY-VAR'/,
    ],
    [
      'an invalid domain',
      () => ({ ...MINIMAL, domainName: 'shop_example', certificateEmail: 'a@b.co' }),
      /invalid 'domainName': 'shop_example'/,
    ],
    [
      'an invalid certificate email',
      () => ({ ...MINIMAL, domainName: 'shop.example.com', certificateEmail: 'ops' }),
      /invalid 'certificateEmail': 'ops'/,
    ],
    [
      'a domain without a certificate email',
      () => ({ ...MINIMAL, domainName: 'shop.example.com' }),
      /invalid 'certificateEmail': it is required with 'domainName'/,
    ],
    [
      'a certificate email without a domain',
      () => ({ ...MINIMAL, certificateEmail: 'ops@example.com' }),
      /invalid 'certificateEmail': there is no 'domainName'/,
    ],
    ['a hosted zone without a domain', (s) => ({ ...MINIMAL, hostedZone: zone(s) }), /invalid 'hostedZone'/],
    [
      'a domain outside the hosted zone',
      (s) => ({
        ...MINIMAL,
        hostedZone: zone(s),
        domainName: 'shop.example.org',
        certificateEmail: 'ops@example.org',
      }),
      /invalid 'domainName': 'shop.example.org' is not in the hosted zone 'example.com'/,
    ],
    ['an invalid alarm email', () => ({ ...MINIMAL, alarmEmail: 'not-an-email' }), /invalid 'alarmEmail'/],
    [
      'an alarm email and a topic',
      (s) => ({ ...MINIMAL, alarmEmail: 'ops@example.com', alarmTopic: new sns.Topic(s, 'T') }),
      /'alarmTopic' and 'alarmEmail' cannot be given together/,
    ],
    ['an invalid database name', () => ({ ...MINIMAL, databaseName: 'My-Shop' }), /invalid 'databaseName'/],
    [
      'an unknown PostgreSQL version',
      () => ({ ...MINIMAL, postgresVersion: '9' }),
      /invalid 'postgresVersion': '9'/,
    ],
    ['an unknown Redis version', () => ({ ...MINIMAL, redisVersion: '5' }), /invalid 'redisVersion'/],
    [
      'an instance with too little memory',
      () => ({ ...MINIMAL, instanceType: new ec2.InstanceType('t4g.micro') }),
      /invalid 'instanceType': t4g.micro has less than the 2 GiB/,
    ],
    [
      'a root volume too small',
      () => ({ ...MINIMAL, rootVolumeSize: Size.gibibytes(4) }),
      /invalid 'rootVolumeSize': 4 GiB/,
    ],
    [
      'a data volume of zero',
      () => ({ ...MINIMAL, dataVolumeSize: Size.gibibytes(0) }),
      /invalid 'dataVolumeSize'/,
    ],
    [
      'swap filling the root volume',
      () => ({ ...MINIMAL, swapSize: Size.gibibytes(12) }),
      /invalid 'swapSize'/,
    ],
    ['a backup hour of 24', () => ({ ...MINIMAL, backupHourUtc: 24 }), /invalid 'backupHourUtc': 24/],
    [
      'a retention shorter than the daily schedule',
      () => ({ ...MINIMAL, backupRetention: Duration.hours(12) }),
      /invalid 'backupRetention': 12 hours is shorter than the daily backup schedule/,
    ],
    [
      'a retention of part days',
      () => ({ ...MINIMAL, backupRetention: Duration.hours(36) }),
      /invalid 'backupRetention'.*whole number of days/,
    ],
    [
      'subnets without a VPC',
      () => ({ ...MINIMAL, vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } }),
      /invalid 'vpcSubnets'.*'vpc', which is not given/,
    ],
  ])('%s', (_name, props, message) => {
    const stack = new Stack(new App(), 'Stack');
    expect(() => new SingleHostShop(stack, 'Shop', props(stack))).toThrow(message);
  });

  test('a VPC without public subnets', () => {
    const stack = new Stack(new App(), 'Stack');
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
      vpcId: 'vpc-1',
      availabilityZones: ['us-east-1a'],
      isolatedSubnetIds: ['subnet-1'],
    });
    expect(() => new SingleHostShop(stack, 'Shop', { ...MINIMAL, vpc })).toThrow(
      /invalid 'vpcSubnets': no public subnet/,
    );
  });
});
