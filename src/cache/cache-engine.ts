/**
 * The engine and version of a `ShopCache`: Valkey or Redis OSS.
 *
 * Valkey is the open-source fork of Redis OSS 7.2 and costs 20% less per node-hour on
 * ElastiCache; clients that speak Redis speak Valkey.
 *
 * @see https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/engine-versions.html
 */
export class CacheEngine {
  /** Valkey 8.0. */
  public static readonly VALKEY_8 = new CacheEngine('valkey', '8.0');

  /** Valkey 7.2, compatible with Redis OSS 7.2. */
  public static readonly VALKEY_7_2 = new CacheEngine('valkey', '7.2');

  /** Redis OSS 7.1. */
  public static readonly REDIS_7_1 = new CacheEngine('redis', '7.1');

  /**
   * A Valkey version, as `major.minor`: 7.2, 8.0, 8.1 or 8.2.
   */
  public static valkey(version: string): CacheEngine {
    return new CacheEngine('valkey', version);
  }

  /**
   * A Redis OSS version, as `major.minor`: 6.2, 7.0 or 7.1.
   */
  public static redis(version: string): CacheEngine {
    return new CacheEngine('redis', version);
  }

  /**
   * @param engine the ElastiCache engine name, `valkey` or `redis`
   * @param version the engine version, `major.minor`
   */
  protected constructor(
    public readonly engine: string,
    public readonly version: string,
  ) {}

  /**
   * The major version, such as `8`.
   */
  public get majorVersion(): number {
    return Number.parseInt(this.version.split('.')[0], 10);
  }

  /**
   * The parameter group family of the version, such as `valkey8`, `redis7` or `redis6.x`.
   */
  public get parameterGroupFamily(): string {
    const major = this.majorVersion;
    return this.engine === 'redis' && major === 6 ? 'redis6.x' : `${this.engine}${major}`;
  }

  /**
   * The name of the engine for people: `Valkey 8.0`, `Redis OSS 7.1`.
   */
  public get displayName(): string {
    return `${this.engine === 'valkey' ? 'Valkey' : 'Redis OSS'} ${this.version}`;
  }
}
