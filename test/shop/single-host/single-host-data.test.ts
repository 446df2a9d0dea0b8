import { createHash } from 'crypto';
import { Duration, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { onlyResource, STOREFRONT, synth } from './single-host-fixture';
import { userDataOf, writtenFiles } from './user-data';
import { ShopImage } from '../../../src';

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
