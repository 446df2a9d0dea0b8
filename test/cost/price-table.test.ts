import * as fs from 'fs';
import {
  MISSING_PRICES,
  PRICE_TABLE_DATE,
  PRICE_TABLE_VERSION,
  PRICES,
} from '../../src/cost/price-table.generated';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { render, SOURCE, TARGET } = require('../../scripts/build-prices.js');

const raw = fs.readFileSync(SOURCE, 'utf8');
const source = JSON.parse(raw);

describe('price-table.generated.ts', () => {
  test('is exactly what scripts/build-prices.js renders from the price file (run it after a price change)', () => {
    expect(fs.readFileSync(TARGET, 'utf8')).toBe(render(raw));
  });

  test('every priced key of the JSON is in PRICES with the same usd, unit, source and asOf', () => {
    for (const [key, entry] of Object.entries<any>(source.prices)) {
      if (entry.usd === null) {
        expect(PRICES[key]).toBeUndefined();
        expect(MISSING_PRICES).toContain(key);
      } else {
        expect(PRICES[key]).toEqual({
          usd: entry.usd,
          unit: entry.unit,
          source: entry.source,
          asOf: entry.asOf,
        });
      }
    }
    expect(Object.keys(PRICES).length + MISSING_PRICES.length).toBe(Object.keys(source.prices).length);
  });

  test('the repository owns the price list: 181 entries, each priced one with a unit, a source and a date', () => {
    expect(SOURCE).toMatch(/data[\\/]prices[\\/]aws-us-east-1\.json$/);
    const entries = Object.entries<any>(source.prices);
    // 178 with DynamoDB's always-free 25 GB of storage (dynamodb.freeTier.storageGb), 180 with the
    // CloudFront Functions price and its free 2 million invocations, 181 with DynamoDB backups in AWS Backup
    expect(entries).toHaveLength(181);
    const priced = entries.filter(([, e]) => e.usd !== null);
    expect(priced).toHaveLength(178);
    expect(priced.filter(([, e]) => !e.unit || !e.source || !e.asOf).map(([k]) => k)).toEqual([]);
  });

  test('null prices are listed as missing, e.g. db.m7g.large PostgreSQL', () => {
    expect(MISSING_PRICES).toContain('rds.postgres.db.m7g.large.singleAz.hourly');
  });

  test('carries the date from _about and a content hash as version', () => {
    expect(PRICE_TABLE_DATE).toBe('2026-11');
    expect(PRICE_TABLE_VERSION).toMatch(/^sha256:[0-9a-f]{16}$/);
  });

  test('render rejects a file without prices, and a non-numeric usd', () => {
    expect(() => render('{}')).toThrow(/expected an object with a 'prices' map/);
    expect(() => render(JSON.stringify({ prices: { a: { usd: '1' } } }))).toThrow(/non-numeric usd/);
  });
});
