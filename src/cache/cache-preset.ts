/**
 * A starting shape for a `ShopCache`: node type, shards and replicas.
 *
 * Prices are us-east-1 on-demand list prices for Valkey (Redis OSS costs 25% more), 730 hours
 * a month, before snapshot storage beyond the free one per cluster.
 */
export class CachePreset {
  /**
   * For development and small shops: one cache.t4g.micro node (0.5 GiB), no replica, no
   * failover. About $9 a month.
   */
  public static readonly DEVELOPMENT = new CachePreset('DEVELOPMENT', 'cache.t4g.micro', 1, 0, false);

  /**
   * For production: cache.t4g.small (1.37 GiB), a primary and one replica in another zone,
   * automatic failover and Multi-AZ. About $37 a month.
   */
  public static readonly MULTI_AZ = new CachePreset('MULTI_AZ', 'cache.t4g.small', 1, 1, false);

  /**
   * Cluster mode: the key space split over `shards` primaries, each with `replicasPerShard`
   * replicas spread over the zones, with automatic failover (Multi-AZ when there are replicas).
   * Two shards with two replicas of cache.r7g.large make six nodes, about $767 a month.
   *
   * @param shards the number of shards (node groups), 1 to 500
   * @param replicasPerShard the replicas of each shard, 0 to 5
   * @param nodeType the node type; cache.r7g.large (13 GiB) when not given
   */
  public static clusterMode(shards: number, replicasPerShard: number, nodeType?: string): CachePreset {
    return new CachePreset(
      `CLUSTER_MODE_${shards}x${replicasPerShard}`,
      nodeType ?? 'cache.r7g.large',
      shards,
      replicasPerShard,
      true,
    );
  }

  /**
   * @param name the preset's name, shown in errors
   * @param nodeType the ElastiCache node type
   * @param shards the number of shards (1 without cluster mode)
   * @param replicasPerShard the replicas of each shard (or of the primary)
   * @param clusterModeEnabled whether the key space is sharded (cluster mode enabled)
   */
  protected constructor(
    public readonly name: string,
    public readonly nodeType: string,
    public readonly shards: number,
    public readonly replicasPerShard: number,
    public readonly clusterModeEnabled: boolean,
  ) {}

  /**
   * Whether a replica takes over when a primary fails: with replicas, and always in cluster
   * mode (which requires it).
   */
  public get automaticFailover(): boolean {
    return this.clusterModeEnabled || this.replicasPerShard > 0;
  }

  /**
   * Whether replicas are kept in other zones than their primary (Multi-AZ): with replicas.
   */
  public get multiAz(): boolean {
    return this.replicasPerShard > 0;
  }

  /**
   * How many nodes run: shards times (1 + replicasPerShard).
   */
  public get nodes(): number {
    return this.shards * (1 + this.replicasPerShard);
  }
}
