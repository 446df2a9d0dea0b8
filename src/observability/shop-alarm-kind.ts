/**
 * A kind of alarm ShopObservability defines: one entry of its alarm catalog (the README's
 * table lists each with its metric, threshold and why). Use it to override a threshold
 * (`ShopAlarmOverride`) or find the alarms of a kind (`ShopObservability.alarmsOf`).
 */
export class ShopAlarmKind {
  /** CloudFront 5XX rate (`cloudfront-5xx-rate`). */
  public static readonly CLOUDFRONT_5XX_RATE = new ShopAlarmKind('cloudfront-5xx-rate');
  /** Load balancer 5XX rate (`alb-5xx-rate`). */
  public static readonly ALB_5XX_RATE = new ShopAlarmKind('alb-5xx-rate');
  /** Target 5XX rate (`target-5xx-rate`). */
  public static readonly TARGET_5XX_RATE = new ShopAlarmKind('target-5xx-rate');
  /** Target response time p99 (`target-response-time-p99`). */
  public static readonly TARGET_RESPONSE_TIME_P99 = new ShopAlarmKind('target-response-time-p99');
  /** Unhealthy targets (`target-unhealthy-hosts`). */
  public static readonly TARGET_UNHEALTHY_HOSTS = new ShopAlarmKind('target-unhealthy-hosts');
  /** Service CPU (`ecs-cpu`). */
  public static readonly ECS_CPU = new ShopAlarmKind('ecs-cpu');
  /** Service memory (`ecs-memory`). */
  public static readonly ECS_MEMORY = new ShopAlarmKind('ecs-memory');
  /** Running tasks below the minimum (`ecs-running-tasks`). */
  public static readonly ECS_RUNNING_TASKS = new ShopAlarmKind('ecs-running-tasks');
  /** Instance status check (`ec2-status-check`). */
  public static readonly EC2_STATUS_CHECK = new ShopAlarmKind('ec2-status-check');
  /** Instance CPU (`ec2-cpu`). */
  public static readonly EC2_CPU = new ShopAlarmKind('ec2-cpu');
  /** Host instance status check, which reboots it (`host-instance-status-check`; SingleHostShop). */
  public static readonly HOST_INSTANCE_STATUS_CHECK = new ShopAlarmKind('host-instance-status-check');
  /** Host memory (`host-memory`; SingleHostShop). */
  public static readonly HOST_MEMORY = new ShopAlarmKind('host-memory');
  /** Host data volume full (`host-data-disk`; SingleHostShop). */
  public static readonly HOST_DATA_DISK = new ShopAlarmKind('host-data-disk');
  /** Host database backup (`host-backup`; SingleHostShop). */
  public static readonly HOST_BACKUP = new ShopAlarmKind('host-backup');
  /** Function error rate (`lambda-error-rate`). */
  public static readonly LAMBDA_ERROR_RATE = new ShopAlarmKind('lambda-error-rate');
  /** Function throttles (`lambda-throttles`). */
  public static readonly LAMBDA_THROTTLES = new ShopAlarmKind('lambda-throttles');
  /** Function duration near its timeout (`lambda-duration`). */
  public static readonly LAMBDA_DURATION = new ShopAlarmKind('lambda-duration');
  /** Function concurrent executions (`lambda-concurrency`). */
  public static readonly LAMBDA_CONCURRENCY = new ShopAlarmKind('lambda-concurrency');
  /** REST API 5XX rate (`rest-api-5xx`). */
  public static readonly REST_API_5XX = new ShopAlarmKind('rest-api-5xx');
  /** REST API latency p90 (`rest-api-latency`). */
  public static readonly REST_API_LATENCY = new ShopAlarmKind('rest-api-latency');
  /** HTTP API 5XX rate (`http-api-5xx`). */
  public static readonly HTTP_API_5XX = new ShopAlarmKind('http-api-5xx');
  /** NAT port allocation errors (`nat-port-allocation`). */
  public static readonly NAT_PORT_ALLOCATION = new ShopAlarmKind('nat-port-allocation');
  /** NAT packets dropped (`nat-packets-dropped`). */
  public static readonly NAT_PACKETS_DROPPED = new ShopAlarmKind('nat-packets-dropped');
  /** Database CPU (`rds-cpu`). */
  public static readonly RDS_CPU = new ShopAlarmKind('rds-cpu');
  /** Database connections (`rds-connections`). */
  public static readonly RDS_CONNECTIONS = new ShopAlarmKind('rds-connections');
  /** Database free storage (`rds-free-storage`). */
  public static readonly RDS_FREE_STORAGE = new ShopAlarmKind('rds-free-storage');
  /** Replica lag (`rds-replica-lag`). */
  public static readonly RDS_REPLICA_LAG = new ShopAlarmKind('rds-replica-lag');
  /** Cache node CPU (`cache-cpu`). */
  public static readonly CACHE_CPU = new ShopAlarmKind('cache-cpu');
  /** Cache engine CPU (`cache-engine-cpu`). */
  public static readonly CACHE_ENGINE_CPU = new ShopAlarmKind('cache-engine-cpu');
  /** Cache memory (`cache-memory`). */
  public static readonly CACHE_MEMORY = new ShopAlarmKind('cache-memory');
  /** Cache evictions (`cache-evictions`). */
  public static readonly CACHE_EVICTIONS = new ShopAlarmKind('cache-evictions');
  /** Table throttled requests (`dynamodb-throttles`). */
  public static readonly DYNAMODB_THROTTLES = new ShopAlarmKind('dynamodb-throttles');
  /** Table system errors (`dynamodb-system-errors`). */
  public static readonly DYNAMODB_SYSTEM_ERRORS = new ShopAlarmKind('dynamodb-system-errors');
  /** Age of the oldest message (`sqs-message-age`). */
  public static readonly SQS_MESSAGE_AGE = new ShopAlarmKind('sqs-message-age');
  /** Messages in the dead-letter queue (`sqs-dead-letters`). */
  public static readonly SQS_DEAD_LETTERS = new ShopAlarmKind('sqs-dead-letters');

  /**
   * A kind by its id (`alb-5xx-rate`), e.g. one a newer catalog has; ShopObservability refuses
   * an id its catalog does not have.
   */
  public static of(id: string): ShopAlarmKind {
    return new ShopAlarmKind(id);
  }

  /** The kind's id in the catalog, kebab case. */
  public readonly id: string;

  protected constructor(id: string) {
    this.id = id;
  }
}
