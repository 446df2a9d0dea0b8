import { App, Stack } from 'aws-cdk-lib';
import { BASIC } from './fargate-fixtures';
import { FargateShop, FargateShopPreset, FargateShopProps } from '../../../src';
import { guardFindings } from '../../helpers/guard';
import { expectNagClean } from '../../helpers/nag';

function shopApp(props: FargateShopProps): App {
  const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
  const stack = new Stack(app, 'Stack', { env: { region: 'us-east-1' } });
  new FargateShop(stack, 'Shop', props);
  return app;
}

describe.each<[string, FargateShopProps]>([
  ['DEVELOPMENT', BASIC],
  ['HIGHLY_AVAILABLE with a worker', { ...BASIC, worker: {}, preset: FargateShopPreset.HIGHLY_AVAILABLE }],
])('FargateShop migration (%s)', (_label, props) => {
  const app = shopApp(props);
  test('cdk-nag', () => {
    expectNagClean(app);
  });
  test('cfn-guard', () => {
    expect(guardFindings(app, 'Stack')).toEqual([]);
  });
});
