import { App, Duration, Size, Stack } from 'aws-cdk-lib';
import { Annotations as AssertAnnotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import { BACKEND, image, MINIMAL, text, threeTierVpc } from './single-host-fixture';
import { userDataOf, writtenFiles } from './user-data';
import { ShopImage, SingleHostShop, SingleHostShopProps } from '../../../src';

/* Near-edge good input of SingleHostShop (issue 9, items 5 and 8): accepted and rendered. */

describe('SingleHostShop accepts near-edge good input', () => {
  function synth(props: (stack: Stack) => SingleHostShopProps) {
    const stack = new Stack(new App(), 'Stack');
    const shop = new SingleHostShop(stack, 'Shop', props(stack));
    const template = Template.fromStack(stack);
    return { stack, shop, template, userData: userDataOf(template) };
  }
  const hostEnv = (userData: string) => writtenFiles(userData).get('/etc/cdk-shop/host.env') ?? userData;

  test.each([
    'registry.example.com:5000/acme/web:1.0@sha256:' + 'a'.repeat(64),
    `acme/web:${'v'.repeat(128)}`,
    'acme/my__web.app-x/a-b--c:v1_2.3-rc',
    'localhost/web',
    '[::1]:5000/web:1',
  ])('the image reference %s', (reference) => {
    const { userData } = synth(() => image(reference));
    expect(hostEnv(userData)).toContain(`STOREFRONT_IMAGE=${reference}`);
  });

  test('a health path with a query, and prefixes next to the ACME path', () => {
    const { userData } = synth(() => ({
      ...MINIMAL,
      backend: {
        image: BACKEND,
        healthPath: '/health?ready=1&x=%20',
        pathPrefixes: ['/.well-known', '/store.v2/~x'],
      },
    }));
    const files = writtenFiles(userData);
    expect(files.get('/opt/cdk-shop/compose.yaml')).toContain(
      "fetch('http://127.0.0.1:9000/health?ready=1&x=%20'",
    );
    const nginx = files.get('/opt/cdk-shop/nginx-http.conf')!;
    expect(nginx).toContain('location ^~ /.well-known/ {');
    expect(nginx).toContain('location ^~ /.well-known/acme-challenge/ {');
    expect(nginx).toContain('location = /store.v2/~x {');
  });

  test('sizes at their edges: an 8 GiB root with 4 GiB of swap, a data volume given in MiB', () => {
    const { template, userData } = synth(() => ({
      ...MINIMAL,
      rootVolumeSize: Size.gibibytes(8),
      swapSize: Size.gibibytes(4),
      dataVolumeSize: Size.mebibytes(20480),
    }));
    template.hasResourceProperties('AWS::EC2::Instance', {
      BlockDeviceMappings: [Match.objectLike({ Ebs: Match.objectLike({ VolumeSize: 8 }) })],
    });
    template.hasResourceProperties('AWS::EC2::Volume', { Size: 20 });
    expect(hostEnv(userData)).toContain('SWAP_MIB=4096');
  });

  test('backups at their edges: one day kept, at hour 0 (volume snapshot at 1) and 23 (snapshot at 0)', () => {
    const early = synth(() => ({ ...MINIMAL, backupHourUtc: 0, backupRetention: Duration.hours(24) }));
    early.template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 1 })] },
    });
    expect(writtenFiles(early.userData).get('/etc/systemd/system/cdk-shop-backup.timer')).toContain(
      'OnCalendar=*-*-* 00:00:00 UTC',
    );
    const late = synth(() => ({ ...MINIMAL, backupHourUtc: 23 }));
    late.template.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: { BackupPlanRule: [Match.objectLike({ ScheduleExpression: 'cron(0 0 * * ? *)' })] },
    });
  });

  test('an alarm email from a parameter (SNS resolves it at deploy time)', () => {
    const { template } = synth((s) => ({ ...MINIMAL, alarmEmail: text(s) }));
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: { Ref: 'Text' },
    });
  });

  test('a public subnet of a three-tier VPC, selected by group name', () => {
    const { template, stack } = synth((s) => ({
      ...MINIMAL,
      vpc: threeTierVpc(s),
      vpcSubnets: { subnetGroupName: 'Public' },
    }));
    const subnet = stack.node.findChild('Vpc').node.findChild('PublicSubnet1').node
      .defaultChild as ec2.CfnSubnet;
    template.hasResourceProperties('AWS::EC2::Instance', {
      NetworkInterfaces: [Match.objectLike({ SubnetId: { Ref: stack.getLogicalId(subnet) } })],
    });
    expect(AssertAnnotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('vpcSubnets'))).toEqual(
      [],
    );
  });

  test('an imported subnet of unknown type is accepted with a warning naming the risk', () => {
    const { stack } = synth((s) => {
      const vpc = ec2.Vpc.fromVpcAttributes(s, 'Imported', {
        vpcId: 'vpc-1',
        availabilityZones: ['us-east-1a'],
        publicSubnetIds: ['subnet-public'],
      });
      const other = ec2.Subnet.fromSubnetAttributes(s, 'Other', {
        subnetId: 'subnet-other',
        availabilityZone: 'us-east-1a',
      });
      return { ...MINIMAL, vpc, vpcSubnets: { subnets: [other] } };
    });
    const warnings = AssertAnnotations.fromStack(stack).findWarning(
      '*',
      Match.stringLikeRegexp('vpcSubnets'),
    );
    expect(warnings.map((w) => w.entry.data)).toEqual([
      expect.stringMatching(/not one of the VPC's public subnets.*the Elastic IP cannot reach the host/),
    ]);
  });

  test('an ECR image with a tag pulls from that repository', () => {
    const { userData } = synth((s) => ({
      ...MINIMAL,
      backend: { image: ShopImage.fromEcrRepository(new ecr.Repository(s, 'Repo'), '2026.12.01-rc.1') },
    }));
    expect(hostEnv(userData)).toMatch(/BACKEND_IMAGE=.*:2026\.12\.01-rc\.1$/m);
  });
});
