import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { CostEstimator, CostEstimatorProps, CostReport } from '../../src/cost';
import { PRICES } from '../../src/cost/price-table.generated';
import { PRICE_KEYS } from '../../src/cost/private/pricers/registry';

const usd = (n: number) => ({ usd: n, unit: 'USD' });

describe('CostEstimator bad input', () => {
  test.each<[string, CostEstimatorProps, string, RegExp]>([
    // priceOverrides keys the estimator never looks up: each would price nothing
    [
      'a typo in a size',
      { priceOverrides: { 'ec2.t4g.smal.hourly': usd(1) } },
      'priceOverrides.ec2.t4g.smal.hourly',
      /not a price key the estimator looks up/,
    ],
    [
      'a key without its unit suffix',
      { priceOverrides: { 'ec2.t4g.small': usd(1) } },
      'priceOverrides.ec2.t4g.small',
      /not a price key/,
    ],
    [
      'upper case',
      { priceOverrides: { 'EC2.t4g.small.hourly': usd(1) } },
      'priceOverrides.EC2.t4g.small.hourly',
      /not a price key/,
    ],
    [
      'an RDS class without db.',
      { priceOverrides: { 'rds.postgres.t4g.micro.singleAz.hourly': usd(1) } },
      'priceOverrides.rds.postgres.t4g.micro.singleAz.hourly',
      /not a price key/,
    ],
    [
      'Multi-AZ instead of the multiplier',
      { priceOverrides: { 'rds.postgres.db.t4g.micro.multiAz.hourly': usd(1) } },
      'priceOverrides.rds.postgres.db.t4g.micro.multiAz.hourly',
      /not a price key/,
    ],
    [
      'a memcached node key',
      { priceOverrides: { 'elasticache.memcached.cache.t4g.micro.hourly': usd(1) } },
      'priceOverrides.elasticache.memcached.cache.t4g.micro.hourly',
      /not a price key/,
    ],
    [
      'a plural',
      { priceOverrides: { 'cloudwatch.metric.months': usd(1) } },
      'priceOverrides.cloudwatch.metric.months',
      /not a price key/,
    ],
    [
      'a table key no pricer uses',
      { priceOverrides: { 'amplify.build.perMinute': usd(1) } },
      'priceOverrides.amplify.build.perMinute',
      /not a price key/,
    ],
    ['an empty key', { priceOverrides: { '': usd(1) } }, 'priceOverrides.', /not a price key/],
    // tokens where a literal is needed
    [
      'a token request count',
      { requestsPerMonth: Token.asNumber({ Ref: 'Requests' }) },
      'requestsPerMonth',
      /is a token \(a parameter or a deploy-time value\)\. Give a literal: a number >= 0/,
    ],
    [
      'a token data transfer',
      { dataTransferOutGb: Token.asNumber({ Ref: 'Gb' }) },
      'dataTransferOutGb',
      /is a token/,
    ],
    [
      'a token region factor',
      { regionFactor: Token.asNumber({ Ref: 'F' }) },
      'regionFactor',
      /is a token.*above 0/,
    ],
    [
      'a token price',
      { priceOverrides: { 'kms.key.month': { usd: Token.asNumber({ Ref: 'P' }), unit: 'USD' } } },
      'priceOverrides.kms.key.month.usd',
      /is a token/,
    ],
    [
      'a token unit',
      { priceOverrides: { 'kms.key.month': { usd: 1, unit: Token.asString({ Ref: 'U' }) } } },
      'priceOverrides.kms.key.month.unit',
      /is a token.*Give a literal/,
    ],
    ['a token stored volume', { storedGb: Token.asNumber({ Ref: 'S' }) }, 'storedGb', /is a token/],
    ['a token snapshot volume', { snapshotGb: Token.asNumber({ Ref: 'S' }) }, 'snapshotGb', /is a token/],
    ['a token log volume', { logIngestGb: Token.asNumber({ Ref: 'L' }) }, 'logIngestGb', /is a token/],
    [
      'a token queue request count',
      { queueRequestsPerMonth: Token.asNumber({ Ref: 'Q' }) },
      'queueRequestsPerMonth',
      /is a token/,
    ],
    [
      'a token notification count',
      { notificationsPerMonth: Token.asNumber({ Ref: 'N' }) },
      'notificationsPerMonth',
      /is a token/,
    ],
    [
      'a token invocation count',
      { functionInvocationsPerMonth: Token.asNumber({ Ref: 'I' }) },
      'functionInvocationsPerMonth',
      /is a token/,
    ],
    [
      'a token duration',
      { functionDurationMs: Token.asNumber({ Ref: 'D' }) },
      'functionDurationMs',
      /is a token/,
    ],
    [
      'a token NAT volume',
      { natDataProcessedGb: Token.asNumber({ Ref: 'G' }) },
      'natDataProcessedGb',
      /is a token/,
    ],
    // more keys that would price nothing
    [
      'RDS storage without singleAz',
      { priceOverrides: { 'rds.gp3.gbMonth': usd(1) } },
      'priceOverrides.rds.gp3.gbMonth',
      /not a price key/,
    ],
    [
      'a cache node without cache.',
      { priceOverrides: { 'elasticache.valkey.t4g.micro.hourly': usd(1) } },
      'priceOverrides.elasticache.valkey.t4g.micro.hourly',
      /not a price key/,
    ],
    [
      'a lower-case unit suffix',
      { priceOverrides: { 'ebs.gp3.gbmonth': usd(1) } },
      'priceOverrides.ebs.gp3.gbmonth',
      /not a price key/,
    ],
    [
      'a truncated LCU dimension',
      { priceOverrides: { 'alb.lcu.newConnections': usd(1) } },
      'priceOverrides.alb.lcu.newConnections',
      /not a price key/,
    ],
    [
      'a data transfer key without its tier',
      { priceOverrides: { 'dataTransfer.internetOut.perGb': usd(1) } },
      'priceOverrides.dataTransfer.internetOut.perGb',
      /not a price key/,
    ],
    [
      'a Spot discount key misspelt',
      { priceOverrides: { 'fargate.spot.discount': usd(0.7) } },
      'priceOverrides.fargate.spot.discount',
      /not a price key/,
    ],
    // numbers
    [
      'a price given as text',
      { priceOverrides: { 'kms.key.month': { usd: '1' as any, unit: 'USD' } } },
      'priceOverrides.kms.key.month.usd',
      /1 is not a finite non-negative number/,
    ],
    [
      'overrides as a list',
      { priceOverrides: [] as any },
      'priceOverrides',
      /is not a map of key to \{ usd, unit \}/,
    ],
    [
      'a negative NAT volume',
      { natDataProcessedGb: -1 },
      'natDataProcessedGb',
      /-1 is not a finite non-negative number.*default 5/,
    ],
    ['an infinite NAT volume', { natDataProcessedGb: Infinity }, 'natDataProcessedGb', /not a finite/],
    // the serverless assumptions: API requests, DynamoDB request units and storage, Cognito MAUs
    [
      'a token API request count',
      { apiRequestsPerMonth: Token.asNumber({ Ref: 'A' }) },
      'apiRequestsPerMonth',
      /is a token.*omit it for the default \(requestsPerMonth ÷ 4 with a CloudFront distribution, else requestsPerMonth\)/,
    ],
    [
      'a negative API request count',
      { apiRequestsPerMonth: -5 },
      'apiRequestsPerMonth',
      /-5 is not a finite non-negative number/,
    ],
    [
      'read request units as text',
      { tableReadRequestUnitsPerMonth: '2000000' as any },
      'tableReadRequestUnitsPerMonth',
      /2000000 is not a finite non-negative number.*default \(2 per API request\)/,
    ],
    [
      'NaN write request units',
      { tableWriteRequestUnitsPerMonth: NaN },
      'tableWriteRequestUnitsPerMonth',
      /NaN is not a finite non-negative number.*default \(0.2 per API request\)/,
    ],
    [
      'a token write request unit count',
      { tableWriteRequestUnitsPerMonth: Token.asNumber({ Ref: 'W' }) },
      'tableWriteRequestUnitsPerMonth',
      /is a token/,
    ],
    ['a negative table storage', { tableStorageGb: -1 }, 'tableStorageGb', /-1 is not a finite.*default 1/],
    [
      'a token table storage',
      { tableStorageGb: Token.asNumber({ Ref: 'T' }) },
      'tableStorageGb',
      /is a token/,
    ],
    [
      'infinite monthly active users',
      { monthlyActiveUsers: Infinity },
      'monthlyActiveUsers',
      /Infinity is not a finite non-negative number.*default \(requestsPerMonth ÷ 1000\)/,
    ],
    [
      'a token MAU count',
      { monthlyActiveUsers: Token.asNumber({ Ref: 'M' }) },
      'monthlyActiveUsers',
      /is a token/,
    ],
  ])('%s', (_what, props, prop, problem) => {
    let message = '';
    try {
      new CostEstimator(props);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message.startsWith(`CostEstimator: invalid '${prop}': `)).toBe(true);
    expect(message).toMatch(problem);
    // never the encoded token
    expect(message).not.toMatch(/Token\[|e\+289/);
  });

  test('an unknown key lists the keys the estimator looks up, and the key forms', () => {
    expect(() => new CostEstimator({ priceOverrides: { 'sns.publish': usd(1) } })).toThrow(
      /Use one of: alb\.hourly, .*sns\.publish\.perMillion, .*; or a key of the form ec2\.<instance type>\.hourly, ebs\.<volume type>\.gbMonth, rds\.<engine>\.db\.<instance class>\.singleAz\.hourly/,
    );
  });

  test.each<[string, CostEstimatorProps]>([
    ['an instance type the table lacks', { priceOverrides: { 'ec2.m5.large.hourly': usd(0.096) } }],
    ['a large size with a hyphenated family', { priceOverrides: { 'ec2.m7i-flex.16xlarge.hourly': usd(3) } }],
    ['a metal size', { priceOverrides: { 'ec2.r8g.metal-24xl.hourly': usd(5) } }],
    [
      'another RDS engine and class',
      { priceOverrides: { 'rds.mysql.db.r7g.2xlarge.singleAz.hourly': usd(1) } },
    ],
    ['RDS io1 storage', { priceOverrides: { 'rds.io1.gbMonth.singleAz': usd(0.125) } }],
    ['an EBS volume type the table lacks', { priceOverrides: { 'ebs.io2.gbMonth': usd(0.125) } }],
    ['a Valkey node', { priceOverrides: { 'elasticache.valkey.cache.r7g.xlarge.hourly': usd(0.4) } }],
    ['an LCU dimension', { priceOverrides: { 'alb.lcu.newConnectionsPerSec': usd(50) } }],
    ['a price of zero', { priceOverrides: { 'kms.key.month': usd(0) } }],
    ['no requests at all', { requestsPerMonth: 0, dataTransferOutGb: 0, natDataProcessedGb: 0 }],
    ['a tiny region factor', { regionFactor: 0.0001 }],
    [
      'no API requests, request units, table storage or users',
      {
        apiRequestsPerMonth: 0,
        tableReadRequestUnitsPerMonth: 0,
        tableWriteRequestUnitsPerMonth: 0,
        tableStorageGb: 0,
        monthlyActiveUsers: 0,
      },
    ],
  ])('accepts %s', (_what, props) => {
    expect(() => new CostEstimator(props)).not.toThrow();
  });

  test('every key the estimator looks up with a list price is in the table (no key is declared for nothing)', () => {
    const inTable = PRICE_KEYS.filter((k) => PRICES[k] !== undefined);
    // high-resolution alarms have no list price yet; everything else is priced
    expect(PRICE_KEYS.filter((k) => !inTable.includes(k))).toEqual(['cloudwatch.alarm.highResolution.month']);
  });
});

describe('an override that prices nothing is said, not reported as used silently', () => {
  test('a valid key no resource of the stack looks up warns in that stack', () => {
    const e = new CostEstimator({
      priceOverrides: { 'ec2.m5.large.hourly': usd(0.096), 'kms.key.month': usd(2) },
    }).estimateTemplate({ Resources: { Key: { Type: 'AWS::KMS::Key', Properties: {} } } }, 'Keys');
    expect(e.lines.map((l) => l.monthlyUsd)).toEqual([2]);
    expect(e.warnings).toEqual([
      'priceOverrides.ec2.m5.large.hourly priced nothing in Keys: no resource of it looks the key up (a typo, or a resource type, class or node this stack does not have)',
    ]);
  });
});

describe('tokens in a template that was not resolved', () => {
  test('say they are tokens and how they were treated, never their encoded value', () => {
    const e = new CostEstimator().estimateTemplate(
      {
        Resources: {
          Db: {
            Type: 'AWS::RDS::DBInstance',
            Properties: {
              DBInstanceClass: 'db.t4g.micro',
              Engine: 'postgres',
              AllocatedStorage: Token.asNumber({ Ref: 'Size' }),
            },
          },
          Host: { Type: 'AWS::EC2::Instance', Properties: { InstanceType: Token.asString({ Ref: 'Type' }) } },
        },
      },
      'Unresolved',
    );
    const text = JSON.stringify(e);
    expect(text).not.toMatch(/Token\[|e\+289/);
    // the instance hours are priced, the storage is not (not -1.888e+289 GB)
    expect(e.lines.map((l) => [l.logicalId, l.priceKey])).toEqual([
      ['Db', 'rds.postgres.db.t4g.micro.singleAz.hourly'],
    ]);
    expect(e.notPriced).toEqual([
      { logicalId: 'Host', type: 'AWS::EC2::Instance', reason: 'InstanceType is not a literal' },
    ]);
    expect(e.warnings).toEqual([
      expect.stringMatching(
        /^Db: AllocatedStorage is a token \(unresolved CDK values, not literals\): priced as if not set or not priced/,
      ),
      'Db: AllocatedStorage is not a literal; storage not priced',
      expect.stringMatching(/^Host: InstanceType is a token /),
    ]);
  });
});

describe('the region of an environment-agnostic stack', () => {
  test('CostReport warns that it is priced at us-east-1, from the cloud assembly', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-shop-region-'));
    try {
      const app = new App({ outdir });
      new ec2.CfnEIP(new Stack(app, 'Agnostic'), 'Ip');
      new ec2.CfnEIP(
        new Stack(app, 'Ireland', { env: { region: 'eu-west-1', account: '111111111111' } }),
        'Ip',
      );
      const [agnostic, ireland] = new CostReport({ quiet: true }).estimate(app.synth());
      expect(agnostic.warnings).toEqual([
        expect.stringMatching(
          /^the region of Agnostic is not resolved \(environment-agnostic stack\): priced at us-east-1/,
        ),
      ]);
      expect(agnostic.region).toBe('us-east-1');
      expect(ireland.warnings).toEqual([
        'Ireland is in eu-west-1 but priced at us-east-1 list prices × regionFactor 1',
      ]);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
