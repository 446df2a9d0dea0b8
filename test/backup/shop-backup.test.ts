import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, RemovalPolicy, Size, Stack, StackProps } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { ShopBackup, ShopBackupProps } from '../../src/backup';
import { guardFindings } from '../helpers/guard';
import { acknowledgements, expectNagClean } from '../helpers/nag';

const VOLUME_ARN = 'arn:aws:ec2:us-east-1:123456789012:volume/vol-0123456789abcdef0';
const VOLUME = backup.BackupResource.fromArn(VOLUME_ARN);
const DR_VAULT_ARN = 'arn:aws:backup:us-west-2:123456789012:backup-vault:shop-dr';
const US_EAST_1 = { env: { account: '123456789012', region: 'us-east-1' } };

function synth(props: ShopBackupProps = { resources: [VOLUME] }, stackProps: StackProps = {}) {
  const app = new App();
  const stack = new Stack(app, 'Stack', stackProps);
  const shopBackup = new ShopBackup(stack, 'Backup', props);
  return { app, stack, shopBackup, template: Template.fromStack(stack) };
}

function onlyResource(template: Template, type: string): { logicalId: string; resource: any } {
  const found = template.findResources(type);
  const ids = Object.keys(found);
  expect(ids).toHaveLength(1);
  return { logicalId: ids[0], resource: found[ids[0]] };
}

function rules(template: Template): any[] {
  return onlyResource(template, 'AWS::Backup::BackupPlan').resource.Properties.BackupPlan.BackupPlanRule;
}

function rule(template: Template, name: string): any {
  return rules(template).find((r) => r.RuleName === name);
}

/** The logical ids a resource's properties point at with Ref or Fn::GetAtt. */
function referencedIds(resource: any): string[] {
  const ids: string[] = [];
  JSON.stringify(resource.Properties ?? {}, (key, value) => {
    if (key === 'Ref' && typeof value === 'string' && !value.startsWith('AWS::')) ids.push(value);
    if (key === 'Fn::GetAtt') ids.push(value[0]);
    return value;
  });
  return ids;
}

/** A customer-managed key that passes cfn-guard's CT.KMS.PR.3 (grants only for AWS services). */
function guardedKey(stack: Stack): kms.Key {
  const key = new kms.Key(stack, 'BackupKey', {
    enableKeyRotation: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      effect: iam.Effect.DENY,
      actions: ['kms:CreateGrant'],
      principals: [new iam.AnyPrincipal()],
      resources: ['*'],
      conditions: {
        BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' },
      },
    }),
  );
  return key;
}

describe('ShopBackup vault', () => {
  test('by default the vault uses the AWS managed key and no KMS key is defined', () => {
    const { template, shopBackup } = synth();
    const { resource } = onlyResource(template, 'AWS::Backup::BackupVault');
    expect(resource.Properties.EncryptionKeyArn).toBeUndefined();
    expect(resource.Properties.LockConfiguration).toBeUndefined();
    template.resourceCountIs('AWS::KMS::Key', 0);
    expect(shopBackup.encryptionKey).toBeUndefined();
  });

  test('a given customer-managed key encrypts the vault', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack');
    const key = guardedKey(stack);
    const shopBackup = new ShopBackup(stack, 'Backup', { resources: [VOLUME], encryptionKey: key });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Backup::BackupVault', {
      EncryptionKeyArn: { 'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as kms.CfnKey), 'Arn'] },
    });
    expect(shopBackup.encryptionKey).toBe(key);
  });

  test('deleting the stack keeps the vault, the recovery points in it and the key they need', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack');
    new ShopBackup(stack, 'Backup', { resources: [VOLUME], encryptionKey: guardedKey(stack) });
    const template = Template.fromStack(stack);
    const resources = template.toJSON().Resources;
    const vault = onlyResource(template, 'AWS::Backup::BackupVault');
    // CloudFormation leaves the vault (and so its recovery points) in place on stack deletion and on replacement
    expect(vault.resource.DeletionPolicy).toBe('Retain');
    expect(vault.resource.UpdateReplacePolicy).toBe('Retain');
    // everything the vault depends on is retained too: the key without which its backups cannot be read
    const dependencies = referencedIds(vault.resource);
    expect(dependencies).toHaveLength(1);
    for (const id of dependencies) {
      expect(resources[id].Type).toBe('AWS::KMS::Key');
      expect(resources[id].DeletionPolicy).toBe('Retain');
      expect(resources[id].UpdateReplacePolicy).toBe('Retain');
    }
    // nothing empties the vault at deletion: no custom resource, no function
    const types = Object.values(resources).map((r: any) => r.Type);
    expect(types.filter((t) => t.startsWith('Custom::') || t === 'AWS::Lambda::Function')).toEqual([]);
  });

  test('the vault and plan names are unique per stack, so two shops deploy side by side', () => {
    const app = new App();
    const stacks = ['ShopA', 'ShopB'].map((name) => new Stack(app, name));
    for (const stack of stacks) new ShopBackup(stack, 'Backup', { resources: [VOLUME] });
    const names = stacks.map((stack) => {
      const template = Template.fromStack(stack);
      return [
        onlyResource(template, 'AWS::Backup::BackupVault').resource.Properties.BackupVaultName,
        onlyResource(template, 'AWS::Backup::BackupPlan').resource.Properties.BackupPlan.BackupPlanName,
      ];
    });
    expect(names[0][0]).not.toEqual(names[1][0]);
    expect(names[0][1]).not.toEqual(names[1][1]);
    for (const name of names.flat()) expect(name).toMatch(/^[A-Za-z0-9_-]{2,50}$/);
  });
});

