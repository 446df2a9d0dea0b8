import { Duration, Token } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';
import { ShopDeploymentStrategy } from './deployment-strategy';
import type { FargateShopProps } from './fargate-shop-props';
import type { ServicePlan } from './service-plan';
import { invalidProp, requireLiteral } from '../../private/errors';

/** ECS's defaults where ours are not given (aws-cdk-lib TrafficShiftConfig). */
export const DEPLOYMENT_DEFAULTS = {
  bakeTime: Duration.minutes(10),
  canaryInterval: Duration.minutes(10),
  linearInterval: Duration.minutes(6),
  smokeTestStage: ecs.DeploymentLifecycleStage.POST_TEST_TRAFFIC_SHIFT,
} as const;

/** ECS's limits on bake time and step intervals (DeploymentConfiguration). */
export const MAX_STEP_MINUTES = 1440;

/**
 * The longest a deployment's traffic shift and bake may take, in minutes: CloudFormation's 33
 * hours for a resource update; a stack update waits for the service's deployment to finish.
 */
export const MAX_DEPLOYMENT_MINUTES = 33 * 60;

/** One service's deployment, validated, in the terms of `ecs.BaseServiceProps`. */
export interface ServiceDeployment {
  readonly strategy: ecs.DeploymentStrategy;
  /** False for rolling: ECS shifts no listener rule. */
  readonly shiftsTraffic: boolean;
  /** The prop the strategy came from, for errors. */
  readonly prop: string;
  readonly bakeTime?: Duration;
  readonly canaryConfiguration?: ecs.TrafficShiftConfig;
  readonly linearConfiguration?: ecs.TrafficShiftConfig;
  readonly testListener: boolean;
  readonly smokeTest?: lambda.IFunction;
  readonly smokeTestStage: ecs.DeploymentLifecycleStage;
  /** The longest the traffic shift and the bake take, in minutes. */
  readonly totalMinutes: number;
}

/** The strategy of `plan` (its settings' or the shop's), validated at synth time. */
export function serviceDeployment(
  scope: IConstruct,
  plan: ServicePlan,
  props: FargateShopProps,
): ServiceDeployment {
  const own = plan.settings.deploymentStrategy;
  const prop = own ? `${plan.settingsProp}.deploymentStrategy` : 'deploymentStrategy';
  const given = own ?? props.deploymentStrategy ?? ShopDeploymentStrategy.rolling();
  const deployment = resolveStrategy(scope, given, prop);
  if (deployment.shiftsTraffic && !plan.public) {
    // a shop-wide strategy applies to public services only; a service's own must fit it
    if (!own) return resolveStrategy(scope, ShopDeploymentStrategy.rolling(), prop);
    throw invalidProp(
      scope,
      prop,
      `service '${plan.name}' has no load balancer, and ${deployment.strategy} deployments shift listener rules`,
      'Leave it out (private services and the worker deploy rolling), or make the service public.',
    );
  }
  if (deployment.shiftsTraffic && plan.settings.scaling?.requestsPerTargetPerMinute !== undefined) {
    throw invalidProp(
      scope,
      `${plan.settingsProp}.scaling.requestsPerTargetPerMinute`,
      `service '${plan.name}' deploys ${deployment.strategy}: after a deployment its traffic is in the other target group, so requests per target of one group would scale it in`,
      'Leave it out (the service scales on CPU and memory), or deploy rolling.',
    );
  }
  return deployment;
}

