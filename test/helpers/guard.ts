import * as fs from 'fs';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';

/** A cfn-guard rule a template breaks, with the resources that break it. */
export interface GuardFinding {
  readonly rule: string;
  readonly resources: string[];
}

/**
 * Runs cfn-guard with AWS Control Tower's proactive rules (bundled by
 * `@cdklabs/cdk-validator-cfnguard`, no network needed) over a template and returns the
 * findings on resources that do not acknowledge the rule in `Metadata.guard.SuppressedRules`.
 */
export function guardFindings(templatePath: string): GuardFinding[] {
  const template = JSON.parse(fs.readFileSync(templatePath, 'utf-8'));
  const suppressed = (logicalId: string): string[] =>
    (template.Resources?.[logicalId]?.Metadata?.guard?.SuppressedRules ?? []).map((r: string) =>
      r.toUpperCase(),
    );
  const report = new CfnGuardValidator().validate({ templatePaths: [templatePath] });
  return report.violations
    .map((v) => ({
      rule: v.ruleName,
      resources: v.violatingResources
        .map((r) => r.resourceLogicalId)
        .filter((id) => !suppressed(id).includes(v.ruleName.toUpperCase())),
    }))
    .filter((f) => f.resources.length > 0);
}