describe('ShopBackup rules', () => {
  test('by default one daily rule at 03:00 UTC, kept 35 days, into the vault', () => {
    const { template } = synth();
    const vault = onlyResource(template, 'AWS::Backup::BackupVault').logicalId;
    expect(rules(template)).toEqual([
      {
        RuleName: 'Daily',
        ScheduleExpression: 'cron(0 3 * * ? *)',
        Lifecycle: { DeleteAfterDays: 35 },
        TargetBackupVault: { 'Fn::GetAtt': [vault, 'BackupVaultName'] },
      },
    ]);
  });

  test('the schedule hour and the daily retention are the given ones', () => {
    const { template } = synth({
      resources: [VOLUME],
      scheduleHourUtc: 22,
      dailyRetention: Duration.days(7),
    });
    expect(rule(template, 'Daily')).toMatchObject({
      ScheduleExpression: 'cron(0 22 * * ? *)',
      Lifecycle: { DeleteAfterDays: 7 },
    });
  });

  test('a weekly rule on Sundays only when weeklyRetention is given', () => {
    expect(rule(synth().template, 'Weekly')).toBeUndefined();
    const { template } = synth({ resources: [VOLUME], weeklyRetention: Duration.days(90) });
    expect(rules(template).map((r) => r.RuleName)).toEqual(['Daily', 'Weekly']);
    expect(rule(template, 'Weekly')).toMatchObject({
      ScheduleExpression: 'cron(0 3 ? * SUN *)',
      Lifecycle: { DeleteAfterDays: 90 },
    });
  });

  test('a monthly rule on the 1st only when monthlyRetention is given, cold after 90 days when kept 180+', () => {
    expect(rule(synth().template, 'Monthly')).toBeUndefined();
    const { template } = synth({ resources: [VOLUME], monthlyRetention: Duration.days(365) });
    expect(rule(template, 'Monthly')).toMatchObject({
      ScheduleExpression: 'cron(0 3 1 * ? *)',
      Lifecycle: { DeleteAfterDays: 365, MoveToColdStorageAfterDays: 90 },
    });
  });

  test.each([
    ['stay warm when kept 179 days', 179, undefined],
    ['move to cold storage after 90 days when kept 180', 180, 90],
  ])('monthly backups %s', (_name, days, cold) => {
    const { template } = synth({ resources: [VOLUME], monthlyRetention: Duration.days(days) });
    expect(rule(template, 'Monthly').Lifecycle).toEqual(
      cold === undefined
        ? { DeleteAfterDays: days }
        : { DeleteAfterDays: days, MoveToColdStorageAfterDays: cold },
    );
  });

  test('daily and weekly backups never move to cold storage', () => {
    const { template } = synth({
      resources: [VOLUME],
      dailyRetention: Duration.days(200),
      weeklyRetention: Duration.days(400),
    });
    for (const r of rules(template)) expect(r.Lifecycle.MoveToColdStorageAfterDays).toBeUndefined();
  });
});

