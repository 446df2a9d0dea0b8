import type { ShopCache, ShopCacheProps } from './shop-cache';
import { acknowledge } from '../private/acknowledge';
import { CACHE_DEFAULTS } from '../private/block-defaults';

/**
 * The cdk-nag and cfn-guard findings a `ShopCache` accepts by design, with their reasons.
 */
export function acknowledgeCacheFindings(cache: ShopCache, props: ShopCacheProps): void {
  const group = cache.replicationGroup;
  const redis = cache.engine.engine === 'redis';

  if (!cache.preset.multiAz) {
    acknowledge(group, {
      id: 'AwsSolutions-AEC4',
      reason: `${cache.preset.name} runs one node by choice, for development or a small shop: a lost node is replaced and refilled from the shop's database. CachePreset.MULTI_AZ adds a replica in another zone.`,
    });
  }
  if (!cache.preset.automaticFailover && redis) {
    acknowledge(group, {
      id: 'guard:elasticache_repl_grp_auto_failover_enabled_check',
      reason: `${cache.preset.name} has no replica to fail over to; CachePreset.MULTI_AZ turns on automatic failover.`,
    });
  }
  if (redis) {
    acknowledge(
      group,
      {
        id: 'AwsSolutions-AEC5',
        reason:
          'Clients and libraries expect 6379; only the security groups given to allowFrom can reach it, with TLS and the AUTH token, so another port would add no protection.',
      },
      {
        id: 'guard:elasticache_repl_grp_rbac_auth_enabled_check',
        reason:
          'Clients authenticate with a generated 64-character AUTH token over TLS only; RBAC user groups exclude an AUTH token and would add per-user management that one shop application does not need.',
      },
    );
  }

  const retentionDays = props.snapshotRetention?.toDays() ?? CACHE_DEFAULTS.snapshotRetentionDays;
  if (retentionDays < 15) {
    acknowledge(group, {
      id: 'NIST.800.53.R5-ElastiCacheRedisClusterAutomaticBackup',
      reason: `The cache holds sessions, carts and cached pages that expire within days, and the database is the record; ${retentionDays} days of daily snapshots (snapshotRetention, up to 35) cover recovery.`,
    });
  }

  const noRotation =
    'ElastiCache has no managed rotation for AUTH tokens (only for RBAC users); a rotation is a ModifyReplicationGroup with the ROTATE then SET strategies, done by an operator.';
  acknowledge(
    cache.authToken,
    { id: 'AwsSolutions-SMG4', reason: noRotation },
    { id: 'NIST.800.53.R5-SecretsManagerRotationEnabled', reason: noRotation },
    {
      id: 'NIST.800.53.R5-SecretsManagerUsingKMSKey',
      reason:
        'Encrypted with the AWS managed key aws/secretsmanager; a customer-managed key would add $1/month.',
    },
  );

  const logsEncryption =
    'CloudWatch Logs encrypts the slow and engine logs at rest; a customer-managed key would add $1/month and a key policy for log delivery.';
  const logRetention = props.logRetention ?? CACHE_DEFAULTS.logRetention;
  for (const logGroup of [cache.slowLogGroup, cache.engineLogGroup]) {
    acknowledge(
      logGroup,
      { id: 'NIST.800.53.R5-CloudWatchLogGroupEncrypted', reason: logsEncryption },
      { id: 'guard:cloudwatch_log_group_encrypted_check', reason: logsEncryption },
    );
    if (logRetention < 365) {
      acknowledge(logGroup, {
        id: 'guard:cloudwatch_log_group_retention_period_check',
        reason: `Slow and engine logs serve troubleshooting, not audit; they are kept ${logRetention} days by choice (logRetention) to keep the bill small.`,
      });
    }
  }
}
