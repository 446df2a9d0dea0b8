import { App, CfnParameter, Duration, Stack, StackProps } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as kms from 'aws-cdk-lib/aws-kms';
import { ShopBackup, ShopBackupProps } from '../../src/backup';

const VOLUME = backup.BackupResource.fromArn(
  'arn:aws:ec2:us-east-1:123456789012:volume/vol-0123456789abcdef0',
);
const US_EAST_1: StackProps = { env: { account: '123456789012', region: 'us-east-1' } };
const keyIn = (stack: Stack, region: string) =>
  kms.Key.fromKeyArn(
    stack,
    'Key',
    `arn:aws:kms:${region}:123456789012:key/11111111-2222-3333-4444-555555555555`,
  );
const numberParameter = (stack: Stack) => new CfnParameter(stack, 'Number', { type: 'Number' }).valueAsNumber;

describe('ShopBackup rejects bad input with the construct path, the prop and the fix', () => {
  test.each<[string, (stack: Stack) => ShopBackupProps, RegExp, StackProps]>([
    [
      'a vault key from another region',
      (s) => ({ resources: [VOLUME], encryptionKey: keyIn(s, 'eu-west-1') }),
      /^Stack\/Backup: invalid 'encryptionKey': the key is in eu-west-1 and this stack in us-east-1.*Give a key from us-east-1/,
      US_EAST_1,
    ],
    [
      'a schedule hour from a parameter',
      (s) => ({ resources: [VOLUME], scheduleHourUtc: numberParameter(s) }),
      /^Stack\/Backup: invalid 'scheduleHourUtc': is a token .*Give a literal: the UTC hour from 0 to 23/,
      {},
    ],
    [
      'a daily retention from a parameter',
      (s) => ({ resources: [VOLUME], dailyRetention: Duration.days(numberParameter(s)) }),
      /^Stack\/Backup: invalid 'dailyRetention': is a token .*Give a literal: Duration\.days\(n\), n from 1 to 36500/,
      {},
    ],
    [
      'a monthly retention from a parameter',
      (s) => ({ resources: [VOLUME], monthlyRetention: Duration.days(numberParameter(s)) }),
      /^Stack\/Backup: invalid 'monthlyRetention': is a token/,
      {},
    ],
  ])('%s', (_name, props, message, stackProps) => {
    const stack = new Stack(new App(), 'Stack', stackProps);
    expect(() => new ShopBackup(stack, 'Backup', props(stack))).toThrow(message);
  });

  test.each<[string, ShopBackupProps, string[], RegExp]>([
    [
      "addResource('Resources'), the selection of the resources prop",
      { resources: [VOLUME] },
      ['Resources'],
      /^Stack\/Backup: invalid 'id': 'Resources' is the selection ShopBackup makes for the 'resources' prop\. Give another name/,
    ],
    [
      "addResource('Tagged'), the selection of the tagKey prop",
      { tagKey: 'backup', tagValue: 'daily' },
      ['Tagged'],
      /^Stack\/Backup: invalid 'id': 'Tagged' is the selection ShopBackup makes for the 'tagKey' prop/,
    ],
    [
      "addResource('Resources') without the resources prop, still reserved",
      { tagKey: 'backup', tagValue: 'daily' },
      ['Resources'],
      /^Stack\/Backup: invalid 'id': 'Resources' is the selection/,
    ],
    [
      'the same id twice',
      { resources: [VOLUME] },
      ['DataVolume', 'DataVolume'],
      /^Stack\/Backup: invalid 'id': a selection 'DataVolume' was already added\. Give each addResource call an id of its own\.$/,
    ],
  ])('%s', (_name, props, ids, message) => {
    const shopBackup = new ShopBackup(new Stack(new App(), 'Stack'), 'Backup', props);
    const add = () => ids.forEach((id) => shopBackup.addResource(id, VOLUME));
    expect(add).toThrow(message);
    expect(add).not.toThrow(/There is already a Construct/);
  });
});

describe('ShopBackup accepts near-edge good input', () => {
  test('ids beside the internal ones, and a key of the stack region', () => {
    const stack = new Stack(new App(), 'Stack', US_EAST_1);
    const shopBackup = new ShopBackup(stack, 'Backup', {
      resources: [VOLUME],
      tagKey: 'backup',
      tagValue: 'daily',
      encryptionKey: keyIn(stack, 'us-east-1'),
    });
    shopBackup.addResource('Resources2', VOLUME);
    shopBackup.addResource('Tagged.Extra', VOLUME);
    const names = Object.values(Template.fromStack(stack).findResources('AWS::Backup::BackupSelection')).map(
      (s: any) => s.Properties.BackupSelection.SelectionName,
    );
    expect(names.sort()).toEqual(['Resources', 'Resources2', 'Tagged', 'Tagged.Extra']);
  });
});
