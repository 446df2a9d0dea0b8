import { Annotations, Duration, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { CacheEngine } from './cache-engine';
import { CachePreset } from './cache-preset';
import type { ShopCacheProps } from './shop-cache';
import { CACHE_DEFAULTS } from '../private/block-defaults';
import { invalidProp, requireLiteral } from '../private/errors';
import { checkSubnetSelection, zoneCount } from '../private/subnets';

/** The versions ElastiCache offers for node-based clusters, per engine. */
const VERSIONS: Record<string, string[]> = {
  valkey: ['7.2', '8.0', '8.1', '8.2'],
  redis: ['6.2', '7.0', '7.1'],
};
const NODE_TYPE = /^cache\.([a-z][a-z0-9-]*)\.([a-z0-9]+)$/;
const DAY = '(sun|mon|tue|wed|thu|fri|sat)';
const TIME = '([01]\\d|2[0-3]):([0-5]\\d)';
const SNAPSHOT_WINDOW = new RegExp(`^${TIME}-${TIME}$`);
const MAINTENANCE_WINDOW = new RegExp(`^${DAY}:${TIME}-${DAY}:${TIME}$`);
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const MINUTES_PER_DAY = 24 * 60;
const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;

/**
 * Rejects props that would synthesize a cache that cannot deploy or cannot keep data,
 * naming the prop and the fix.
 */
export function validateCacheProps(scope: Construct, props: ShopCacheProps): void {
  validateEngine(scope, props.engine);
  const preset = props.preset ?? CachePreset.DEVELOPMENT;
  validatePreset(scope, preset);
  if (props.nodeType !== undefined) validateNodeType(scope, 'nodeType', props.nodeType);

  checkSubnetSelection(scope, props.vpc, props.vpcSubnets);
  const zones = zoneCount(props.vpc, props.vpcSubnets);
  if (zones === 0) {
    throw invalidProp(
      scope,
      'vpcSubnets',
      'the selection holds no subnets: the VPC has no isolated or private subnets for a cache',
      'Use a network with isolated subnets, such as NetworkProfile.TWO_AZ_SINGLE_NAT, or select subnets explicitly.',
    );
  }
  if (preset.multiAz && zones < 2) {
    throw invalidProp(
      scope,
      'preset',
      `${preset.name} keeps replicas in other zones than their primary, and the selected subnets span one zone`,
      'Use a network with two or more zones, or CachePreset.DEVELOPMENT.',
    );
  }

  validateSnapshotRetention(scope, props.snapshotRetention);
  const snapshotText = props.snapshotWindow ?? CACHE_DEFAULTS.snapshotWindow;
  const maintenanceText = props.maintenanceWindow ?? CACHE_DEFAULTS.maintenanceWindow;
  const snapshot = snapshotWindow(scope, snapshotText);
  const maintenance = maintenanceWindow(scope, maintenanceText);
  const clash = snapshot && maintenance ? overlap(snapshot, maintenance) : undefined;
  if (clash !== undefined) {
    throw invalidProp(
      scope,
      props.maintenanceWindow !== undefined ? 'maintenanceWindow' : 'snapshotWindow',
      `the maintenance window '${maintenanceText}' overlaps the daily snapshot window '${snapshotText}' (at ${clash} UTC)`,
      'ElastiCache needs them apart: move one of them.',
    );
  }
}

function validateEngine(scope: Construct, engine: CacheEngine | undefined): void {
  if (engine === undefined) return;
  requireLiteral(scope, 'engine', engine.engine, 'an engine name, valkey or redis');
  requireLiteral(scope, 'engine', engine.version, "a version such as CacheEngine.valkey('8.0')");
  const supported = VERSIONS[engine.engine];
  if (supported === undefined) {
    throw invalidProp(
      scope,
      'engine',
      `'${engine.engine}' is not an engine ShopCache runs`,
      'Use CacheEngine.valkey(version) or CacheEngine.redis(version).',
    );
  }
  if (!/^\d+\.\d+$/.test(engine.version)) {
    throw invalidProp(
      scope,
      'engine',
      `'${engine.version}' is not a major.minor version`,
      `Give one of ${supported.join(', ')}, such as CacheEngine.${engine.engine}('${supported[supported.length - 1]}').`,
    );
  }
  if (engine.engine === 'redis' && compareVersions(engine.version, '6.2') < 0) {
    throw invalidProp(
      scope,
      'engine',
      `${engine.displayName} is older than 6.2, the first version that delivers engine logs; ShopCache always delivers them and needs TLS with an AUTH token`,
      'Use CacheEngine.REDIS_7_1, or Valkey (CacheEngine.VALKEY_8), which Redis OSS clients speak.',
    );
  }
  if (!supported.includes(engine.version)) {
    throw invalidProp(
      scope,
      'engine',
      `${engine.displayName} is not a version ElastiCache offers for ShopCache (${engine.engine}: ${supported.join(', ')})`,
      'Use CacheEngine.VALKEY_8 or another listed version.',
    );
  }
}

function validatePreset(scope: Construct, preset: CachePreset): void {
  const { shards, replicasPerShard: replicas } = preset;
  requireLiteral(
    scope,
    'preset',
    shards,
    'CachePreset.clusterMode with a whole number of shards, such as clusterMode(2, 2)',
  );
  requireLiteral(
    scope,
    'preset',
    replicas,
    'CachePreset.clusterMode with a whole number of replicas per shard, such as clusterMode(2, 2)',
  );
  if (!Number.isInteger(shards) || shards < 1 || shards > 500) {
    throw invalidProp(
      scope,
      'preset',
      `${preset.name} has ${shards} shards; cluster mode takes 1 to 500`,
      'Give CachePreset.clusterMode a whole number of shards from 1 to 500, such as clusterMode(2, 2).',
    );
  }
  if (!Number.isInteger(replicas) || replicas < 0 || replicas > 5) {
    throw invalidProp(
      scope,
      'preset',
      `${preset.name} has ${replicas} replicas per shard; ElastiCache allows 0 to 5`,
      'Give CachePreset.clusterMode 0 to 5 replicas per shard, such as clusterMode(2, 2).',
    );
  }
  if (preset.nodes > 500) {
    throw invalidProp(
      scope,
      'preset',
      `${preset.name} makes ${preset.nodes} nodes, over the 500 nodes a cluster may have`,
      'Use fewer shards or replicas: shards x (1 + replicasPerShard) at most 500.',
    );
  }
  validateNodeType(scope, 'preset', preset.nodeType);
  validatePresetShape(scope, preset);
}

/**
 * Rejects a preset whose fields contradict each other (a subclass may override any of them), where
 * ShopCache would otherwise follow one field and silently ignore the other.
 */
function validatePresetShape(scope: Construct, preset: CachePreset): void {
  const { shards, replicasPerShard: replicas } = preset;
  const fix =
    'Build the preset with CachePreset.clusterMode(shards, replicasPerShard), or use MULTI_AZ or DEVELOPMENT.';
  if (!preset.clusterModeEnabled && shards !== 1) {
    throw invalidProp(
      scope,
      'preset',
      `${preset.name} has ${shards} shards with cluster mode off, where the key space has one shard and the others would be ignored`,
      fix,
    );
  }
  if (preset.multiAz && replicas === 0) {
    throw invalidProp(
      scope,
      'preset',
      `${preset.name} turns Multi-AZ on without replicas, which ElastiCache refuses: Multi-AZ keeps replicas in other zones`,
      fix,
    );
  }
  if (preset.multiAz && !preset.automaticFailover) {
    throw invalidProp(
      scope,
      'preset',
      `${preset.name} turns Multi-AZ on and automatic failover off, which ElastiCache refuses`,
      fix,
    );
  }
  if (preset.clusterModeEnabled && !preset.automaticFailover) {
    throw invalidProp(
      scope,
      'preset',
      `${preset.name} turns cluster mode on and automatic failover off, which ElastiCache refuses`,
      fix,
    );
  }
  if (!preset.automaticFailover && replicas > 0) {
    Annotations.of(scope).addWarningV2(
      'cdk-shop:cache-replicas-without-failover',
      `${preset.name} runs ${replicas} replica(s) with automatic failover off: when the primary fails, the cache is down until it is replaced, although a replica could have taken over.`,
    );
  }
}

function validateNodeType(scope: Construct, prop: string, nodeType: string): void {
  if (Token.isUnresolved(nodeType)) return;
  const match = NODE_TYPE.exec(nodeType);
  if (!match) {
    throw invalidProp(
      scope,
      prop,
      `'${nodeType}' is not an ElastiCache node type of the form cache.<family>.<size>`,
      "Give a node type such as 'cache.t4g.small' or 'cache.r7g.large'.",
    );
  }
  if (match[1].endsWith('gd')) {
    throw invalidProp(
      scope,
      prop,
      `${nodeType} is a data-tiering node type, which ElastiCache accepts only with data tiering on, and ShopCache does not turn it on`,
      "Use a memory-only node type such as 'cache.r7g.large'.",
    );
  }
}

function validateSnapshotRetention(scope: Construct, retention: Duration | undefined): void {
  if (retention === undefined) return;
  requireLiteral(scope, 'snapshotRetention', retention, 'Duration.days(1) to Duration.days(35)');
  const days = retention.toHours({ integral: false }) / 24;
  if (!Number.isInteger(days) || days < 1 || days > 35) {
    throw invalidProp(
      scope,
      'snapshotRetention',
      `${retention.toHumanString()} is not 1 to 35 whole days`,
      'Keep at least one daily snapshot: give Duration.days(1) to Duration.days(35).',
    );
  }
}

/** The minutes of the day the daily snapshot window covers, or undefined for a token. */
function snapshotWindow(scope: Construct, window: string): Set<number> | undefined {
  if (Token.isUnresolved(window)) return undefined;
  const match = SNAPSHOT_WINDOW.exec(window);
  if (!match) {
    throw invalidProp(
      scope,
      'snapshotWindow',
      `'${window}' is not a UTC window of the form hh:mm-hh:mm`,
      "Give a window such as '03:00-04:00'.",
    );
  }
  const start = Number(match[1]) * 60 + Number(match[2]);
  const length = (Number(match[3]) * 60 + Number(match[4]) - start + MINUTES_PER_DAY) % MINUTES_PER_DAY;
  if (length < 60) {
    throw invalidProp(
      scope,
      'snapshotWindow',
      `'${window}' lasts ${length} minutes; ElastiCache needs at least 60`,
      "Give a window of an hour or more, such as '03:00-04:00'.",
    );
  }
  const minutes = new Set<number>();
  for (let day = 0; day < 7; day++) {
    for (let m = 0; m < length; m++) minutes.add((day * MINUTES_PER_DAY + start + m) % MINUTES_PER_WEEK);
  }
  return minutes;
}

/** The minutes of the week the maintenance window covers, or undefined for a token. */
function maintenanceWindow(scope: Construct, window: string): Set<number> | undefined {
  if (Token.isUnresolved(window)) return undefined;
  const match = MAINTENANCE_WINDOW.exec(window);
  if (!match) {
    throw invalidProp(
      scope,
      'maintenanceWindow',
      `'${window}' is not a UTC window of the form ddd:hh:mm-ddd:hh:mm`,
      "Give a window such as 'sun:04:30-sun:05:30', with days sun, mon, tue, wed, thu, fri, sat.",
    );
  }
  const at = (day: string, hour: string, minute: string) =>
    DAYS.indexOf(day) * MINUTES_PER_DAY + Number(hour) * 60 + Number(minute);
  const start = at(match[1], match[2], match[3]);
  const length = (at(match[4], match[5], match[6]) - start + MINUTES_PER_WEEK) % MINUTES_PER_WEEK;
  if (length < 60) {
    throw invalidProp(
      scope,
      'maintenanceWindow',
      `'${window}' lasts ${length} minutes; ElastiCache needs at least 60`,
      "Give a window of an hour or more, such as 'sun:04:30-sun:05:30'.",
    );
  }
  const minutes = new Set<number>();
  for (let m = 0; m < length; m++) minutes.add((start + m) % MINUTES_PER_WEEK);
  return minutes;
}

/** The first shared minute of two windows, as `ddd hh:mm`. */
function overlap(first: Set<number>, second: Set<number>): string | undefined {
  const shared = [...second].filter((m) => first.has(m)).sort((a, b) => a - b)[0];
  if (shared === undefined) return undefined;
  const minuteOfDay = shared % MINUTES_PER_DAY;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[Math.floor(shared / MINUTES_PER_DAY)]} ${pad(Math.floor(minuteOfDay / 60))}:${pad(minuteOfDay % 60)}`;
}

function compareVersions(a: string, b: string): number {
  const [aMajor, aMinor] = a.split('.').map(Number);
  const [bMajor, bMinor] = b.split('.').map(Number);
  return aMajor !== bMajor ? aMajor - bMajor : aMinor - bMinor;
}
