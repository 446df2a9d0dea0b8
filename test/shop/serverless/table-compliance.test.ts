import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import { ShopTable, ShopTableProps } from '../../../src/shop/serverless';
import { guardFindings } from '../../helpers/guard';
import { acknowledgements, expectNagClean, nagFindings } from '../../helpers/nag';

const US_EAST_1 = { env: { account: '123456789012', region: 'us-east-1' } };

const cases: [string, (stack: Stack) => ShopTableProps][] = [
  ['defaults', () => ({})],
  [
    'a customer managed key, GSIs and TTL',
    (s) => ({
      encryptionKey: new kms.Key(s, 'Key', { enableKeyRotation: true }),
      globalSecondaryIndexes: [
        { indexName: 'by-category', partitionKey: { name: 'category', type: dynamodb.AttributeType.STRING } },
      ],
      timeToLiveAttribute: 'expiresAt',
    }),
  ],
  ['point-in-time recovery off', () => ({ pointInTimeRecovery: false })],
];

function logicalIdOf(table: ShopTable): string {
  return Stack.of(table).resolve((table.table.node.defaultChild as CfnResource).logicalId);
}

describe('ShopTable passes cdk-nag and cfn-guard', () => {
  test.each(cases)('AwsSolutions and NIST 800-53 R5: %s', (_name, props) => {
    const stack = new Stack(new App(), 'Stack', US_EAST_1);
    const table = new ShopTable(stack, 'Catalog', props(stack));
    expectNagClean(table);
  });

  test('the acknowledgements: backup plan always (PITR is the backup), PITR only when turned off', () => {
    const app = new App();
    const on = new ShopTable(new Stack(app, 'On', US_EAST_1), 'Catalog');
    const off = new ShopTable(new Stack(app, 'Off', US_EAST_1), 'Catalog', { pointInTimeRecovery: false });
    expect(acknowledgements(on).map((a) => a.rule)).toEqual(['NIST.800.53.R5-DynamoDBInBackupPlan']);
    // Validations.acknowledge records the rules once per metadata entry it writes: compare the set
    expect([...new Set(acknowledgements(off).map((a) => a.rule))].sort()).toEqual([
      'AwsSolutions-DDB3',
      'NIST.800.53.R5-DynamoDBInBackupPlan',
      'NIST.800.53.R5-DynamoDBPITREnabled',
      'guard:dynamodb_table_pitr_enabled_check',
    ]);
    expect(acknowledgements(off).every((a) => a.path === 'Off/Catalog/Resource')).toBe(true);
  });

  test('the nag run is live: a plain table is flagged for PITR and the backup plan', () => {
    const stack = new Stack(new App(), 'Stack', US_EAST_1);
    const plain = new dynamodb.Table(stack, 'Plain', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    });
    expect(nagFindings(plain).map((f) => f.rule)).toEqual(
      expect.arrayContaining([
        'AwsSolutions-DDB3',
        'NIST.800.53.R5-DynamoDBInBackupPlan',
        'NIST.800.53.R5-DynamoDBPITREnabled',
      ]),
    );
  });

  test('cfn-guard (Control Tower rules): nothing on our tables; a plain table is flagged for PITR and KMS', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-shop-table-'));
    try {
      const app = new App({ outdir });
      const stack = new Stack(app, 'Guard', US_EAST_1);
      const ours = cases.map(([, props], i) => new ShopTable(stack, `Table${i}`, props(stack)));
      const plain = new dynamodb.Table(stack, 'Plain', {
        partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      });
      const plainId = stack.resolve((plain.node.defaultChild as CfnResource).logicalId);
      const findings = guardFindings(app, 'Guard');
      const oursIds = new Set(ours.map(logicalIdOf));
      expect(findings.filter((f) => f.resources.some((id) => oursIds.has(id)))).toEqual([]);
      expect(
        findings
          .filter((f) => f.resources.includes(plainId))
          .map((f) => f.rule)
          .sort(),
      ).toEqual(['dynamodb_table_encrypted_kms_check', 'dynamodb_table_pitr_enabled_check']);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