describe('ShopBackup copies to a second region', () => {
  test('every rule copies to the given vault and keeps the copy as long as the original', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack', US_EAST_1);
    new ShopBackup(stack, 'Backup', {
      resources: [VOLUME],
      weeklyRetention: Duration.days(90),
      monthlyRetention: Duration.days(365),
      copyTo: backup.BackupVault.fromBackupVaultArn(stack, 'Dr', DR_VAULT_ARN),
    });
    const template = Template.fromStack(stack);
    expect(rules(template)).toHaveLength(3);
    for (const r of rules(template)) {
      expect(r.CopyActions).toEqual([{ DestinationBackupVaultArn: DR_VAULT_ARN, Lifecycle: r.Lifecycle }]);
    }
    expect(rule(template, 'Monthly').CopyActions[0].Lifecycle).toEqual({
      DeleteAfterDays: 365,
      MoveToColdStorageAfterDays: 90,
    });
  });

  test('no copy actions without copyTo', () => {
    for (const r of rules(synth({ resources: [VOLUME], weeklyRetention: Duration.days(60) }).template)) {
      expect(r.CopyActions).toBeUndefined();
    }
  });

  test('a vault in a named region is accepted from a stack whose region is decided at deploy time', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack');
    const copyTo = backup.BackupVault.fromBackupVaultArn(stack, 'Dr', DR_VAULT_ARN);
    expect(() => new ShopBackup(stack, 'Backup', { resources: [VOLUME], copyTo })).not.toThrow();
  });
});

describe('ShopBackup vault lock', () => {
  test('governance mode: minimum the shortest rule, maximum the longest, no grace time', () => {
    const { template } = synth({
      resources: [VOLUME],
      vaultLock: true,
      dailyRetention: Duration.days(14),
      weeklyRetention: Duration.days(60),
      monthlyRetention: Duration.days(730),
    });
    const { resource } = onlyResource(template, 'AWS::Backup::BackupVault');
    // no ChangeableForDays: the lock can be lifted by whoever may, it never becomes compliance mode
    expect(resource.Properties.LockConfiguration).toEqual({ MinRetentionDays: 14, MaxRetentionDays: 730 });
  });

  test('with the daily rule only, the minimum is its retention and there is no maximum', () => {
    const { template } = synth({ resources: [VOLUME], vaultLock: true });
    template.hasResourceProperties('AWS::Backup::BackupVault', {
      LockConfiguration: { MinRetentionDays: 35, MaxRetentionDays: Match.absent() },
    });
  });
});

