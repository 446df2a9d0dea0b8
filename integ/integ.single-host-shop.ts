import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, RemovalPolicies, Stack } from 'aws-cdk-lib';
import { ShopImage, SingleHostShop } from '../src';

/*
 * Deploys a SingleHostShop with public multi-architecture images standing in for a
 * storefront and a backend, then checks the host, its data volume and the shop over HTTP.
 * Deleting the stack leaves the backup bucket if a backup ran (empty it by hand) and the three
 * SecureString parameters the host generated under shop.secretParameterPath (delete them by hand:
 * `aws ssm delete-parameters --names ...`); they are kept on purpose, as the data volume is.
 */
const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
const stack = new Stack(app, 'CdkShopIntegSingleHost');
// An echo server (multi-architecture, listens on $PORT) stands in for both containers.
const stub = ShopImage.fromRegistry('ealen/echo-server:0.9.2');
const shop = new SingleHostShop(stack, 'Shop', {
  storefront: { image: stub, port: 3000, healthPath: '/', environment: { PORT: '3000' } },
  backend: { image: stub, port: 9000, healthPath: '/', environment: { PORT: '9000' } },
});
RemovalPolicies.of(stack).destroy();

const integ = new IntegTest(app, 'SingleHostShopTest', { testCases: [stack] });

integ.assertions
  .awsApiCall('EC2', 'describeVolumes', { VolumeIds: [shop.dataVolume.volumeId] })
  .expect(
    ExpectedResult.objectLike({
      Volumes: [
        {
          Encrypted: true,
          VolumeType: 'gp3',
          State: 'in-use',
          Attachments: [{ InstanceId: shop.instance.instanceId }],
        },
      ],
    }),
  )
  .waitForAssertions();

integ.assertions.awsApiCall('EC2', 'describeInstances', { InstanceIds: [shop.instance.instanceId] }).expect(
  ExpectedResult.objectLike({
    Reservations: [
      { Instances: [{ MetadataOptions: { HttpTokens: 'required' }, State: { Name: 'running' } }] },
    ],
  }),
);

// The host generated its secrets as SecureString parameters at first boot (values not read here).
integ.assertions
  .awsApiCall('SSM', 'getParametersByPath', { Path: shop.secretParameterPath })
  .expect(
    ExpectedResult.objectLike({
      Parameters: [{ Type: 'SecureString' }, { Type: 'SecureString' }, { Type: 'SecureString' }],
    }),
  )
  .waitForAssertions();

integ.assertions
  .httpApiCall(shop.url)
  .expect(ExpectedResult.objectLike({ status: 200 }))
  .waitForAssertions();
