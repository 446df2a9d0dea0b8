/**
 * A price that replaces (or supplies) one key of the price table.
 */
export interface PriceOverride {
  /** The price in USD per `unit`, before `regionFactor` is applied. */
  readonly usd: number;

  /** What the price is per, e.g. `USD/hour`. Required so an override documents itself. */
  readonly unit: string;
}

/**
 * Usage assumptions and price overrides for a {@link CostEstimator}.
 *
 * Usage assumptions are monthly totals for the whole stack. When several resources share one
 * (log groups share `logIngestGb`, buckets share `storedGb`, ...) it is split evenly over them.
 */
export interface CostEstimatorProps {
  /**
   * HTTP requests per month served by the stack (load balancer LCUs, CloudFront, WAF).
   * @default 1000000
   */
  readonly requestsPerMonth?: number;

  /**
   * GB per month the stack serves to its users on the internet (responses). It is charged once,
   * where it leaves AWS: on the CloudFront distributions when the stack has any, else as internet
   * data transfer out of the internet-facing application load balancers, else of the instances
   * with a public address (NAT instances excluded). Load balancers also process it (LCUs).
   * @default 10
   */
  readonly dataTransferOutGb?: number;

  /**
   * GB per month that hosts in private subnets move through the stack's NAT gateways (package
   * updates, image pulls, calls to outside APIs), split evenly over them and priced as NAT data
   * processed. Mostly downloads, which have no data transfer charge.
   * @default 5
   */
  readonly natDataProcessedGb?: number;

  /**
   * GB stored in S3 (S3 Standard), split evenly over the buckets of the template.
   * @default 1
   */
  readonly storedGb?: number;

  /**
   * SQS requests per month (send, receive, delete), split evenly over the standard queues of the
   * template.
   * @default 1000000
   */
  readonly queueRequestsPerMonth?: number;

  /**
   * SNS messages published per month, split evenly over the topics of the template. Each message
   * is delivered to every email subscription of its topic.
   * @default 1000
   */
  readonly notificationsPerMonth?: number;

  /**
   * Lambda invocations per month, split evenly over the functions of the template (except those
   * that only back custom resources, which run only when the stack deploys, and those an API
   * integrates, which share the API's requests: `apiRequestsPerMonth`).
   * @default 1000000
   */
  readonly functionInvocationsPerMonth?: number;

  /**
   * Average duration of one Lambda invocation, in milliseconds (billed per millisecond).
   * @default 100
   */
  readonly functionDurationMs?: number;

  /**
   * API Gateway requests per month (HTTP APIs and REST APIs), split evenly over the APIs of the
   * template. Each API's requests are split evenly over the Lambda functions it integrates, which
   * take them instead of a share of `functionInvocationsPerMonth`. Without it: a quarter of
   * `requestsPerMonth` when the template has a CloudFront distribution (a CDN serves the pages and
   * their assets from a bucket, and about one request in four is a call to the API), else all of
   * `requestsPerMonth` (the API is what the users call).
   * @default - requestsPerMonth ÷ 4 with a CloudFront distribution, else requestsPerMonth
   * @see https://aws.amazon.com/api-gateway/pricing/
   */
  readonly apiRequestsPerMonth?: number;

  /**
   * DynamoDB read request units per month, split evenly over the on-demand (PAY_PER_REQUEST)
   * tables. One unit is a strongly consistent read of up to 4 KB, or two eventually consistent
   * ones; a transactional read takes two. Without it: 2 per API request (an eventually consistent
   * read of up to 16 KB, e.g. a query returning a page of a dozen products of about 1 KB), or per
   * request of `requestsPerMonth` when the template has no API.
   * @default - 2 × the API requests (apiRequestsPerMonth or its default), or 2 × requestsPerMonth without an API
   * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/capacity-mode.html
   */
  readonly tableReadRequestUnitsPerMonth?: number;

  /**
   * DynamoDB write request units per month, split evenly over the on-demand (PAY_PER_REQUEST)
   * tables. One unit is a standard write of up to 1 KB; a transactional write takes two. Each
   * table's writes are multiplied by one plus its global secondary indexes (a write updates every
   * index that holds the item's key attributes: taken as all). Without it: 0.2 per API request
   * (a write of up to 2 KB in one request in ten: carts, orders, preferences), or per request of
   * `requestsPerMonth` when the template has no API.
   * @default - 0.2 × the API requests (apiRequestsPerMonth or its default), or 0.2 × requestsPerMonth without an API
   * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.ThroughputConsiderations
   */
  readonly tableWriteRequestUnitsPerMonth?: number;