describe('ShopBackup selections', () => {
  test('resources are selected by ARN with the shared backup role', () => {
    const { template } = synth();
    const role = onlyResource(template, 'AWS::IAM::Role');
    expect(role.resource.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'backup.amazonaws.com' } },
    ]);
    expect(JSON.stringify(role.resource.Properties.ManagedPolicyArns)).toContain(
      'service-role/AWSBackupServiceRolePolicyForBackup',
    );
    template.hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupPlanId: {
        'Fn::GetAtt': [onlyResource(template, 'AWS::Backup::BackupPlan').logicalId, 'BackupPlanId'],
      },
      BackupSelection: {
        SelectionName: 'Resources',
        IamRoleArn: { 'Fn::GetAtt': [role.logicalId, 'Arn'] },
        Resources: [VOLUME_ARN],
        ListOfTags: Match.absent(),
      },
    });
  });

  test('a tag selects every resource carrying it, with no resource list', () => {
    const { template } = synth({ tagKey: 'cdk-shop:backup', tagValue: 'daily' });
    const { resource } = onlyResource(template, 'AWS::Backup::BackupSelection');
    expect(resource.Properties.BackupSelection).toMatchObject({
      SelectionName: 'Tagged',
      ListOfTags: [
        { ConditionKey: 'cdk-shop:backup', ConditionType: 'STRINGEQUALS', ConditionValue: 'daily' },
      ],
    });
    expect(resource.Properties.BackupSelection.Resources).toBeUndefined();
    expect(resource.Properties.BackupSelection.Conditions).toBeUndefined();
  });

  test('addResource adds a selection of its own with the same role, e.g. a volume defined in the stack', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack');
    const shopBackup = new ShopBackup(stack, 'Backup', { tagKey: 'backup', tagValue: 'yes' });
    const volume = new ec2.Volume(stack, 'Data', {
      availabilityZone: 'us-east-1a',
      size: Size.gibibytes(20),
      encrypted: true,
    });
    const selection = shopBackup.addResource(
      'DataVolume',
      backup.BackupResource.fromArn(
        stack.formatArn({ service: 'ec2', resource: 'volume', resourceName: volume.volumeId }),
      ),
    );
    expect(selection).toBeInstanceOf(backup.BackupSelection);
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Backup::BackupSelection', 2);
    template.resourceCountIs('AWS::IAM::Role', 1);
    const dataSelection = Object.values(
      template.findResources('AWS::Backup::BackupSelection', {
        Properties: { BackupSelection: { SelectionName: 'DataVolume' } },
      }),
    )[0] as any;
    expect(JSON.stringify(dataSelection.Properties.BackupSelection.Resources)).toMatch(
      new RegExp(`:volume/".*"Ref":"${stack.getLogicalId(volume.node.defaultChild as ec2.CfnVolume)}"`),
    );
  });

  test('an empty plan is allowed at construction and filled by addResource before synth', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack');
    const shopBackup = new ShopBackup(stack, 'Backup');
    shopBackup.addResource('Volume', VOLUME);
    Template.fromStack(stack).resourceCountIs('AWS::Backup::BackupSelection', 1);
  });

  test('a plan that backs up nothing fails synth with the prop and the fix', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack');
    new ShopBackup(stack, 'Backup', { resources: [] });
    expect(() => app.synth()).toThrow(
      /Stack\/Backup: invalid 'resources': the plan backs up nothing.*Give resources, tagKey and tagValue, or call addResource\(\)/,
    );
  });
});

