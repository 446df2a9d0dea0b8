import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { createServerlessData } from '../../../src/shop/serverless/serverless-data';
import { guardFindings } from '../../helpers/guard';

describe('the serverless data tier passes cfn-guard (Control Tower rules)', () => {
  test('database, sessions, backup and its notification: no finding on any of their resources', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-shop-data-'));
    try {
      const app = new App({ outdir });
      const stack = new Stack(app, 'Data', { env: { account: '123456789012', region: 'us-east-1' } });
      const catalog = new dynamodb.Table(stack, 'Catalog', {
        partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      });
      const shop = new Construct(stack, 'Shop');
      createServerlessData(shop, {
        tables: [catalog],
        database: {},
        sessions: true,
        alarmTopic: new sns.Topic(stack, 'Alarms', { enforceSSL: true }),
      });
      const findings = guardFindings(app, 'Data');
      // the fixture's table and topic are not the data tier's; everything under Shop is
      const onShop = findings
        .map((f) => ({ rule: f.rule, resources: f.resources.filter((id) => !/^(Catalog|Alarms)/.test(id)) }))
        .filter((f) => f.resources.length > 0);
      expect(onShop).toEqual([]);
      // the run is live: the plain fixture table is flagged (no KMS key, no PITR)
      expect(findings.some((f) => f.resources.some((id) => id.startsWith('Catalog')))).toBe(true);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
