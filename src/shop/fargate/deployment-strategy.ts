import { Duration } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as lambda from 'aws-cdk-lib/aws-lambda';

/** What every ECS-native strategy but rolling shares: bake time, test traffic, smoke test. */
export interface BlueGreenDeploymentOptions {
  /**
   * How long the old (blue) revision keeps running after all production traffic reached the new
   * (green) one, so a rollback is instant; 0 to 1440 minutes, whole minutes.
   *
   * @default Duration.minutes(10)
   */
  readonly bakeTime?: Duration;

  /**
   * A test listener on the load balancer (port `DEPLOYMENT_TEST_PORT`, 9443), admitting only
   * the VPC's CIDR, whose rules mirror the production rules: during a deployment ECS sends its
   * traffic to the green revision before any production traffic.
   *
   * @default false
   */
  readonly testListener?: boolean;

  /**
   * A Lambda function ECS runs at `smokeTestStage` of every deployment; it answers
   * `{ hookStatus: 'SUCCEEDED' | 'FAILED' | 'IN_PROGRESS' }`, and FAILED rolls the deployment back.
   *
   * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-lifecycle-hooks.html
   * @default - no smoke test
   */
  readonly smokeTest?: lambda.IFunction;

  /**
   * When ECS runs `smokeTest`.
   *
   * @default ecs.DeploymentLifecycleStage.POST_TEST_TRAFFIC_SHIFT (green has its test traffic,
   * production traffic has not moved)
   */
  readonly smokeTestStage?: ecs.DeploymentLifecycleStage;
}

/** A canary deployment: a share of production traffic first, then the rest. */
export interface CanaryDeploymentOptions extends BlueGreenDeploymentOptions {
  /** The share of production traffic the canary gets first: 0.1 to 100 %, in steps of 0.1. */
  readonly percent: number;

  /**
   * How long the canary runs before the rest of the traffic moves; 0 to 1440 minutes.
   *
   * @default Duration.minutes(10)
   */
  readonly interval?: Duration;
}

/** A linear deployment: production traffic moves in equal steps. */
export interface LinearDeploymentOptions extends BlueGreenDeploymentOptions {
  /** The share of production traffic each step moves: 3 to 100 %, in steps of 0.1. */
  readonly stepPercent: number;

  /**
   * How long each step runs before the next; 0 to 1440 minutes.
   *
   * @default Duration.minutes(6)
   */
  readonly interval?: Duration;
}

/**
 * How ECS deploys a new revision of a service behind the load balancer.
 *
 * `rolling()` replaces tasks in place (circuit breaker and alarms roll back). The others are
 * ECS-native deployments: a full green revision starts beside the blue one in a second target
 * group, and ECS moves the service's listener rules to it at once (`blueGreen`), a canary
 * share first (`canary`) or in steps (`linear`), then keeps blue for the bake time.
 *
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-blue-green.html
 */
export class ShopDeploymentStrategy {
  /** Rolling replacement (100 % minimum healthy, 200 % maximum), circuit breaker with rollback. */
  public static rolling(): ShopDeploymentStrategy {
    return new ShopDeploymentStrategy(ecs.DeploymentStrategy.ROLLING, {});
  }

  /** All production traffic moves to the green revision at once, then blue bakes. */
  public static blueGreen(options: BlueGreenDeploymentOptions = {}): ShopDeploymentStrategy {
    return new ShopDeploymentStrategy(ecs.DeploymentStrategy.BLUE_GREEN, options);
  }

  /** `percent` of production traffic moves first, the rest after `interval`, then blue bakes. */
  public static canary(options: CanaryDeploymentOptions): ShopDeploymentStrategy {
    return new ShopDeploymentStrategy(
      ecs.DeploymentStrategy.CANARY,
      options,
      options.percent,
      options.interval,
    );
  }

  /** `stepPercent` of production traffic moves every `interval`, then blue bakes. */
  public static linear(options: LinearDeploymentOptions): ShopDeploymentStrategy {
    return new ShopDeploymentStrategy(
      ecs.DeploymentStrategy.LINEAR,
      options,
      options.stepPercent,
      options.interval,
    );
  }

  /** The ECS strategy. */
  public readonly strategy: ecs.DeploymentStrategy;
  /** Bake time, test listener and smoke test; empty for rolling. */
  public readonly options: BlueGreenDeploymentOptions;
  /** The canary's share or the linear step, in percent; undefined otherwise. */
  public readonly percent?: number;
  /** The canary's or each linear step's duration; undefined for the defaults and otherwise. */
  public readonly interval?: Duration;

  private constructor(
    strategy: ecs.DeploymentStrategy,
    options: BlueGreenDeploymentOptions,
    percent?: number,
    interval?: Duration,
  ) {
    this.strategy = strategy;
    this.options = options;
    this.percent = percent;
    this.interval = interval;
  }
}
