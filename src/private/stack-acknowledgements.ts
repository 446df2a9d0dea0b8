import { Aspects, IAspect, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { Finding, acknowledge } from './acknowledge';

/**
 * Stack-wide helpers that aws-cdk-lib adds once per stack, whatever construct asks for them:
 * the LogRetention function (log exports with a retention, `logRetention` props) and the
 * handler that empties a VPC's default security group (`restrictDefaultSecurityGroup`).
 *
 * Their findings are acknowledged here, in one place, once per helper: at once for the helpers
 * that exist when a cdk-shop construct asks, and through an Aspect at synth time for helpers
 * that a later call or another construct adds.
 */

/** The id prefix of aws-cdk-lib's singleton LogRetention function, a child of the stack. */
const LOG_RETENTION_PREFIX = 'LogRetention';
/** The id of aws-cdk-lib's custom resource provider behind `restrictDefaultSecurityGroup`. */
const DEFAULT_SG_PROVIDER = 'Custom::VpcRestrictDefaultSGCustomResourceProvider';

const registered = new WeakSet<Stack>();
const acknowledged = new WeakSet<IConstruct>();

/**
 * Makes sure the stack of `scope` acknowledges the findings of aws-cdk-lib's stack-wide helpers,
 * now and for any helper added later. Calling it again, from any construct, adds nothing.
 */
export function acknowledgeStackHelpers(scope: IConstruct): void {
  const stack = Stack.of(scope);
  if (!registered.has(stack)) {
    registered.add(stack);
    Aspects.of(stack).add(new StackHelperAcknowledgements());
  }
  for (const child of stack.node.children) acknowledgeHelper(child);
}

/** Acknowledges a stack-wide helper when it visits one. */
class StackHelperAcknowledgements implements IAspect {
  public visit(node: IConstruct): void {
    if (node.node.scope instanceof Stack) acknowledgeHelper(node);
  }
}

function acknowledgeHelper(node: IConstruct): void {
  const id = node.node.id;
  if (id.startsWith(LOG_RETENTION_PREFIX) && node.node.tryFindChild('ServiceRole')) {
    acknowledgeLogRetention(node);
  } else if (id === DEFAULT_SG_PROVIDER) {
    once(node.node.tryFindChild('Handler'), {
      id: 'guard:lambda_inside_vpc_check',
      reason:
        'aws-cdk-lib handler that revokes the default security group rules at deploy time; it calls only the EC2 API and needs no VPC access.',
    });
  }
}

function acknowledgeLogRetention(helper: IConstruct): void {
  once(helper.node.tryFindChild('Resource'), {
    id: 'guard:lambda_inside_vpc_check',
    reason:
      "aws-cdk-lib's LogRetention function runs only at deploy time and calls only the CloudWatch Logs API; it reaches no shop data, so it needs no VPC.",
  });
  const role = helper.node.findChild('ServiceRole');
  once(role, {
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason: "aws-cdk-lib's LogRetention function writes only its own logs with this AWS-managed policy.",
  });
  once(
    role.node.tryFindChild('DefaultPolicy'),
    {
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: "aws-cdk-lib's LogRetention function sets retention on log groups named at deploy time.",
    },
    {
      id: 'NIST.800.53.R5-IAMNoInlinePolicy',
      reason: "aws-cdk-lib's LogRetention function carries its own inline policy.",
    },
  );
}

/** Acknowledges the findings on `node` the first time only. */
function once(node: IConstruct | undefined, ...findings: Finding[]): void {
  if (!node || acknowledged.has(node)) return;
  acknowledged.add(node);
  acknowledge(node, ...findings);
}
