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
  const [plain, granular] = partition(findings, (f) => f.id.split('::').length <= 2);
  if (plain.length > 0) Validations.of(scope).acknowledge(...plain);
  if (granular.length > 0) recordGranular(scope, granular);
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

function partition<T>(items: T[], test: (item: T) => boolean): [T[], T[]] {
  return [items.filter(test), items.filter((i) => !test(i))];
}

/**
 * Granular cdk-nag findings such as `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:...]`
 * hold several `::`, which `Validations.acknowledge` (aws-cdk-lib 2.257) rejects as a bad
 * prefix. They are recorded in the same construct metadata that `acknowledge` writes and
 * cdk-nag v3 reads.
 */
function recordGranular(scope: IConstruct, findings: Finding[]): void {
  const key = Validations.ACKNOWLEDGED_RULES_METADATA_KEY;
  const entries = scope.node.metadata.filter((m) => m.type === key);
  const acknowledged: Record<string, string> = { ...(entries[entries.length - 1]?.data ?? {}) };
  for (const finding of findings) acknowledged[finding.id] = finding.reason;
  scope.node.addMetadata(key, acknowledged);
}
