// Reads aws-cdk-lib's cdk.out/validation-report.json (written on synth by aws-cdk-lib >= 2.262,
// which validates every template against its default CloudFormation rules).
'use strict';
const fs = require('fs');
const path = require('path');

/**
 * The findings of a validation report, optionally only those of one stack (by construct path
 * `/<stack>/...` or by template file `<stack>.template.json`; a finding with neither is kept).
 *
 * @returns {{ violations: string[], suppressed: string[] }} one line per finding
 */
function readFindings(reportFile, stackName) {
  const report = JSON.parse(fs.readFileSync(reportFile, 'utf-8'));
  const inStack = (c) => {
    if (!stackName) return true;
    const constructPath = c.constructPath || '';
    const templatePath = (c.cloudFormationResource && c.cloudFormationResource.templatePath) || c.templatePath || '';
    if (!constructPath && (!templatePath || templatePath === 'N/A')) return true;
    return (
      constructPath.replace(/^\//, '').split('/')[0] === stackName ||
      path.basename(templatePath) === `${stackName}.template.json`
    );
  };
  const describe = (plugin, v, constructs) => {
    const where = constructs
      .map((c) => {
        const resource = c.cloudFormationResource || {};
        const logicalId = resource.logicalId || c.resourceLogicalId;
        const props = resource.propertyPaths || c.locations;
        return [c.constructPath, logicalId && `logical ID ${logicalId}`, props && props.length && `at ${props.join(', ')}`]
          .filter(Boolean)
          .join(' ');
      })
      .join('; ');
    const name = plugin.pluginName || (plugin.summary && plugin.summary.pluginName) || 'plugin';
    const fix = v.suggestedFix || v.fix;
    return `[${name}] ${v.severity || ''} ${v.ruleName || ''}: ${v.description || ''} (${where})${fix ? ` fix: ${fix}` : ''}`;
  };
  const collect = (plugin, list) => {
    const lines = [];
    for (const v of list || []) {
      const constructs = (v.violatingConstructs || v.violatingResources || []).filter(inStack);
      if (constructs.length > 0 || (v.violatingConstructs || v.violatingResources || []).length === 0) {
        lines.push(describe(plugin, v, constructs));
      }
    }
    return lines;
  };
  const violations = [];
  const suppressed = [];
  for (const plugin of report.pluginReports || []) {
    if (plugin.conclusion === 'failure' && !(plugin.violations || []).length && plugin.metadata && plugin.metadata.error) {
      violations.push(`[${plugin.pluginName}] plugin failed: ${plugin.metadata.error}`);
    }
    violations.push(...collect(plugin, plugin.violations || plugin.conditions));
    suppressed.push(...collect(plugin, plugin.suppressedViolations));
  }
  return { violations, suppressed };
}

module.exports = { readFindings };
