import { props } from '../cfn';
import { ebsLines, fmt, lines, notPriced, Pricer, PricerFamily } from './helpers';

const ec2Volume: Pricer = (_id, resource, ctx) => {
  const p = props(resource);
  const drafts = ebsLines(ctx, 'EBS volume', p, { n: 1 }, 'gp2', undefined, []);
  return drafts.length ? lines(...drafts) : notPriced('Size is not a literal');
};

const bucket: Pricer = (_id, _resource, ctx) => {
  const n = ctx.share('s3');
  return lines({
    description: 'S3 Standard storage',
    priceKey: 's3.standard.gbMonth',
    quantity: ctx.assumptions.storedGb / n,
    unit: 'GB-month',
    assumption: `storedGb ${fmt(ctx.assumptions.storedGb)} GB split evenly over ${n} bucket(s); requests not priced`,
  });
};

const backupVault: Pricer = (_id, _resource, ctx) => {
  const n = ctx.share('backup');
  return lines({
    description: 'EBS snapshots in AWS Backup',
    priceKey: 'backup.ebsSnapshot.gbMonth',
    quantity: ctx.assumptions.snapshotGb / n,
    unit: 'GB-month',
    assumption: `snapshotGb ${fmt(ctx.assumptions.snapshotGb)} GB split evenly over ${n} vault(s), warm tier`,
  });
};

/** EBS volumes, S3 buckets and AWS Backup vaults. */
export const STORAGE: PricerFamily = {
  pricers: {
    'AWS::EC2::Volume': ec2Volume,
    'AWS::S3::Bucket': bucket,
    'AWS::Backup::BackupVault': backupVault,
  },
  shareRules: {
    'AWS::S3::Bucket': () => 's3',
    'AWS::Backup::BackupVault': () => 'backup',
  },
  free: {
    'AWS::EC2::VolumeAttachment': 'no charge (the volume is priced)',
    'AWS::S3::BucketPolicy': 'no charge',
    'AWS::Backup::BackupPlan': 'backups are priced on the vault',
    'AWS::Backup::BackupSelection': 'backups are priced on the vault',
  },
  overrideKeyPatterns: [/^ebs\.[a-z0-9]+\.gbMonth$/],
};