  /**
   * GB stored in on-demand DynamoDB tables (items, with their 100 bytes of overhead each, and
   * the indexes' copies), split evenly over them; point-in-time recovery, where a table turns it
   * on, is charged on the same size.
   * @default 1
   * @see https://aws.amazon.com/dynamodb/pricing/on-demand/
   */
  readonly tableStorageGb?: number;

  /**
   * Cognito monthly active users (users who sign in, refresh a token or change their account in
   * the month), split evenly over the user pools and priced by each pool's feature plan
   * (`UserPoolTier`). Without it: one per 1,000 of `requestsPerMonth`, 1,000 at the default: about
   * 50,000 visits of 20 requests, 2 % of them by customers who sign in to buy (about the share of
   * a shop's visits that end in an order).
   * @default - requestsPerMonth ÷ 1000
   * @see https://aws.amazon.com/cognito/pricing/
   */
  readonly monthlyActiveUsers?: number;

  /**
   * Step Functions Standard workflow state transitions per month, split evenly over the state
   * machines of the template (a FargateShop's redeploy after a password rotation makes about 5 a
   * rotation).
   * @default 1000
   */
  readonly stateTransitionsPerMonth?: number;

  /**
   * Traces recorded in X-Ray per month, split evenly over the task definitions that an ECS service
   * runs with an AWS Distro for OpenTelemetry collector sidecar (image `aws-otel-collector`).
   * Without it, each such task definition records its even share of `requestsPerMonth` times the
   * sampling ratio its app containers set: `OTEL_TRACES_SAMPLER_ARG` of a `traceidratio` or
   * `parentbased_traceidratio` sampler (a FargateShop's `tracing.samplingRatio`, 0.05 by
   * default), every request with the SDKs' default sampler, none with `always_off`. Give it when
   * your sampler keeps another number (a request that crosses the storefront and the backend is
   * one trace).
   * @default - requestsPerMonth × each traced task definition's sampling ratio
   * @see https://aws.amazon.com/xray/pricing/
   * @see https://opentelemetry.io/docs/specs/otel/configuration/sdk-environment-variables/#general-sdk-configuration
   */
  readonly tracesPerMonth?: number;

  /**
   * GB of logs ingested per month, split evenly over the log groups of the template.
   * @default 1
   */
  readonly logIngestGb?: number;

  /**
   * GB of recovery points kept in AWS Backup vaults, split evenly over the vaults of the template
   * (and over the kinds a vault holds), each at the rate of what its plans select (EBS or RDS
   * snapshots; the EBS rate when the template does not say).
   * @default 5
   */
  readonly snapshotGb?: number;

  /**
   * Deduct AWS's always-free monthly allowances (not the 12-month free tier): 100 GB of internet
   * data transfer out, CloudFront's 1 TB, 10 million requests and 2 million function invocations, CloudWatch's 10 custom metrics,
   * 10 standard alarm metrics, 5 GB of log ingestion and 5 GB-month of log storage, 3 dashboards
   * and 100 canary runs, SNS's 1 million publishes, 1,000 email and 100,000 HTTP deliveries, SQS's
   * 1 million requests, X-Ray's 100,000 recorded traces, Lambda's 1 million requests and 400,000 GB-seconds, DynamoDB's 25
   * provisioned WCU and RCU and 25 GB of storage, Cognito's 10,000 monthly active users on the Lite and
   * Essentials plans. Each deduction is a negative line of its own, after the line it
   * covers, and never more than that line. The allowances are the account's: set false when
   * other workloads in the account use them up.
   * @default true
   */
  readonly alwaysFreeAllowances?: boolean;

  /**
   * Multiplies every us-east-1 USD price, to approximate another region.
   * @default 1
   */
  readonly regionFactor?: number;

  /**
   * Prices that replace keys of the price table, or supply keys it has no price for
   * (e.g. `ec2.m5.large.hourly`). Only keys the estimator looks up are accepted: any other is an
   * error that lists the valid keys, and a valid key that no resource of a stack looks up is
   * named in that estimate's warnings.
   * @default - the dated list prices of the generated price table
   */
  readonly priceOverrides?: { [key: string]: PriceOverride };
}

/**
 * The assumptions an estimate was computed with (the props with their defaults filled in).
 */