/** Validates every range of `strategy` and puts it in the terms of `ecs.BaseServiceProps`. */
export function resolveStrategy(
  scope: IConstruct,
  strategy: ShopDeploymentStrategy,
  prop: string,
): ServiceDeployment {
  const kind = strategy.strategy;
  const options = strategy.options;
  if (kind === ecs.DeploymentStrategy.ROLLING) {
    return {
      strategy: kind,
      shiftsTraffic: false,
      prop,
      testListener: false,
      smokeTestStage: DEPLOYMENT_DEFAULTS.smokeTestStage,
      totalMinutes: 0,
    };
  }
  const bakeTime = options.bakeTime ?? DEPLOYMENT_DEFAULTS.bakeTime;
  const bakeMinutes = wholeMinutes(scope, `${prop}.bakeTime`, bakeTime);
  if (options.smokeTestStage !== undefined && options.smokeTest === undefined) {
    throw invalidProp(
      scope,
      `${prop}.smokeTestStage`,
      'is given without a smokeTest',
      'Give the smokeTest function to run at that stage, or leave smokeTestStage out.',
    );
  }
  const testStages = [
    ecs.DeploymentLifecycleStage.TEST_TRAFFIC_SHIFT,
    ecs.DeploymentLifecycleStage.POST_TEST_TRAFFIC_SHIFT,
  ];
  const smokeTestStage = options.smokeTestStage ?? DEPLOYMENT_DEFAULTS.smokeTestStage;
  if (options.smokeTest && testStages.includes(smokeTestStage) && !options.testListener) {
    throw invalidProp(
      scope,
      `${prop}.smokeTestStage`,
      `${smokeTestStage} is a stage of test traffic, which needs the test listener`,
      'Set testListener: true, or run the smoke test at another stage (such as POST_SCALE_UP).',
    );
  }
  let canaryConfiguration: ecs.TrafficShiftConfig | undefined;
  let linearConfiguration: ecs.TrafficShiftConfig | undefined;
  let shiftMinutes = 0;
  if (kind === ecs.DeploymentStrategy.CANARY) {
    const percent = validPercent(scope, `${prop}.percent`, strategy.percent, 0.1);
    const interval = strategy.interval ?? DEPLOYMENT_DEFAULTS.canaryInterval;
    shiftMinutes = wholeMinutes(scope, `${prop}.interval`, interval);
    canaryConfiguration = { stepPercent: percent, stepBakeTime: interval };
  } else if (kind === ecs.DeploymentStrategy.LINEAR) {
    const percent = validPercent(scope, `${prop}.stepPercent`, strategy.percent, 3);
    const interval = strategy.interval ?? DEPLOYMENT_DEFAULTS.linearInterval;
    // every step waits its interval, the last one too (an upper bound)
    shiftMinutes = Math.ceil(100 / percent - 1e-9) * wholeMinutes(scope, `${prop}.interval`, interval);
    linearConfiguration = { stepPercent: percent, stepBakeTime: interval };
  }
  const totalMinutes = shiftMinutes + bakeMinutes;
  if (totalMinutes >= MAX_DEPLOYMENT_MINUTES) {
    throw invalidProp(
      scope,
      prop,
      `the traffic shift and the bake time take up to ${totalMinutes} minutes; the stack update waits for them, and CloudFormation allows under ${MAX_DEPLOYMENT_MINUTES} minutes (33 h)`,
      'Use a shorter interval or bakeTime, or a larger step.',
    );
  }
  return {
    strategy: kind,
    shiftsTraffic: true,
    prop,
    bakeTime,
    canaryConfiguration,
    linearConfiguration,
    testListener: options.testListener ?? false,
    smokeTest: options.smokeTest,
    smokeTestStage,
    totalMinutes,
  };
}

function validPercent(scope: IConstruct, prop: string, value: number | undefined, min: number): number {
  requireLiteral(scope, prop, value, `a percentage from ${min} to 100`);
  if (value === undefined || !Number.isFinite(value) || value < min || value > 100) {
    throw invalidProp(
      scope,
      prop,
      `is ${value}; ECS accepts ${min} to 100 %`,
      `Give a percentage from ${min} to 100.`,
    );
  }
  if (Math.abs(Math.round(value * 10) - value * 10) > 1e-9) {
    throw invalidProp(
      scope,
      prop,
      `is ${value}; ECS accepts multiples of 0.1`,
      `Give ${Math.round(value * 10) / 10}, say.`,
    );
  }
  return value;
}

function wholeMinutes(scope: IConstruct, prop: string, value: Duration): number {
  requireLiteral(scope, prop, value, `a Duration of 0 to ${MAX_STEP_MINUTES} minutes`);
  const minutes = value.toMilliseconds() / 60_000;
  if (
    Token.isUnresolved(minutes) ||
    !Number.isInteger(minutes) ||
    minutes < 0 ||
    minutes > MAX_STEP_MINUTES
  ) {
    throw invalidProp(
      scope,
      prop,
      `is ${value.toHumanString()}; ECS accepts whole minutes from 0 to ${MAX_STEP_MINUTES} (24 hours)`,
      `Give Duration.minutes(0) to Duration.minutes(${MAX_STEP_MINUTES}).`,
    );
  }
  return minutes;
}
