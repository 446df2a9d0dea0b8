import { CfnResource, Stack, Stage, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { guardViolations } from './guard-run';
import { GUARD_NAMESPACE } from '../../src/private/acknowledge';

/** A cfn-guard rule a template breaks, with the resources (logical ids) that break it. */
export interface GuardFinding {
  readonly rule: string;
  readonly resources: string[];
}

/**
 * Runs cfn-guard with AWS Control Tower's proactive rules (bundled by
 * `@cdklabs/cdk-validator-cfnguard`, no network needed) over one stack of an app, and returns
 * the findings that no acknowledgement covers.
 *
 * Acknowledgements are applied exactly as aws-cdk-lib applies them to the plugin's report when
 * a user registers it (`new App({ policyValidationBeta1: [new CfnGuardValidator()] })`, newest
 * aws-cdk-lib): a finding of rule R on a resource is covered by an acknowledgement with id
 * `cdk-validator-cfnguard::R` (`Validations.acknowledge`, metadata `aws:cdk:acknowledged-rules`)
 * recorded on the resource's construct or on one of its ancestors. Nothing else counts (no
 * template metadata). The plugin route itself cannot run here: aws-cdk-lib 2.257, our floor,
 * matches an acknowledged id anywhere in the app against every resource, so a test through it
 * would pass where a user on a current aws-cdk-lib fails. scripts/consumers.sh runs the plugin
 * route on the newest aws-cdk-lib over every example stack.
 */
export function guardFindings(app: Stage, stackName: string): GuardFinding[] {
  const artifact = app.synth().getStackByName(stackName);
  const paths = constructPathsByLogicalId(app, artifact.id);
  const acknowledged = acknowledgedRules(app.node.root);
  const [violations] = guardViolations([artifact.templateFullPath]);
  return violations
    .map((v) => {
      const byPath = acknowledged.get(guardRuleId(v.ruleName)) ?? new Map<string, string>();
      return {
        rule: v.ruleName,
        resources: v.resourceLogicalIds.filter(
          (id) => closestAcknowledgement(paths.get(id) ?? '', byPath) === undefined,
        ),
      };
    })
    .filter((f) => f.resources.length > 0);
}

/**
 * The cfn-guard rules acknowledged on exactly this construct (not its ancestors), by rule name
 * as the plugin reports it.
 */
export function guardAcknowledgements(scope: IConstruct): string[] {
  const prefix = `${GUARD_NAMESPACE}::`;
  return [...acknowledgedRules(scope).entries()]
    .filter(([id, byPath]) => id.startsWith(prefix) && byPath.has(scope.node.path))
    .map(([id]) => id.slice(prefix.length))
    .sort();
}

/** aws-cdk-lib's id for a plugin finding: `<plugin name>::<rule name>`, spaces as dashes. */
function guardRuleId(ruleName: string): string {
  return ruleName.includes('::')
    ? ruleName.replace(/ /g, '-')
    : `${GUARD_NAMESPACE}::${ruleName.replace(/ /g, '-')}`;
}

/** Acknowledged rule id -> construct path -> reason, over the whole tree below `root`. */
function acknowledgedRules(root: IConstruct): Map<string, Map<string, string>> {
  const rules = new Map<string, Map<string, string>>();
  for (const construct of root.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY || !entry.data) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
        if (!rules.has(id)) rules.set(id, new Map());
        rules.get(id)!.set(construct.node.path, reason);
      }
    }
  }
  return rules;
}

/** The acknowledgement on the construct path or its nearest ancestor (the app is ''). */
function closestAcknowledgement(constructPath: string, byPath: Map<string, string>): string | undefined {
  let current = constructPath;
  for (;;) {
    const reason = byPath.get(current);
    if (reason !== undefined || current === '') return reason;
    const slash = current.lastIndexOf('/');
    current = slash === -1 ? '' : current.slice(0, slash);
  }
}

/** Logical id -> construct path of every CloudFormation resource in the stack's template. */
function constructPathsByLogicalId(app: Stage, artifactId: string): Map<string, string> {
  const paths = new Map<string, string>();
  for (const construct of app.node.findAll()) {
    if (!CfnResource.isCfnResource(construct)) continue;
    const stack = Stack.of(construct);
    if (stack.artifactId !== artifactId) continue;
    paths.set(stack.resolve(construct.logicalId), construct.node.path);
  }
  return paths;
}
