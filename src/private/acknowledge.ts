import { CfnResource, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** A rule finding that a construct accepts, with the reason a reviewer reads. */
export interface Finding {
  /** A cdk-nag rule id (`AwsSolutions-EC28`), or a cfn-guard rule name after `guard:`. */
  readonly id: string;
  readonly reason: string;
}

const GUARD_PREFIX = 'guard:';

/**
 * Acknowledges findings on a construct.
 *
 * cdk-nag rules are recorded with `Validations.acknowledge`. cfn-guard rules are also written
 * into the resource's CloudFormation metadata as `guard.SuppressedRules`, the convention
 * cfn-guard rule sets use, so template-level checks see them too. Every finding keeps its
 * reason in the construct tree.
 */
export function acknowledge(scope: IConstruct, ...findings: Finding[]): void {
  Validations.of(scope).acknowledge(...findings);
  const guardRules = findings.filter((f) => f.id.startsWith(GUARD_PREFIX));
  if (guardRules.length === 0) return;
  const resource = scope instanceof CfnResource ? scope : scope.node.defaultChild;
  if (!(resource instanceof CfnResource)) {
    throw new Error(
      `${scope.node.path}: cfn-guard rules can only be acknowledged on a CloudFormation resource`,
    );
  }
  const existing = (resource.getMetadata('guard')?.SuppressedRules as string[] | undefined) ?? [];
  const added = guardRules.map((f) => f.id.slice(GUARD_PREFIX.length).toUpperCase());
  resource.addMetadata('guard', { SuppressedRules: [...new Set([...existing, ...added])] });
}