describe('ShopBackup passes cdk-nag and cfn-guard', () => {
  function everything(stack: Stack, key?: kms.IKey): ShopBackup {
    return new ShopBackup(stack, 'Backup', {
      resources: [VOLUME],
      tagKey: 'backup',
      tagValue: 'shop',
      weeklyRetention: Duration.days(90),
      monthlyRetention: Duration.days(365),
      vaultLock: true,
      copyTo: backup.BackupVault.fromBackupVaultArn(stack, 'Dr', DR_VAULT_ARN),
      encryptionKey: key,
    });
  }

  test('AwsSolutions and NIST 800-53 R5 with defaults', () => {
    expectNagClean(synth().app);
  });

  test('AwsSolutions and NIST 800-53 R5 with every option and a customer-managed key', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack', US_EAST_1);
    everything(stack, guardedKey(stack));
    expectNagClean(app);
    expect(acknowledgements(app).map((a) => a.rule)).toEqual([
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
    ]);
  });

  test('cfn-guard with the Control Tower proactive rules, defaults and every option', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-shop-backup-'));
    try {
      const app = new App({ outdir });
      new ShopBackup(new Stack(app, 'Defaults'), 'Backup', { resources: [VOLUME] });
      const stack = new Stack(app, 'Everything', US_EAST_1);
      everything(stack, guardedKey(stack));
      for (const name of ['Defaults', 'Everything']) {
        expect(guardFindings(app, name)).toEqual([]);
      }
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describe('ShopBackup rejects bad input at synth', () => {
  const DR_EAST = 'arn:aws:backup:us-east-1:123456789012:backup-vault:shop-dr';

  test.each<[string, (stack: Stack) => ShopBackupProps, RegExp]>([
    [
      'a retention of 0 days',
      () => ({ dailyRetention: Duration.days(0) }),
      /invalid 'dailyRetention': 0 days keeps no backup at all\. Give Duration\.days\(1\) or more/,
    ],
    [
      'a retention under a day',
      () => ({ dailyRetention: Duration.hours(12) }),
      /invalid 'dailyRetention': 12 hours is shorter than a day/,
    ],
    [
      'a retention of part days',
      () => ({ dailyRetention: Duration.hours(36) }),
      /invalid 'dailyRetention': 1 day 12 hours is not a whole number of days.*Duration\.days\(n\)/,
    ],
    [
      'a retention over 100 years',
      () => ({ dailyRetention: Duration.days(36501) }),
      /invalid 'dailyRetention': 36501 days is longer than 100 years \(36500 days\)/,
    ],
    [
      'a vault lock with a monthly rule over 100 years',
      () => ({ vaultLock: true, monthlyRetention: Duration.days(40000) }),
      /invalid 'monthlyRetention': 40000 days is longer than 100 years.*Vault Lock can enforce/,
    ],
    [
      'a weekly retention under a week',
      () => ({ weeklyRetention: Duration.days(5) }),
      /invalid 'weeklyRetention': 5 days is shorter than a week.*Give Duration\.days\(7\) or more/,
    ],
    [
      'a monthly retention under 28 days',
      () => ({ monthlyRetention: Duration.days(21) }),
      /invalid 'monthlyRetention': 21 days is shorter than a month.*Duration\.days\(28\)/,
    ],
    [
      'weekly backups kept no longer than daily ones',
      () => ({ weeklyRetention: Duration.days(28) }),
      /invalid 'weeklyRetention': 28 days is not longer than the daily backups' 35 days/,
    ],
    [
      'monthly backups kept no longer than weekly ones',
      () => ({ weeklyRetention: Duration.days(90), monthlyRetention: Duration.days(60) }),
      /invalid 'monthlyRetention': 60 days is not longer than the 90 days/,
    ],
    [
      'a tag key without a value',
      () => ({ tagKey: 'backup' }),
      /invalid 'tagValue': it is required with 'tagKey'\. Give both tagKey and tagValue, or neither/,
    ],
    [
      'a tag value without a key',
      () => ({ tagValue: 'daily' }),
      /invalid 'tagKey': it is required with 'tagValue'/,
    ],
    [
      'an empty tag key',
      () => ({ tagKey: '', tagValue: 'x' }),
      /invalid 'tagKey': '' is not 1 to 128 characters/,
    ],
    ['a tag value too long', () => ({ tagKey: 'k', tagValue: 'v'.repeat(257) }), /invalid 'tagValue'/],
    [
      'an hour of 24',
      () => ({ scheduleHourUtc: 24 }),
      /invalid 'scheduleHourUtc': 24 is not a whole hour from 0 to 23/,
    ],
    ['a negative hour', () => ({ scheduleHourUtc: -1 }), /invalid 'scheduleHourUtc': -1/],
    ['a fractional hour', () => ({ scheduleHourUtc: 2.5 }), /invalid 'scheduleHourUtc': 2\.5/],
    [
      'a copy vault in the same named region',
      (s) => ({ copyTo: backup.BackupVault.fromBackupVaultArn(s, 'Dr', DR_EAST) }),
      /invalid 'copyTo': the vault is in us-east-1, the region of the backups.*second region/,
    ],
    [
      'a copy vault defined in the same stack',
      (s) => ({ copyTo: new backup.BackupVault(s, 'Other') }),
      /invalid 'copyTo': the vault is in us-east-1/,
    ],
  ])('%s', (_name, props, message) => {
    const stack = new Stack(new App(), 'Stack', US_EAST_1);
    expect(() => new ShopBackup(stack, 'Backup', { resources: [VOLUME], ...props(stack) })).toThrow(message);
  });

  test('a copy vault defined in the same environment-agnostic stack', () => {
    const stack = new Stack(new App(), 'Stack');
    const copyTo = new backup.BackupVault(stack, 'Other');
    expect(() => new ShopBackup(stack, 'Backup', { resources: [VOLUME], copyTo })).toThrow(
      /invalid 'copyTo': the vault is in the region of this stack/,
    );
  });

  test('a selection id AWS Backup cannot name', () => {
    const { shopBackup } = synth();
    expect(() => shopBackup.addResource('data volume', VOLUME)).toThrow(
      /Stack\/Backup: invalid 'id': 'data volume' is not a backup selection name/,
    );
  });
});
