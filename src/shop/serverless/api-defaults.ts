import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';

/**
 * The defaults of `ShopApi`, in one place, so the construct, its validation and its docs read
 * the same values.
 */
export const API_DEFAULTS = {
  /**
   * The newest Node.js runtime aws-cdk-lib 2.257 knows (cdk-nag's AwsSolutions-L1 asks for the
   * newest of the family); Node.js 24 is the active LTS line.
   * @see https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html
   */
  runtime: lambda.Runtime.NODEJS_24_X,
  /** Graviton: about 20% cheaper per GB-second than x86 (https://aws.amazon.com/lambda/pricing/). */
  architecture: lambda.Architecture.ARM_64,
  handler: 'index.handler',
  /**
   * 512 MB: Lambda allots CPU in proportion to memory, so a Node.js handler with the AWS SDK
   * starts and answers markedly faster than at 128 MB, and 1 million 100 ms calls a month are
   * 50,000 GB-seconds, inside the monthly free tier of 400,000.
   * @see https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html
   */
  memorySizeMiB: 512,
  /**
   * 10 s: a DynamoDB or database call answers in milliseconds; a browser waiting longer than
   * that for a shop page has left. Well under API Gateway's integration limits below.
   */
  timeoutSeconds: 10,
  logRetention: logs.RetentionDays.ONE_MONTH,
  /**
   * The stage's steady rate and burst (requests per second): far above a small shop's traffic,
   * far below the account's 10,000 rps, so a flood stops at the API, not in the Lambda bill.
   * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-throttling.html
   */
  throttleRateLimit: 100,
  throttleBurstLimit: 200,
  /** REST's deployment stage: the CloudFront origin's path. */
  restStageName: 'prod',
};

/**
 * API Gateway's maximum integration timeout: 30 s for HTTP APIs, 29 s for REST APIs (the
 * default quota). A function that runs longer is cut off by the API, not by Lambda.
 *
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-execution-service-limits-table.html
 */
export const INTEGRATION_TIMEOUT_SECONDS = { http: 30, rest: 29 };

/**
 * Lambda's memory range in MB.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html
 */
export const LAMBDA_MEMORY_MIB = { min: 128, max: 10240 };
