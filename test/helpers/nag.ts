import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, NIST80053R5Checks } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { GUARD_NAMESPACE } from '../../src/private/acknowledge';

/** One cdk-nag finding that nobody acknowledged. */
export interface NagFinding {
  readonly rule: string;
  readonly path: string;
  readonly severity: string;
}

/** One acknowledged rule with its reason, as recorded on the construct tree. */
export interface Acknowledgement {
  readonly rule: string;
  readonly path: string;
  readonly reason: string;
}

/**
 * Runs the AwsSolutions and NIST 800-53 R5 packs over a construct tree and returns every
 * finding, warnings and errors alike, that was not acknowledged with a reason.
 */
export function nagFindings(scope: IConstruct): NagFinding[] {
  const packs = [new AwsSolutionsChecks(), new NIST80053R5Checks()];
  return packs.flatMap((pack) =>
    pack.validateScope(scope).violations.flatMap((violation) =>
      violation.violatingResources.map((resource) => ({
        rule: violation.ruleName,
        path: (resource as any).constructPath ?? resource.resourceLogicalId,
        severity: violation.severity ?? 'error',
      })),
    ),
  );
}

/** Every acknowledgement in a construct tree, so tests can insist each one has a reason. */
export function acknowledgements(scope: IConstruct): Acknowledgement[] {
  return scope.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) => Object.entries(m.data as Record<string, string>))
      .map(([rule, reason]) => ({ rule: displayedRule(rule), path: c.node.path, reason })),
  );
}

/** A rule as our constructs name it: cdk-nag ids bare, cfn-guard rules as `guard:<rule>`. */
function displayedRule(id: string): string {
  return id.replace(/^annotation::/i, '').replace(new RegExp(`^${GUARD_NAMESPACE}::`), 'guard:');
}

/**
 * Asserts a construct tree passes both packs, and that every acknowledgement carries a
 * reason of at least a sentence.
 */
export function expectNagClean(scope: IConstruct): void {
  expect(nagFindings(scope)).toEqual([]);
  for (const ack of acknowledgements(scope)) {
    expect({ ...ack, reasonLength: ack.reason.length >= 30 }).toEqual({ ...ack, reasonLength: true });
  }
}
