import { Stack } from 'aws-cdk-lib';
import * as cr from 'aws-cdk-lib/custom-resources';
import { IConstruct } from 'constructs';
import { acknowledge } from '../../private/acknowledge';

/** The id aws-cdk-lib gives the one function behind every `AwsCustomResource` of a stack. */
const SDK_CALL_FUNCTION_ID = `AWS${cr.AwsCustomResource.PROVIDER_FUNCTION_UUID.replace(/-/g, '')}`;

const done = new WeakSet<IConstruct>();

/**
 * Acknowledges the findings of aws-cdk-lib's `AwsCustomResource` function in `stack` (the edge's
 * deploy-time calls: the CloudFront prefix list, the us-east-1 ARNs), once per stack.
 */
export function acknowledgeSdkCallFunction(stack: Stack): void {
  const fn = stack.node.tryFindChild(SDK_CALL_FUNCTION_ID);
  if (!fn || done.has(fn)) return;
  done.add(fn);
  const purpose =
    "aws-cdk-lib's AwsCustomResource function makes the edge's deploy-time AWS API calls (the prefix list lookup; the us-east-1 stack's SSM parameter writes) when the stack deploys";
  acknowledge(
    fn,
    {
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: `${purpose}; the AWS-managed policy lets it write its own logs only.`,
    },
    { id: 'AwsSolutions-L1', reason: `${purpose}; aws-cdk-lib chooses and updates its runtime.` },
    {
      id: 'guard:lambda_inside_vpc_check',
      reason: `${purpose}; it calls AWS APIs only and reaches no shop data.`,
    },
    {
      id: 'NIST.800.53.R5-LambdaInsideVPC',
      reason: `${purpose}; it calls AWS APIs only and reaches no shop data.`,
    },
    {
      id: 'NIST.800.53.R5-LambdaConcurrency',
      reason: `${purpose}; CloudFormation invokes it once per resource change, so it needs no concurrency limit.`,
    },
    {
      id: 'NIST.800.53.R5-LambdaDLQ',
      reason: `${purpose}; CloudFormation invokes it synchronously and fails the deployment on an error, so nothing is lost to a queue.`,
    },
    {
      id: 'NIST.800.53.R5-IAMNoInlinePolicy',
      reason: `${purpose}; aws-cdk-lib gives each call its own inline policy.`,
    }, // newer aws-cdk-lib gives the function a log group of its own (@aws-cdk/aws-lambda:useCdkManagedLogGroup)
    {
      id: 'NIST.800.53.R5-CloudWatchLogGroupEncrypted',
      reason: `${purpose}; its logs hold the calls' requests and responses (resource ids, ARNs), no secret, and CloudWatch Logs encrypts them with its own keys.`,
    },
    {
      id: 'guard:cloudwatch_log_group_encrypted_check',
      reason: `${purpose}; its logs hold the calls' requests and responses (resource ids, ARNs), no secret, and CloudWatch Logs encrypts them with its own keys.`,
    },
  );
}

/** The inline policy aws-cdk-lib gives each `AwsCustomResource` call. */
export function acknowledgeSdkCallPolicy(call: IConstruct, what: string): void {
  acknowledge(call, {
    id: 'NIST.800.53.R5-IAMNoInlinePolicy',
    reason: `aws-cdk-lib's AwsCustomResource grants its call (${what}) with an inline policy of that one action, attached to its own function's role.`,
  });
}
