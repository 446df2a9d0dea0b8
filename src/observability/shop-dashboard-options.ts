import { Duration } from 'aws-cdk-lib';
import { CostEstimatorProps } from '../cost/cost-estimate';

/**
 * The shop dashboard: one CloudWatch dashboard with a row per resource kind in the order a
 * request meets them (edge, load balancer, services, cache, database, queue), each row the
 * golden signals (traffic, errors, latency, saturation) of that kind's resources, an alarm
 * status widget for the composite alarms and the month's cost estimate of the stack.
 */
export interface ShopDashboardOptions {
  /**
   * Whether to define the dashboard.
   *
   * A dashboard costs $3 a month past the account's 3 free ones (of up to 50 metrics each).
   *
   * @default true
   * @see https://aws.amazon.com/cloudwatch/pricing/
   */
  readonly enabled?: boolean;

  /**
   * The dashboard's name: 1 to 255 characters of A-Z, a-z, 0-9, `-` and `_`.
   *
   * @default - a name CloudFormation generates
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutDashboard.html
   */
  readonly dashboardName?: string;

  /**
   * Whether the dashboard shows the month's cost estimate of its stack (a text widget), made
   * by this library's `CostEstimator` when the stack is synthesized.
   *
   * @default true
   */
  readonly costEstimate?: boolean;

  /**
   * The assumptions of the cost estimate (requests a month, data transfer, ...).
   *
   * @default - the CostEstimator's defaults
   */
  readonly costAssumptions?: CostEstimatorProps;

  /**
   * The period of the graphs' data points: 1 minute or a multiple of it, at most 1 day.
   *
   * @default Duration.minutes(1)
   */
  readonly defaultPeriod?: Duration;
}
