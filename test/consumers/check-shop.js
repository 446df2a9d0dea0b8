#!/usr/bin/env node
// Checks the shop stacks a consumer app synthesizes besides its network stack: a SingleHostShop
// stack and a data-tier stack (ShopNetwork, ShopDatabase, ShopCache, ShopBackup), the cost
// reports CostReport wrote beside the templates, and the totals the app printed.
//
// Usage:
//   node check-shop.js --cdk-out <dir> --shop-stack <name> --data-stack <name> \
//     --expected <costs.json> --app-log <log of the app's run> \
//     [--validation-report <cdk.out/validation-report.json>] [--label name]
//
// <costs.json> is the output of expected-costs.js: {"singleHostShop": n, "dataTier": n}, the
// totals of the same stacks built from examples/ with this repository's library. The app prints
// "COST report <stack> <total>" per CostReport estimate and "COST estimateStack <stack> <total>".
// Prints "PASS <label>: <check>" or "FAIL <label>: <check>: <why>" per check, and a
// "TOTALS <label>: ..." line; exits 1 if any check failed. scripts/consumers.sh counts the lines.
'use strict';
const fs = require('fs');
const { checker } = require('./checks');
const path = require('path');
const { readFindings } = require('./validation-report');

const args = {};
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i += 2) {
  if (!argv[i].startsWith('--') || argv[i + 1] === undefined) throw new Error(`bad argument ${argv[i]}`);
  args[argv[i].slice(2).replace(/-([a-z])/g, (_, c) => c.toUpperCase())] = argv[i + 1];
}
for (const required of ['cdkOut', 'shopStack', 'dataStack', 'expected', 'appLog']) {
  if (!args[required]) throw new Error(`missing --${required.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
}
const label = args.label ?? args.shopStack;

const { check, failed } = checker(label);

const readJson = (file) => JSON.parse(fs.readFileSync(file, 'utf-8'));
const templateOf = (stack) => path.join(args.cdkOut, `${stack}.template.json`);
const reportOf = (stack) => path.join(args.cdkOut, `${stack}.cost.json`);
const tryRead = (file) => {
  try {
    return readJson(file);
  } catch {
    return undefined;
  }
};
const ofType = (template, type) =>
  Object.entries((template && template.Resources) || {}).filter(([, r]) => r.Type === type);
const needs = (template, stack) => (template ? undefined : `no readable ${path.basename(templateOf(stack))}`);

// ---------------------------------------------------------------- single-host shop
const shop = tryRead(templateOf(args.shopStack));

check(`${args.shopStack}: one AWS::EC2::Instance requiring IMDSv2 (MetadataOptions.HttpTokens required)`, () => {
  const instances = ofType(shop, 'AWS::EC2::Instance');
  if (!shop) return needs(shop, args.shopStack);
  if (instances.length !== 1) return `found ${instances.length} instances`;
  const options = instances[0][1].Properties && instances[0][1].Properties.MetadataOptions;
  return options && options.HttpTokens === 'required' ? undefined : `MetadataOptions is ${JSON.stringify(options)}`;
});

check(`${args.shopStack}: one AWS::EC2::Volume, encrypted, kept on deletion (DeletionPolicy Retain or Snapshot)`, () => {
  const volumes = ofType(shop, 'AWS::EC2::Volume');
  if (!shop) return needs(shop, args.shopStack);
  if (volumes.length !== 1) return `found ${volumes.length} volumes`;
  const [id, volume] = volumes[0];
  const problems = [];
  if (!['Retain', 'Snapshot'].includes(volume.DeletionPolicy)) problems.push(`DeletionPolicy ${volume.DeletionPolicy}`);
  if ((volume.Properties || {}).Encrypted !== true) problems.push(`Encrypted ${JSON.stringify((volume.Properties || {}).Encrypted)}`);
  return problems.length ? `${id}: ${problems.join(', ')}` : undefined;
});

// ---------------------------------------------------------------- data tier
const data = tryRead(templateOf(args.dataStack));

check(`${args.dataStack}: one AWS::RDS::DBInstance with StorageEncrypted true`, () => {
  const dbs = ofType(data, 'AWS::RDS::DBInstance');
  if (!data) return needs(data, args.dataStack);
  if (dbs.length !== 1) return `found ${dbs.length} DB instances`;
  const encrypted = (dbs[0][1].Properties || {}).StorageEncrypted;
  return encrypted === true ? undefined : `StorageEncrypted is ${JSON.stringify(encrypted)}`;
});

check(`${args.dataStack}: one AWS::ElastiCache::ReplicationGroup with TransitEncryptionEnabled true`, () => {
  const groups = ofType(data, 'AWS::ElastiCache::ReplicationGroup');
  if (!data) return needs(data, args.dataStack);
  if (groups.length !== 1) return `found ${groups.length} replication groups`;
  const transit = (groups[0][1].Properties || {}).TransitEncryptionEnabled;
  return transit === true ? undefined : `TransitEncryptionEnabled is ${JSON.stringify(transit)}`;
});

check(`${args.dataStack}: an AWS::Backup::BackupPlan`, () => {
  if (!data) return needs(data, args.dataStack);
  const plans = ofType(data, 'AWS::Backup::BackupPlan');
  return plans.length >= 1 ? undefined : 'found none';
});

// ---------------------------------------------------------------- cost reports
const expected = tryRead(args.expected);
const printed = { report: {}, estimateStack: {} };
try {
  for (const line of fs.readFileSync(args.appLog, 'utf-8').split('\n')) {
    const m = /^COST (report|estimateStack) (\S+) (\S+)\s*$/.exec(line);
    if (m) printed[m[1]][m[2]] = Number(m[3]);
  }
} catch {
  // reported by the checks below
}
const shopReport = tryRead(reportOf(args.shopStack));
const dataReport = tryRead(reportOf(args.dataStack));
// A report's total before the always-free allowances: the sum of its lines but the deductions (the
// allowances left for a stack depend on the app's other stacks, which expected-costs.js has not).
const isDeduction = (l) => /^always-free allowance: /.test(l.description);
const listTotal = (report) =>
  report && Array.isArray(report.lines)
    ? Math.round(report.lines.filter((l) => !isDeduction(l)).reduce((a, l) => a + l.monthlyUsd, 0) * 1e4) / 1e4
    : undefined;
const sameTotal = (what, actual, want) => {
  if (typeof want !== 'number') return `no expected total (expected-costs.js failed? ${args.expected})`;
  if (typeof actual !== 'number' || Number.isNaN(actual)) return `${what} has no total`;
  return actual === want ? undefined : `${what} is ${actual}, the library's own estimate of the example is ${want}`;
};

check('a <stack>.cost.json beside every template', () => {
  const templates = fs.readdirSync(args.cdkOut).filter((f) => f.endsWith('.template.json'));
  if (templates.length === 0) return `no templates in ${args.cdkOut}`;
  const missing = templates.filter((t) => !fs.existsSync(path.join(args.cdkOut, t.replace(/\.template\.json$/, '.cost.json'))));
  return missing.length === 0 ? undefined : `missing for ${missing.join(', ')} (of ${templates.length} templates)`;
});

check(`${args.shopStack}: cost report total equals the library's estimate of examples/single-host-shop.ts`, () =>
  sameTotal(`${args.shopStack}.cost.json lines before the always-free allowances`, listTotal(shopReport), expected && expected.singleHostShop),
);

check(`${args.shopStack}: CostEstimator.estimateStack total printed by the app equals the stack estimated alone`, () =>
  sameTotal('the printed estimateStack total', printed.estimateStack[args.shopStack], expected && expected.singleHostShopAlone),
);

check(`${args.shopStack}: the always-free allowances are deducted, never more than list price`, () => {
  if (!shopReport || !Array.isArray(shopReport.lines)) return `no readable ${path.basename(reportOf(args.shopStack))}`;
  const deducted = shopReport.lines.filter(isDeduction);
  if (deducted.length === 0) return 'no always-free allowance line';
  const total = shopReport.totalMonthlyUsd;
  return deducted.every((l) => l.monthlyUsd < 0) && total >= 0 && total <= listTotal(shopReport)
    ? undefined
    : `deductions ${deducted.map((l) => l.monthlyUsd).join(', ')}, total ${total} of ${listTotal(shopReport)}`;
});

check(`${args.dataStack}: cost report assumes logIngestGb 2 from stackAssumptions (other stacks the default 1)`, () => {
  if (!dataReport || !shopReport) return `no readable ${path.basename(reportOf(dataReport ? args.shopStack : args.dataStack))}`;
  const own = dataReport.assumptions && dataReport.assumptions.logIngestGb;
  const other = shopReport.assumptions && shopReport.assumptions.logIngestGb;
  return own === 2 && other === 1 ? undefined : `logIngestGb is ${own} in ${args.dataStack}, ${other} in ${args.shopStack}`;
});

check(`${args.dataStack}: cost report total equals the library's estimate of examples/data-tier.ts with logIngestGb 2`, () =>
  sameTotal(`${args.dataStack}.cost.json lines before the always-free allowances`, listTotal(dataReport), expected && expected.dataTier),
);

// ---------------------------------------------------------------- validation report
if (args.validationReport) {
  // Errors already fail synth with @aws-cdk/core:validateAgainstDefaultRules (then no template
  // is written and the checks above fail); this also catches warnings.
  for (const stack of [args.shopStack, args.dataStack]) {
    let suppressed = [];
    check(`${stack}: no findings (errors or warnings) in aws-cdk-lib's validation report`, () => {
      const findings = readFindings(args.validationReport, stack);
      suppressed = findings.suppressed;
      const v = findings.violations;
      return v.length === 0 ? undefined : `${v.length} finding(s):\n  ${v.join('\n  ')}`;
    });
    for (const s of suppressed) console.log(`  acknowledged in ${stack}: ${s}`);
  }
}

const fmt = (n) => (typeof n === 'number' ? String(n) : 'none');
console.log(
  `TOTALS ${label}: ${args.shopStack} report ${fmt(shopReport && shopReport.totalMonthlyUsd)}, ` +
    `estimateStack ${fmt(printed.estimateStack[args.shopStack])}; ` +
    `${args.dataStack} report ${fmt(dataReport && dataReport.totalMonthlyUsd)}; ` +
    `expected ${fmt(expected && expected.singleHostShop)} / ${fmt(expected && expected.dataTier)}`,
);
process.exit(failed() ? 1 : 0);