export interface CostAssumptions {
  /** HTTP requests per month. */
  readonly requestsPerMonth: number;
  /** GB per month served to users on the internet. */
  readonly dataTransferOutGb: number;
  /** GB per month processed by NAT gateways. */
  readonly natDataProcessedGb: number;
  /** GB stored in S3. */
  readonly storedGb: number;
  /** SQS requests per month. */
  readonly queueRequestsPerMonth: number;
  /** SNS messages published per month. */
  readonly notificationsPerMonth: number;
  /** Lambda invocations per month. */
  readonly functionInvocationsPerMonth: number;
  /** Average duration of one Lambda invocation, in milliseconds. */
  readonly functionDurationMs: number;
  /**
   * API Gateway requests per month, as given; undefined when `requestsPerMonth` decides (a
   * quarter of it with a CloudFront distribution in the template, else all of it).
   */
  readonly apiRequestsPerMonth?: number;
  /** DynamoDB read request units per month, as given; undefined when the API requests decide (2 each). */
  readonly tableReadRequestUnitsPerMonth?: number;
  /** DynamoDB write request units per month, as given; undefined when the API requests decide (0.2 each). */
  readonly tableWriteRequestUnitsPerMonth?: number;
  /** GB stored in on-demand DynamoDB tables. */
  readonly tableStorageGb: number;
  /** Cognito monthly active users. */
  readonly monthlyActiveUsers: number;
  /** Step Functions Standard workflow state transitions per month. */
  readonly stateTransitionsPerMonth: number;
  /**
   * Traces recorded in X-Ray per month, as given; undefined when each traced task definition's
   * sampling ratio of `requestsPerMonth` decides.
   */
  readonly tracesPerMonth?: number;
  /** GB of logs ingested per month. */
  readonly logIngestGb: number;
  /** GB of recovery points kept in backup vaults. */
  readonly snapshotGb: number;
  /** Whether the always-free monthly allowances are deducted. */
  readonly alwaysFreeAllowances: boolean;
  /** Factor applied to every USD price. */
  readonly regionFactor: number;
  /** Hours in a month (730). */
  readonly hoursPerMonth: number;
  /** Keys whose price came from `priceOverrides`. */
  readonly overriddenPriceKeys: string[];
  /** Content hash of the price file the table was generated from. */
  readonly priceTableVersion: string;
  /** When the price file was gathered. */
  readonly priceTableDate: string;
}

/**
 * One priced item: a resource can have several (an instance, its root volume, its public IPv4).
 */
export interface CostLine {
  /** The `aws:cdk:path` metadata of the resource, or its logical ID. */
  readonly path: string;
  /** Logical ID of the resource. */
  readonly logicalId: string;
  /** CloudFormation resource type. */
  readonly type: string;
  /** What this line prices, e.g. `t4g.small instance`. */
  readonly description: string;
  /** Quantity per month, in `unit`. */
  readonly quantity: number;
  /** Unit of `quantity`, e.g. `hours`, `GB-month`. */
  readonly unit: string;
  /** USD per unit (after `regionFactor` and any Multi-AZ multiplier). */
  readonly unitPriceUsd: number;
  /** quantity × unitPriceUsd, rounded to 0.0001 USD (negative on an always-free allowance's line). */
  readonly monthlyUsd: number;
  /** The monthly cost at the minimum capacity (same as `monthlyUsd` when nothing scales). */
  readonly monthlyMinUsd: number;
  /** The monthly cost at the maximum capacity (same as `monthlyUsd` when nothing scales). */
  readonly monthlyMaxUsd: number;
  /** How the quantity was derived, and what was assumed. */
  readonly assumption: string;
  /** The price table key(s), e.g. `ec2.t4g.small.hourly` or `a × rds.multiAz.multiplier`. */
  readonly priceKey: string;
}

/**
 * A resource that has no line, or is only partly priced, and why.
 */
export interface NotPricedResource {
  /** Logical ID of the resource. */
  readonly logicalId: string;
  /** CloudFormation resource type. */
  readonly type: string;
  /** Why it is not priced (or why it has no charge, in `CostEstimate.free`). */
  readonly reason: string;
}

/**
 * A monthly cost estimate of one CloudFormation template.
 */
export interface CostEstimate {
  /** The stack name given to `estimateTemplate`. */
  readonly stackName: string;
  /** The region given to `estimateTemplate` (prices are always us-east-1 × `regionFactor`). */
  readonly region: string;
  /** Sum of `lines[].monthlyUsd`, USD per month. */
  readonly totalMonthlyUsd: number;
  /** Sum of `lines[].monthlyMinUsd`: every scalable resource at its minimum capacity. */
  readonly totalAtMinimumUsd: number;
  /** Sum of `lines[].monthlyMaxUsd`: every scalable resource at its maximum capacity. */
  readonly totalAtMaximumUsd: number;
  /** The priced items. */
  readonly lines: CostLine[];
  /** Resources with a charge this estimate does not include (no price, or not a literal). */
  readonly notPriced: NotPricedResource[];
  /** Resources with no charge of their own (subnets, route tables, security groups, IAM, ...). */
  readonly free: NotPricedResource[];
  /** The assumptions used. */
  readonly assumptions: CostAssumptions;
  /** Things that make the estimate less reliable. */
  readonly warnings: string[];
  /** How to read the figure: e.g. which allowances were deducted, and whether stacks shared them. */
  readonly notes: string[];
}
