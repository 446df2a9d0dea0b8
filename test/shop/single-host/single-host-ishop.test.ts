import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecrAssets from 'aws-cdk-lib/aws-ecr-assets';
import { userDataOf } from './user-data';
import { IServerShop, ShopImage, SingleHostShop, SingleHostShopProps } from '../../../src';
import { expectNagClean } from '../../helpers/nag';

const STOREFRONT = ShopImage.fromRegistry('ghcr.io/acme/storefront:1.4.2');
const BACKEND = ShopImage.fromRegistry('ghcr.io/acme/medusa:1.4.2');
const ASSET_DIR = path.join(__dirname, '..', 'base', 'fixtures', 'storefront');

function synth(props: Partial<SingleHostShopProps> = {}) {
  const app = new App();
  const stack = new Stack(app, 'Stack');
  const shop = new SingleHostShop(stack, 'Shop', {
    storefront: { image: STOREFRONT },
    backend: { image: BACKEND },
    ...props,
  });
  return { stack, shop, template: Template.fromStack(stack) };
}

describe('SingleHostShop as an IShop', () => {
  const { stack, shop, template } = synth();
  const asShop: IServerShop = shop;

  test('alarms holds every alarm of the template, each notifying the alarm topic', () => {
    const inTemplate = Object.keys(template.findResources('AWS::CloudWatch::Alarm')).sort();
    const exposed = asShop.alarms.map((a) => stack.getLogicalId(a.node.defaultChild as any)).sort();
    expect(exposed).toEqual(inTemplate);
    expect(exposed.length).toBeGreaterThanOrEqual(4);
    const topic = stack.resolve((asShop.alarmTopic.node.defaultChild as any).ref);
    for (const alarm of Object.values(template.findResources('AWS::CloudWatch::Alarm'))) {
      expect((alarm as any).Properties.AlarmActions).toContainEqual(topic);
    }
  });

  test('metricCpuUtilization is the instance CPUUtilization in AWS/EC2', () => {
    const metric = asShop.metricCpuUtilization();
    expect(metric.namespace).toBe('AWS/EC2');
    expect(metric.metricName).toBe('CPUUtilization');
    expect(stack.resolve(metric.dimensions)).toEqual({ InstanceId: stack.resolve(shop.instance.instanceId) });
  });

  test('metricMemoryUtilization is the metric the memory alarm watches', () => {
    const metric = asShop.metricMemoryUtilization();
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map(
      (a: any) => a.Properties,
    );
    const memory = alarms.find((a) => a.MetricName === metric.metricName);
    expect(memory).toBeDefined();
    expect(memory.Namespace).toBe(metric.namespace);
    expect(memory.Dimensions).toEqual(
      Object.entries(stack.resolve(metric.dimensions)).map(([Name, Value]) => ({ Name, Value })),
    );
    expect(memory.Statistic).toBe('Average');
  });

  test('metric options override the defaults', () => {
    expect(asShop.metricCpuUtilization({ statistic: 'Maximum' }).statistic).toBe('Maximum');
  });

  test('url and vpc are the shop own', () => {
    expect(asShop.vpc).toBe(shop.vpc);
    expect(asShop.url).toMatch(/^http:\/\//);
  });
});

describe('SingleHostShop with an asset image', () => {
  test('the host pulls it from the assets repository, with pull rights on that repository only', () => {
    const { template } = synth({ storefront: { image: ShopImage.fromAsset(ASSET_DIR) } });
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (p: any) => p.Properties.PolicyDocument.Statement,
    );
    const pull = statements.filter((s: any) =>
      ([] as string[]).concat(s.Action).includes('ecr:BatchGetImage'),
    );
    expect(pull).toHaveLength(1);
    expect(JSON.stringify(pull[0].Resource)).toMatch(/:repository\/.*cdk-hnb659fds-container-assets-/);
    const userData = userDataOf(template);
    expect(userData).toMatch(
      /STOREFRONT_IMAGE=[^\n]*\.dkr\.ecr\.[^\n]*cdk-hnb659fds-container-assets-[^\n]*:[0-9a-f]{64}/,
    );
    expect(userData).toMatch(/ECR_REGISTRIES="[^"]+\.dkr\.ecr\./);
  });

  test('passes cdk-nag (AwsSolutions, NIST 800-53 R5) with the asset pull rights', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack');
    new SingleHostShop(stack, 'Shop', { storefront: { image: ShopImage.fromAsset(ASSET_DIR) } });
    expectNagClean(app);
  });

  test('an amd64 asset on the default Graviton host is refused, an amd64 asset on t3 accepted', () => {
    const amd64 = ShopImage.fromAsset(ASSET_DIR, { platform: ecrAssets.Platform.LINUX_AMD64 });
    expect(() => synth({ storefront: { image: amd64 } })).toThrow(
      /^Stack\/Shop: invalid 'storefront\.image': the asset's platform is an x86 image, but the instance type is Graviton \(ARM64\)/,
    );
    expect(() =>
      synth({ storefront: { image: amd64 }, instanceType: new ec2.InstanceType('t3.small') }),
    ).not.toThrow();
  });
});
