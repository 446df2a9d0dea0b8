import { App, Stack } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { BASIC, PRODUCTS } from './fargate-fixtures';
import { FargateShop, FargateShopPreset, FargateShopProps, ShopCapacity, ShopRepository } from '../../../src';
import { guardFindings } from '../../helpers/guard';
import { acknowledgements, expectNagClean } from '../../helpers/nag';

function shopApp(props: (stack: Stack) => FargateShopProps): { app: App; stack: Stack } {
  const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
  const stack = new Stack(app, 'Stack', { env: { region: 'us-east-1' } });
  new FargateShop(stack, 'Shop', props(stack));
  return { app, stack };
}

const FULL = (stack: Stack): FargateShopProps => {
  const repository = new ShopRepository(stack, 'ProductImages', { repositoryName: 'acme/products' });
  return {
    ...BASIC,
    worker: {},
    preset: FargateShopPreset.HIGHLY_AVAILABLE,
    domainName: 'shop.example.com',
    hostedZone: route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', {
      hostedZoneId: 'Z1',
      zoneName: 'example.com',
    }),
    alarmEmail: 'ops@example.com',
    enableExecuteCommand: true,
    services: [
      {
        name: 'products',
        image: repository.image('2.0.0'),
        port: 8000,
        pathPatterns: ['/products', '/products/*'],
      },
      {
        name: 'orders',
        image: PRODUCTS,
        port: 8001,
        public: false,
        database: true,
        command: ['node', 'orders.js'],
      },
    ],
    workerService: { capacity: ShopCapacity.fargateSpot({ onDemandBase: 1, onDemandWeight: 1 }) },
  };
};

describe.each<[string, (stack: Stack) => FargateShopProps]>([
  ['DEVELOPMENT defaults', () => BASIC],
  ['the fullest HIGHLY_AVAILABLE shop', FULL],
])('FargateShop (%s) passes cdk-nag and cfn-guard', (_label, props) => {
  const { app } = shopApp(props);

  test('cdk-nag AwsSolutions and NIST 800-53 R5: no finding left, every acknowledgement reasoned', () => {
    expectNagClean(app);
  });

  test('cfn-guard Control Tower rules: no finding left', () => {
    expect(guardFindings(app, 'Stack')).toEqual([]);
  });
});

test('acknowledgements follow the shape: container insights and deletion protection only when off', () => {
  const dev = shopApp(() => BASIC).app;
  const ha = shopApp(FULL).app;
  const rules = (app: App) => acknowledgements(app).map((a) => a.rule);
  expect(rules(dev)).toContain('AwsSolutions-ECS4');
  expect(rules(dev)).toContain('AwsSolutions-RDS10');
  expect(rules(ha)).not.toContain('AwsSolutions-ECS4');
  expect(rules(ha)).not.toContain('AwsSolutions-RDS10');
});
