import { Size, Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { ShopImage, SingleHostShop } from '../../src';

/**
 * Seed 000 ("low-cost startup"): the whole shop in Docker on one t3.small with 30 GB of
 * storage, nginx and Let's Encrypt, backups to S3, a Route 53 zone. Rebuilt with
 * `SingleHostShop` on the seed's own instance type (x86) and 30 GB of disk (the default 8 GB root,
 * 22 GB data, which also holds Docker's images), so the estimate compares like with like.
 */
export class Seed000SingleHostStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const hostedZone = new route53.PublicHostedZone(this, 'Zone', { zoneName: 'example.com' });
    new SingleHostShop(this, 'Shop', {
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.T3, ec2.InstanceSize.SMALL),
      dataVolumeSize: Size.gibibytes(22),
      storefront: { image: ShopImage.fromRegistry('ghcr.io/acme/storefront:1.0.0') },
      backend: { image: ShopImage.fromRegistry('ghcr.io/acme/medusa:1.0.0') },
      domainName: 'shop.example.com',
      hostedZone,
      certificateEmail: 'ops@example.com',
      alarmEmail: 'ops@example.com',
    });
  }
}
