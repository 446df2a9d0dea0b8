import { Stack, StackProps } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { NatType, NetworkProfile, ShopBackup, ShopCache, ShopDatabase, ShopNetwork } from '../src';

/**
 * The data tier of a shop in development: PostgreSQL and Valkey on their development presets,
 * in a two-zone network with a NAT instance, and an AWS Backup plan for the database.
 */
export class DevelopmentDataTierStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const network = new ShopNetwork(this, 'Network', {
      profile: NetworkProfile.TWO_AZ_SINGLE_NAT,
      natType: NatType.INSTANCE,
    });
    const database = new ShopDatabase(this, 'Database', { vpc: network.vpc });
    const cache = new ShopCache(this, 'Cache', { vpc: network.vpc });
    // The shop's application (a Fargate service, a function) joins this group to reach both,
    // on the literal ports 5432 and 6379.
    const application = new ec2.SecurityGroup(this, 'Application', {
      vpc: network.vpc,
      description: 'The shop application: reaches PostgreSQL and Valkey',
    });
    database.allowFrom(application);
    cache.allowFrom(application);
    new ShopBackup(this, 'Backup', {
      resources: [backup.BackupResource.fromRdsDatabaseInstance(database.instance)],
    });
  }
}
