import { Token } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';
import type { ShopCapacity } from './capacity';
import { capacityInstanceType } from './capacity';
import { AutoScalingGroupCapacityOptions, CapacityProviderShare } from './capacity-options';
import { invalidProp, requireLiteral } from '../../private/errors';

/** ECS limits of a strategy item (API Reference, CapacityProviderStrategyItem). */
const MAX_WEIGHT = 1000;
const MAX_BASE = 100000;

/** How the errors name a share's fields: the factory option they came from. */
export interface ShareFieldNames {
  readonly weight: string;
  readonly base: string;
  /** Where the Auto Scaling group's options are, for an EC2 share. */
  readonly provider: string;
}

/** Checks a capacity against what ECS accepts; `names(i)` gives the field names of share i. */
export function validateCapacity(
  scope: Construct,
  capacity: ShopCapacity,
  prop: string,
  names: (index: number) => ShareFieldNames,
): void {
  const shares = capacity.shares;
  if (shares.length === 0) {
    throw invalidProp(
      scope,
      prop,
      'has no capacity provider',
      'Give at least one share to ShopCapacity.strategy().',
    );
  }
  const fargate = shares.filter((s) => s.provider.isFargate).length;
  if (fargate > 0 && fargate < shares.length) {
    throw invalidProp(
      scope,
      prop,
      'mixes Fargate providers (FARGATE, FARGATE_SPOT) with an Auto Scaling group provider, which ECS refuses in one strategy',
      'Use only Fargate providers or only Auto Scaling group providers.',
    );
  }
  shares.forEach((share, i) => validateShare(scope, prop, share, names(i)));
  shares.forEach((share, i) => {
    const first = shares.findIndex((s) => s.provider === share.provider);
    if (first !== i) {
      throw invalidProp(
        scope,
        `${prop}.${names(i).provider}`,
        `names the same provider (${share.provider.kind}) as share ${first}`,
        'Give each provider once, with its weight and base.',
      );
    }
  });
  const withBase = shares.map((s, i) => [s.base ?? 0, i]).filter(([base]) => base > 0);
  if (withBase.length > 1) {
    throw invalidProp(
      scope,
      `${prop}.${names(withBase[1][1]).base}`,
      'is a second base; ECS allows a base on one provider of a strategy only',
      'Give a base to one provider.',
    );
  }
  if (shares.every((s) => (s.weight ?? 1) === 0)) {
    const fields = shares.map((_, i) => names(i).weight);
    throw invalidProp(
      scope,
      `${prop}.${fields[0]}`,
      `is 0 like every weight (${fields.join(', ')}); ECS needs one weight above 0`,
      'Give at least one provider a weight of 1 or more.',
    );
  }
  validateArchitecture(scope, capacity, prop, names);
}

function validateShare(scope: Construct, prop: string, share: CapacityProviderShare, names: ShareFieldNames) {
  wholeNumber(scope, `${prop}.${names.weight}`, share.weight, 0, MAX_WEIGHT);
  wholeNumber(scope, `${prop}.${names.base}`, share.base, 0, MAX_BASE);
  const options = share.provider.autoScalingGroupOptions;
  if (!share.provider.isFargate && options) {
    validateGroup(scope, `${prop}${names.provider ? '.' + names.provider : ''}`, options);
  }
}

function validateGroup(scope: Construct, at: string, options: AutoScalingGroupCapacityOptions): void {
  if (options.instanceType) {
    const name = options.instanceType.toString();
    requireLiteral(scope, `${at}.instanceType`, name, 'an instance type such as t4g.medium');
    try {
      void options.instanceType.architecture;
    } catch {
      throw invalidProp(
        scope,
        `${at}.instanceType`,
        `'${name}' is not an instance type`,
        'Give one such as t4g.medium or m7g.large.',
      );
    }
  }
  wholeNumber(scope, `${at}.minCapacity`, options.minCapacity, 0, Infinity);
  wholeNumber(scope, `${at}.maxCapacity`, options.maxCapacity, 1, Infinity);
  const min = options.minCapacity ?? 1;
  const max = options.maxCapacity ?? 10;
  if (min > max) {
    throw invalidProp(
      scope,
      `${at}.minCapacity`,
      `is ${min}, above maxCapacity ${max}`,
      'Give a minCapacity at most maxCapacity.',
    );
  }
  wholeNumber(scope, `${at}.targetCapacityPercent`, options.targetCapacityPercent, 1, 100);
}

function validateArchitecture(
  scope: Construct,
  capacity: ShopCapacity,
  prop: string,
  names: (index: number) => ShareFieldNames,
): void {
  const architecture = capacity.cpuArchitecture._cpuArchitecture;
  if (
    architecture !== ecs.CpuArchitecture.ARM64._cpuArchitecture &&
    architecture !== ecs.CpuArchitecture.X86_64._cpuArchitecture
  ) {
    throw invalidProp(
      scope,
      `${prop}.cpuArchitecture`,
      `is '${architecture}', which Linux tasks do not run on`,
      'Give ecs.CpuArchitecture.ARM64 or ecs.CpuArchitecture.X86_64.',
    );
  }
  capacity.shares.forEach((share, i) => {
    if (share.provider.isFargate) return;
    const instances = capacityInstanceType(share.provider.autoScalingGroupOptions ?? {});
    const instancesArchitecture = instances.architecture === 'arm64' ? 'ARM64' : 'X86_64';
    if (instancesArchitecture !== architecture) {
      throw invalidProp(
        scope,
        `${prop}.${names(i).provider ? names(i).provider + '.' : ''}instanceType`,
        `is ${instances} (${instancesArchitecture}), and the capacity's tasks are ${architecture}`,
        'Give instance types of one architecture, the one the images are built for.',
      );
    }
  });
}

function wholeNumber(
  scope: Construct,
  prop: string,
  value: number | undefined,
  min: number,
  max: number,
): void {
  if (value === undefined) return;
  requireLiteral(scope, prop, value, `a whole number from ${min}`);
  if (Token.isUnresolved(value) || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Infinity ? `at least ${min}` : `${min} to ${max}`;
    throw invalidProp(
      scope,
      prop,
      `is ${value}, not a whole number ${range}`,
      `Give a whole number ${range}.`,
    );
  }
}
