/*
 * What an alarm threshold needs to know of an RDS instance class or an ElastiCache node type:
 * memory (for RDS's default max_connections) and vCPUs (for ElastiCache's CPU alarm). Computed
 * from the class name's family and size, which follow one pattern across the current families.
 */

/**
 * vCPUs of a size: `large` 2, `xlarge` 4, `<n>xlarge` 4n (m, r, c and x families; t families are
 * 2 vCPUs up to `xlarge` 4 and `2xlarge` 8, which the same rule gives from `medium` down: 2).
 * https://aws.amazon.com/ec2/instance-types/ (the instance classes' vCPU counts)
 */
function vcpusOfSize(size: string): number | undefined {
  if (['micro', 'small', 'medium', 'large'].includes(size)) return 2;
  if (size === 'xlarge') return 4;
  const m = /^(\d+)xlarge$/.exec(size);
  return m ? 4 * Number(m[1]) : undefined;
}

/** GiB of memory a vCPU of a family has (m: 4, r: 8, x2g: 16). */
const GIB_PER_VCPU: { [family: string]: number } = { m: 4, r: 8, x: 16, c: 2 };

/** Memory of the burstable sizes, in GiB. */
const BURSTABLE_GIB: { [size: string]: number } = {
  micro: 1,
  small: 2,
  medium: 4,
  large: 8,
  xlarge: 16,
  '2xlarge': 32,
};

/** `(db|cache).<family><generation><options>.<size>`: the family letter and the size. */
function parse(name: string, prefix: string): { family: string; size: string } | undefined {
  const m = new RegExp(`^${prefix}\\.([a-z])[0-9][a-z0-9-]*\\.([a-z0-9]+)$`).exec(name);
  return m ? { family: m[1], size: m[2] } : undefined;
}

/**
 * The memory of an RDS instance class, in GiB: `db.t4g.medium` 4, `db.m7g.large` 8,
 * `db.r6g.xlarge` 32; undefined for a class the rule does not know.
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.DBInstanceClass.Summary.html
 */
export function rdsMemoryGiB(instanceClass: string): number | undefined {
  const p = parse(instanceClass, 'db');
  if (!p) return undefined;
  if (p.family === 't') return BURSTABLE_GIB[p.size];
  const vcpus = vcpusOfSize(p.size);
  const perVcpu = GIB_PER_VCPU[p.family];
  return vcpus !== undefined && perVcpu !== undefined && p.size !== 'micro' ? vcpus * perVcpu : undefined;
}

/**
 * The default `max_connections` of an RDS engine on a class: PostgreSQL
 * `LEAST({DBInstanceClassMemory/9531392}, 5000)`, MySQL and MariaDB
 * `{DBInstanceClassMemory/12582880}`. DBInstanceClassMemory is taken as the class's memory, an
 * upper bound (RDS keeps a little for itself), so the value is at most a few percent high.
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Limits.html#RDS_Limits.MaxConnections
 */
export function defaultMaxConnections(engine: string, instanceClass: string): number | undefined {
  const gib = rdsMemoryGiB(instanceClass);
  if (gib === undefined) return undefined;
  const bytes = gib * 1024 ** 3;
  if (/^postgres/.test(engine)) return Math.min(Math.floor(bytes / 9_531_392), 5000);
  if (/^(mysql|mariadb)/.test(engine)) return Math.floor(bytes / 12_582_880);
  return undefined;
}

/**
 * vCPUs of an ElastiCache node type: every `cache.t*` size has 2; `large` 2, `xlarge` 4,
 * `<n>xlarge` 4n otherwise.
 * https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheNodes.SupportedTypes.html
 */
export function cacheVcpus(nodeType: string): number | undefined {
  const p = parse(nodeType, 'cache');
  if (!p) return undefined;
  if (p.family === 't') return 2;
  return vcpusOfSize(p.size);
}
