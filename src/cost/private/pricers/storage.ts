import { props, references, Resources } from '../cfn';
import { ebsLines, fmt, LineDraft, lines, notPriced, Pricer, PricerFamily } from './helpers';

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

/** What a vault's recovery points are of, each with its AWS Backup storage price. */
const RECOVERY_POINTS = {
  ebs: { description: 'EBS snapshots in AWS Backup', priceKey: 'backup.ebsSnapshot.gbMonth' },
  rds: { description: 'RDS snapshots in AWS Backup', priceKey: 'backup.rdsSnapshot.gbMonth' },
  dynamodb: { description: 'DynamoDB backups in AWS Backup', priceKey: 'backup.dynamodb.gbMonth' },
};
type RecoveryPointKind = keyof typeof RECOVERY_POINTS;

const KIND_OF_TYPE: { [type: string]: RecoveryPointKind } = {
  'AWS::EC2::Volume': 'ebs',
  'AWS::EC2::Instance': 'ebs',
  'AWS::RDS::DBInstance': 'rds',
  'AWS::DynamoDB::Table': 'dynamodb',
  'AWS::DynamoDB::GlobalTable': 'dynamodb',
};

/** The kind of one entry of a backup selection's Resources: from what it references, or its ARN. */
function kindOf(resources: Resources, entry: unknown): RecoveryPointKind | undefined {
  for (const [id, r] of Object.entries(resources)) {
    if (KIND_OF_TYPE[r?.Type] && references(entry, id)) return KIND_OF_TYPE[r.Type];
  }
  const text = JSON.stringify(entry ?? '');
  if (/:volume\/|:instance\//.test(text)) return 'ebs';
  if (/:rds:[^"]*:db:/.test(text)) return 'rds';
  return /:dynamodb:[^"]*:table\//.test(text) ? 'dynamodb' : undefined;
}

/**
 * What the backup plans that write to a vault select: the kinds of their resources, and whether
 * some selection is not known from the template (tags, conditions, other services).
 */
function vaultContents(
  resources: Resources,
  vaultId: string,
): { kinds: RecoveryPointKind[]; unknown: boolean } {
  const plans = Object.keys(resources).filter((id) => {
    const r = resources[id];
    const rules = props(r).BackupPlan?.BackupPlanRule;
    return (
      r?.Type === 'AWS::Backup::BackupPlan' &&
      Array.isArray(rules) &&
      rules.some((rule: any) => references(rule?.TargetBackupVault, vaultId))
    );
  });
  const kinds = new Set<RecoveryPointKind>();
  let unknown = false;
  for (const r of Object.values(resources)) {
    if (
      r?.Type !== 'AWS::Backup::BackupSelection' ||
      !plans.some((plan) => references(props(r).BackupPlanId, plan))
    ) {
      continue;
    }
    const selection = props(r).BackupSelection ?? {};
    const entries: unknown[] = Array.isArray(selection.Resources) ? selection.Resources : [];
    if (selection.ListOfTags !== undefined || selection.Conditions !== undefined || entries.length === 0) {
      unknown = true;
    }
    for (const entry of entries) {
      const kind = kindOf(resources, entry);
      if (kind) kinds.add(kind);
      else unknown = true;
    }
  }
  return { kinds: [...kinds].sort(), unknown: unknown || kinds.size === 0 };
}

const backupVault: Pricer = (id, _resource, ctx) => {
  const n = ctx.share('backup');
  const perVault = ctx.assumptions.snapshotGb / n;
  const { kinds, unknown } = vaultContents(ctx.resources, id);
  const split = `snapshotGb ${fmt(ctx.assumptions.snapshotGb)} GB split evenly over ${n} vault(s)`;
  if (kinds.length === 0) {
    return lines({
      ...RECOVERY_POINTS.ebs,
      description: 'recovery points in AWS Backup',
      quantity: perVault,
      unit: 'GB-month',
      assumption: `${split}, warm tier; what its plans back up is not known from the template: priced at the EBS snapshot rate`,
    });
  }
  const drafts: LineDraft[] = kinds.map((kind) => ({
    ...RECOVERY_POINTS[kind],
    quantity: perVault / kinds.length,
    unit: 'GB-month',
    assumption:
      `${split}` +
      (kinds.length > 1 ? ` and over the ${kinds.length} kinds it holds (${kinds.join(', ')})` : '') +
      `, warm tier, from the resources its backup plans select` +
      (kind === 'rds' ? '; the free allowance not applied' : '') +
      (kind === 'dynamodb'
        ? "; DynamoDB backups are full copies, not incremental: give snapshotGb as the tables' size × the recovery points kept"
        : '') +
      (unknown ? '; some selections (tags or other services) are not known from the template' : ''),
  }));
  return lines(...drafts);
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
  priceKeys: [
    'ebs.gp3.includedIops',
    'ebs.gp3.includedThroughputMBps',
    'ebs.gp3.extraIops',
    'ebs.gp3.extraThroughput',
    's3.standard.gbMonth',
    'backup.ebsSnapshot.gbMonth',
    'backup.rdsSnapshot.gbMonth',
    'backup.dynamodb.gbMonth',
  ],
  keyForms: [{ pattern: /^ebs\.[a-z0-9]+\.gbMonth$/, form: 'ebs.<volume type>.gbMonth' }],
};
