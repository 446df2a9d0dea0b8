import {
  cacheNodeVcpus,
  dbInstanceClassMemoryBytes,
  maxConnections,
  rdsInstanceMemoryGiB,
} from '../../src/observability/instance-facts';

/*
 * The instance data against AWS's hardware tables (spot checks of every family, transcribed from
 * the pages cited in instance-facts.ts) and the max_connections formulas against the values
 * PostgreSQL's default parameter groups are reported to give.
 */

const GIB = 1024 ** 3;

describe('RDS instance class memory', () => {
  // https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.DBInstanceClass.Summary.html
  test.each([
    ['db.t3.micro', 1],
    ['db.t3.2xlarge', 32],
    ['db.t4g.medium', 4],
    ['db.t4g.large', 8],
    ['db.m5.large', 8],
    ['db.m5.24xlarge', 384],
    ['db.m6g.4xlarge', 64],
    ['db.m6i.32xlarge', 512],
    ['db.m7g.xlarge', 16],
    ['db.r5.large', 16],
    ['db.r5.12xlarge', 384],
    ['db.r6g.xlarge', 32],
    ['db.r6g.16xlarge', 512],
    ['db.r6i.32xlarge', 1024],
    ['db.r7g.2xlarge', 64],
  ])('%s has %d GiB', (instanceClass, gib) => {
    expect(rdsInstanceMemoryGiB(instanceClass)).toBe(gib);
  });

  test.each([
    'db.m3.medium', // previous generation, 3.75 GiB
    'db.c6gd.medium', // Multi-AZ DB clusters only, 2 GiB
    'db.x2iedn.xlarge', // 32 GiB a vCPU
    'db.r6g.metal',
    'db.m6g.24xlarge', // db.m6g stops at 16xlarge
    'db.r7g.medium',
    'db.t4g.4xlarge',
    'db.serverless',
    'm5.large',
    '',
  ])('%s is not listed: undefined', (instanceClass) => {
    expect(rdsInstanceMemoryGiB(instanceClass)).toBeUndefined();
    expect(maxConnections(instanceClass, 'postgres')).toBeUndefined();
  });

  test('DBInstanceClassMemory is below the class memory, by more than 220 MiB', () => {
    for (const instanceClass of ['db.t4g.micro', 'db.t4g.medium', 'db.r6g.large', 'db.m6i.32xlarge']) {
      const full = rdsInstanceMemoryGiB(instanceClass)! * GIB;
      const available = dbInstanceClassMemoryBytes(instanceClass)!;
      expect(available).toBeLessThan(full - 220 * 1024 ** 2);
      expect(available).toBeGreaterThan(full * 0.9 - 512 * 1024 ** 2);
    }
  });
});

describe('default max_connections', () => {
  // `SHOW max_connections` on default.postgres* parameter groups, as users report them for
  // classes of 2, 4 and 8 GiB (classes of the same memory give the same value). Our estimate must not be above them (the alarm would fire late) and stays
  // within 5 % below.
  const REPORTED: [number, number][] = [
    [2, 198],
    [4, 413],
    [8, 856],
  ];
  test.each(REPORTED)('PostgreSQL on %d GiB: at most %d and within 5 %%', (gib, reported) => {
    const instanceClass = { 2: 'db.t4g.small', 4: 'db.t4g.medium', 8: 'db.m6g.large' }[gib]!;
    expect(rdsInstanceMemoryGiB(instanceClass)).toBe(gib);
    const estimate = maxConnections(instanceClass, 'postgres')!;
    expect(estimate).toBeLessThanOrEqual(reported);
    expect(estimate).toBeGreaterThanOrEqual(reported * 0.95);
  });

  test('MySQL on 1 GiB: at most the 66 reported, within 5 %', () => {
    const estimate = maxConnections('db.t3.micro', 'mysql')!;
    expect(estimate).toBeLessThanOrEqual(66);
    expect(estimate).toBeGreaterThanOrEqual(66 * 0.95);
  });

  test('PostgreSQL: LEAST(DBInstanceClassMemory / 9531392, 5000)', () => {
    const memory = dbInstanceClassMemoryBytes('db.r6g.large')!;
    expect(maxConnections('db.r6g.large', 'postgres')).toBe(Math.floor(memory / 9531392));
    // 64 GiB / 9531392 is over 7000: capped
    expect(maxConnections('db.r6g.2xlarge', 'postgres')).toBe(5000);
    expect(maxConnections('db.r6i.32xlarge', 'POSTGRES')).toBe(5000);
  });

  test('MySQL and MariaDB: DBInstanceClassMemory / 12582880, not capped', () => {
    const memory = dbInstanceClassMemoryBytes('db.r6g.16xlarge')!;
    expect(maxConnections('db.r6g.16xlarge', 'mysql')).toBe(Math.floor(memory / 12582880));
    expect(maxConnections('db.r6g.16xlarge', 'mysql')).toBeGreaterThan(5000);
    expect(maxConnections('db.t4g.medium', 'mariadb')).toBe(
      Math.floor(dbInstanceClassMemoryBytes('db.t4g.medium')! / 12582880),
    );
    expect(maxConnections('db.t4g.medium', 'mysql')).toBeLessThan(
      maxConnections('db.t4g.medium', 'postgres')!,
    );
  });

  test.each(['aurora-postgresql', 'aurora-mysql', 'oracle-ee', 'sqlserver-se'])(
    '%s: no formula here, undefined',
    (engine) => {
      expect(maxConnections('db.r6g.large', engine)).toBeUndefined();
    },
  );
});

describe('ElastiCache node vCPUs', () => {
  // https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheNodes.SupportedTypes.html
  test.each([
    ['cache.t3.micro', 2],
    ['cache.t3.medium', 2],
    ['cache.t4g.small', 2],
    ['cache.m5.24xlarge', 96],
    ['cache.m6g.large', 2],
    ['cache.m7g.12xlarge', 48],
    ['cache.r5.xlarge', 4],
    ['cache.r6g.16xlarge', 64],
    ['cache.r7g.xlarge', 4],
    ['cache.r7g.2xlarge', 8],
  ])('%s has %d vCPUs', (nodeType, vcpus) => {
    expect(cacheNodeVcpus(nodeType)).toBe(vcpus);
  });

  test.each([
    'cache.t4g.large',
    'cache.m6g.24xlarge',
    'cache.r6gd.xlarge',
    'cache.m4.large',
    'db.r6g.large',
    'x',
  ])('%s is not listed: undefined', (nodeType) => {
    expect(cacheNodeVcpus(nodeType)).toBeUndefined();
  });
});
