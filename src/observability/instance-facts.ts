/*
 * What the alarm catalog derives thresholds from, per RDS instance class and ElastiCache node
 * type: memory (for RDS's default max_connections) and vCPUs (for ElastiCache's CPU alarm). The
 * classes are listed explicitly, family by family: a class not listed (older generations, metal,
 * the x2/z1d/c6gd families, serverless) gives undefined, and the catalog falls back and warns.
 */

/** Size → vCPUs of the general purpose and memory optimized sizes (the same in every family). */
const SIZE_VCPUS: { readonly [size: string]: number } = {
  large: 2,
  xlarge: 4,
  '2xlarge': 8,
  '4xlarge': 16,
  '8xlarge': 32,
  '12xlarge': 48,
  '16xlarge': 64,
  '24xlarge': 96,
  '32xlarge': 128,
};

/** Size → GiB of memory of the burstable db.t3 and db.t4g classes. */
const BURSTABLE_GIB: { readonly [size: string]: number } = {
  micro: 1,
  small: 2,
  medium: 4,
  large: 8,
  xlarge: 16,
  '2xlarge': 32,
};

const UP_TO_16X = ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'];
const UP_TO_24X = [...UP_TO_16X, '24xlarge'];
const UP_TO_32X = [...UP_TO_24X, '32xlarge'];

/** A family of classes with the same GiB of memory per vCPU (m: 4, r: 8). */
interface Family {
  readonly sizes: readonly string[];
  readonly gibPerVcpu: number;
}

/**
 * RDS instance classes, by family: the sizes RDS offers and their memory.
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.DBInstanceClass.Summary.html
 */
const RDS_FAMILIES: { readonly [family: string]: Family } = {
  'db.m5': { sizes: UP_TO_24X, gibPerVcpu: 4 },
  'db.m6g': { sizes: UP_TO_16X, gibPerVcpu: 4 },
  'db.m6i': { sizes: UP_TO_32X, gibPerVcpu: 4 },
  'db.m7g': { sizes: UP_TO_16X, gibPerVcpu: 4 },
  'db.r5': { sizes: UP_TO_24X, gibPerVcpu: 8 },
  'db.r6g': { sizes: UP_TO_16X, gibPerVcpu: 8 },
  'db.r6i': { sizes: UP_TO_32X, gibPerVcpu: 8 },
  'db.r7g': { sizes: UP_TO_16X, gibPerVcpu: 8 },
};
const RDS_BURSTABLE = ['db.t3', 'db.t4g'];

/**
 * ElastiCache node types, by family: the sizes offered; every cache.t3/t4g size has 2 vCPUs.
 * https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheNodes.SupportedTypes.html
 */
const CACHE_FAMILIES: { readonly [family: string]: readonly string[] } = {
  'cache.m5': UP_TO_24X,
  'cache.m6g': UP_TO_16X,
  'cache.m7g': UP_TO_16X,
  'cache.r5': UP_TO_24X,
  'cache.r6g': UP_TO_16X,
  'cache.r7g': UP_TO_16X,
};
const CACHE_BURSTABLE = ['cache.t3', 'cache.t4g'];
const CACHE_BURSTABLE_SIZES = ['micro', 'small', 'medium'];

/** `<family>.<size>` split at the last dot. */
function split(name: string): { family: string; size: string } {
  const dot = name.lastIndexOf('.');
  return { family: name.slice(0, dot), size: name.slice(dot + 1) };
}

/** The memory of an RDS instance class in GiB (`db.t4g.medium` 4, `db.r6g.xlarge` 32), if listed. */
export function rdsInstanceMemoryGiB(instanceClass: string): number | undefined {
  const { family, size } = split(instanceClass);
  if (RDS_BURSTABLE.includes(family)) return BURSTABLE_GIB[size];
  const f = RDS_FAMILIES[family];
  return f && f.sizes.includes(size) ? SIZE_VCPUS[size] * f.gibPerVcpu : undefined;
}

/** The vCPUs of an ElastiCache node type (`cache.t4g.small` 2, `cache.r7g.xlarge` 4), if listed. */
export function cacheNodeVcpus(nodeType: string): number | undefined {
  const { family, size } = split(nodeType);
  if (CACHE_BURSTABLE.includes(family)) return CACHE_BURSTABLE_SIZES.includes(size) ? 2 : undefined;
  const sizes = CACHE_FAMILIES[family];
  return sizes && sizes.includes(size) ? SIZE_VCPUS[size] : undefined;
}

const MIB = 1024 ** 2;

/**
 * The `DBInstanceClassMemory` RDS gives a parameter formula, in bytes: the class's memory less
 * what RDS keeps for the operating system and its own processes. AWS does not publish that
 * amount; we assume 3 % of the memory plus 220 MiB, which stays just below the max_connections
 * users report from the default parameter groups (PostgreSQL 198 on 2 GiB, 413 on 4 GiB, 856 on
 * 8 GiB, 1660 on 15.25 GiB; MySQL 66 on 1 GiB), so an alarm derived from it fires a little early,
 * never late.
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ParamValuesRef.html
 */
export function dbInstanceClassMemoryBytes(instanceClass: string): number | undefined {
  const gib = rdsInstanceMemoryGiB(instanceClass);
  return gib === undefined ? undefined : Math.floor(gib * 1024 * MIB * 0.97 - 220 * MIB);
}

/**
 * The default `max_connections` of an engine's default parameter group on a class: PostgreSQL
 * `LEAST({DBInstanceClassMemory/9531392}, 5000)`, MySQL and MariaDB
 * `{DBInstanceClassMemory/12582880}`; undefined for other engines (Aurora's are tables of their
 * own) and for classes not listed here.
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Limits.html#RDS_Limits.MaxConnections
 */
export function maxConnections(instanceClass: string, engine: string): number | undefined {
  const memory = dbInstanceClassMemoryBytes(instanceClass);
  if (memory === undefined) return undefined;
  const name = engine.toLowerCase();
  if (name === 'postgres') return Math.min(Math.floor(memory / 9_531_392), 5000);
  if (name === 'mysql' || name === 'mariadb') return Math.floor(memory / 12_582_880);
  return undefined;
}
