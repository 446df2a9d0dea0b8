#!/usr/bin/env node
// Checks the validation reports of test/consumers/guard/app.ts: for every variant and every
// example stack, CfnGuardValidator (run by aws-cdk-lib as a policy validation plugin) reports no
// unacknowledged finding, aws-cdk-lib's own CloudFormation rules report no error, and the
// plugin really ran (its report is there, and it filtered acknowledged findings).
//
// Usage: node check-guard.js --cdk-out <dir> --stacks A,B,... [--label name]
// <dir>/<variant>/validation-report.json per variant (no-flags, recommended-flags).
// Prints "PASS <label>: ..." / "FAIL <label>: ..." per check and a "GUARD <variant> <stack>
// errors=N acknowledged=N" line per stack (acknowledged: findings on resources an
// acknowledgement covers, which were errors before acknowledgements reached the plugin).
'use strict';
const fs = require('fs');
const path = require('path');
const { checker } = require('./checks');

const args = {};
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i += 2) args[argv[i].replace(/^--/, '')] = argv[i + 1];
const label = args.label || 'guard';
const stacks = (args.stacks || '').split(',').filter(Boolean);
const { check, failed } = checker(label);
const GUARD = 'cdk-validator-cfnguard';

/** The stack a violating resource belongs to (construct path, else template file name). */
const stackOf = (r) => {
  const constructPath = (r.constructPath || '').replace(/^\//, '');
  if (constructPath) return constructPath.split('/')[0];
  const template = (r.cloudFormationResource && r.cloudFormationResource.templatePath) || r.templatePath || '';
  return path.basename(template).replace(/\.template\.json$/, '');
};
const resourcesOf = (v) => v.violatingConstructs || v.violatingResources || [];
const countIn = (violations, stack, keep = () => true) =>
  (violations || []).filter(keep).reduce((n, v) => n + resourcesOf(v).filter((r) => stackOf(r) === stack).length, 0);
const describe = (v, stack) =>
  `${v.ruleName} on ${resourcesOf(v)
    .filter((r) => stackOf(r) === stack)
    .map((r) => r.constructPath || r.resourceLogicalId)
    .join(', ')}`;

for (const variant of fs.readdirSync(args['cdk-out']).sort()) {
  const file = path.join(args['cdk-out'], variant, 'validation-report.json');
  let report;
  check(`${variant}: aws-cdk-lib wrote validation-report.json`, () => {
    if (!fs.existsSync(file)) return `no ${file}`;
    report = JSON.parse(fs.readFileSync(file, 'utf-8'));
    return undefined;
  });
  if (!report) continue;
  const plugins = report.pluginReports || [];
  const guard = plugins.find((p) => p.pluginName === GUARD);
  check(`${variant}: the ${GUARD} plugin ran (report present, no plugin error)`, () => {
    if (!guard) return `plugins in the report: ${plugins.map((p) => p.pluginName).join(', ')}`;
    return guard.metadata && guard.metadata.error ? guard.metadata.error : undefined;
  });
  if (!guard) continue;
  for (const stack of stacks) {
    const errors = countIn(guard.violations, stack);
    const acknowledged = countIn(guard.suppressedViolations, stack);
    console.log(`GUARD ${variant} ${stack} errors=${errors} acknowledged=${acknowledged}`);
    check(`${variant}: ${stack}: cfn-guard (Control Tower rules, plugin route) finds 0 unacknowledged (${acknowledged} acknowledged)`, () => {
      const open = (guard.violations || []).filter((v) => countIn([v], stack) > 0);
      return open.length ? `${errors}: ${open.map((v) => describe(v, stack)).join('; ')}` : undefined;
    });
    const others = plugins.filter((p) => p !== guard);
    check(`${variant}: ${stack}: aws-cdk-lib's default CloudFormation rules find no error`, () => {
      const open = others.flatMap((p) =>
        (p.violations || []).filter((v) => ['error', 'fatal'].includes((v.severity || 'error').toLowerCase()) && countIn([v], stack) > 0),
      );
      return open.length ? open.map((v) => describe(v, stack)).join('; ') : undefined;
    });
  }
  check(`${variant}: acknowledgements reached the plugin (it filtered some findings)`, () =>
    (guard.suppressedViolations || []).length > 0 ? undefined : 'no suppressed violations in the report',
  );
}
process.exit(failed() ? 1 : 0);
