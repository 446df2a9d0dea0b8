import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** A rule finding that a construct accepts, with the reason a reviewer reads. */
export interface Finding {
  /** A cdk-nag rule id (`AwsSolutions-EC28`), or a cfn-guard rule name after `guard:`. */
  readonly id: string;
  readonly reason: string;
}

const GUARD_PREFIX = 'guard:';

/**
 * The namespace aws-cdk-lib files `@cdklabs/cdk-validator-cfnguard` findings under: the
 * plugin's name. A finding of rule R is acknowledged by `<namespace>::R`, R spelled exactly as
 * the plugin reports it (the Control Tower rule names are lower case).
 */
export const GUARD_NAMESPACE = 'cdk-validator-cfnguard';

/** The bundled Control Tower rules are named in lower snake case (`lambda_inside_vpc_check`). */
const GUARD_RULE_NAME = /^[a-z0-9]+(_[a-z0-9]+)*$/;

/**
 * Acknowledges findings on a construct, for it and every construct below it.
 *
 * Every finding is recorded with `Validations.acknowledge` (construct metadata
 * `aws:cdk:acknowledged-rules`), which is what aws-cdk-lib's policy validation reads when it
 * filters a plugin's report. cfn-guard rules (`guard:<rule>`) become
 * `cdk-validator-cfnguard::<rule>`, the id aws-cdk-lib matches `CfnGuardValidator` findings
 * against, so they reach the plugin as users run it
 * (`new App({ policyValidationBeta1: [new CfnGuardValidator()] })`).
 */
export function acknowledge(scope: IConstruct, ...findings: Finding[]): void {
  const qualified = findings.map((f) => (f.id.startsWith(GUARD_PREFIX) ? guardAcknowledgement(scope, f) : f));
  const [plain, granular] = partition(qualified, (f) => f.id.split('::').length <= 2);
  if (plain.length > 0) Validations.of(scope).acknowledge(...plain);
  if (granular.length > 0) recordGranular(scope, granular);
}

function guardAcknowledgement(scope: IConstruct, finding: Finding): Finding {
  const rule = finding.id.slice(GUARD_PREFIX.length);
  if (!GUARD_RULE_NAME.test(rule)) {
    throw new Error(
      `${scope.node.path}: cfn-guard rule '${rule}' is not a Control Tower rule name (lower snake case, as the plugin reports it)`,
    );
  }
  return { id: `${GUARD_NAMESPACE}::${rule}`, reason: finding.reason };
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
