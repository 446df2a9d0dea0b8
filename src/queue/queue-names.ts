import * as crypto from 'crypto';
import { Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** CloudWatch alarm names and scaling policy names: at most 255 characters. */
const MAX_NAME = 255;

/**
 * `<stack name>-<construct path in the stack>-<suffix>`, a literal name users find in the console;
 * a longer one keeps its start and its suffix with a hash of the whole name in between.
 */
export function queueResourceName(scope: IConstruct, suffix: string): string {
  const stack = Stack.of(scope);
  const inStack = scope.node.scopes.slice(stack.node.scopes.length).map((c) => c.node.id);
  const name = [stack.stackName, ...inStack, suffix].join('-');
  if (name.length <= MAX_NAME) return name;
  const hash = crypto.createHash('sha256').update(name).digest('hex').slice(0, 8);
  const tail = `-${hash}-${suffix}`;
  return name.slice(0, MAX_NAME - tail.length) + tail;
}
