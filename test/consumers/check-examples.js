#!/usr/bin/env node
// Runs the checks examples.json lists for one language's app over its cloud assembly: every
// stack listed for the language (and its `companions`) must have been synthesized, and no other; then per stack
// "network" (check-template.js with the language's CIDR, NAT and subnet count), "shop" (the stack
// with role "shop" and the one with role "data" together: check-shop.js, templates, cost reports,
// validation report), "composition" (check-composition.js), "fargate" (check-fargate.js),
// "production" (check-production.js, the stack with its us-east-1 companion) and "serverless"
// (check-serverless.js: a ServerlessShop; with an `example`, its cost against expected-costs.js).
//
// Usage:
//   node check-examples.js --language <typescript|python|java> --cdk-out <dir> --app-log <log> \
//     --expected <costs.json> [--validation-report <file>]
// Prints the checkers' PASS/FAIL/TOTALS lines (scripts/consumers.sh counts them); exits 1 if any
// check failed.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { checker } = require('./checks');
const { stacksFor } = require('./examples');

const args = {};
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i += 2) {
  if (!argv[i].startsWith('--') || argv[i + 1] === undefined) throw new Error(`bad argument ${argv[i]}`);
  args[argv[i].slice(2).replace(/-([a-z])/g, (_, c) => c.toUpperCase())] = argv[i + 1];
}
for (const required of ['language', 'cdkOut', 'appLog', 'expected']) {
  if (!args[required]) throw new Error(`missing --${required.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
}
const language = args.language;
const stacks = stacksFor(language);
const { check, failed } = checker(language);
let childFailed = false;

check(`the app synthesized exactly the stacks examples.json lists for ${language} (${stacks.map((s) => s.stackName).join(', ')})`, () => {
  let templates;
  try {
    templates = fs.readdirSync(args.cdkOut).filter((f) => f.endsWith('.template.json')).map((f) => f.replace(/\.template\.json$/, ''));
  } catch {
    return `no ${args.cdkOut}`;
  }
  const wanted = stacks.map((s) => s.stackName);
  const missing = wanted.filter((n) => !templates.includes(n));
  // each companion pattern of a stack must match exactly one template
  for (const s of stacks) {
    for (const pattern of s.companions) {
      const found = templates.filter((n) => pattern.test(n));
      if (found.length !== 1) missing.push(`${s.stackName}'s companion ${pattern} (found ${found.length})`);
    }
  }
  const isCompanion = (n) => stacks.some((s) => s.companions.some((pattern) => pattern.test(n)));
  const extra = templates.filter((n) => !wanted.includes(n) && !isCompanion(n));
  return missing.length || extra.length ? `missing ${missing.join(', ') || 'none'}; not listed ${extra.join(', ') || 'none'}` : undefined;
});

/** Runs a checker script, passing its output through. */
function run(script, scriptArgs) {
  const result = spawnSync(process.execPath, [path.join(__dirname, script), ...scriptArgs], { encoding: 'utf-8' });
  process.stdout.write(result.stdout);
  process.stdout.write(result.stderr);
  if (result.status !== 0) childFailed = true;
}

const template = (s) => path.join(args.cdkOut, `${s.stackName}.template.json`);
const validation = args.validationReport ? ['--validation-report', args.validationReport] : [];

for (const s of stacks) {
  const network = s.checks.network && s.checks.network[language];
  if (s.checks.network) {
    if (!network) throw new Error(`examples.json: stack '${s.id}' has no network checks for ${language}`);
    run('check-template.js', [
      template(s), '--label', language, '--stack', s.stackName,
      '--cidr', network.cidr, '--nat', network.nat, '--subnets', String(network.subnets), ...validation,
    ]);
  }
  if (s.checks.composition) run('check-composition.js', [template(s), '--label', `${language}-composition`]);
  if (s.checks.fargate) {
    run('check-fargate.js', [
      template(s), '--label', `${language}-fargate`, '--services', String(s.checks.fargate.services),
      '--paths', s.checks.fargate.paths.join(','), ...validation,
    ]);
  }
  if (s.checks.serverless) {
    const v = s.checks.serverless;
    run('check-serverless.js', [
      template(s), '--label', `${language}-serverless`, '--api-type', v.apiType || 'HTTP',
      '--routes', v.routes.join(','), '--protected', (v.protected || []).join(','), '--tables', String(v.tables),
      ...(v.databaseRoutes ? ['--database-routes', v.databaseRoutes.join(',')] : []),
      ...(s.example ? ['--expected', args.expected, '--expected-cost', s.example.cost] : []), ...validation,
    ]);
  }
  if (s.checks.production) {
    const p = s.checks.production;
    run('check-production.js', [
      template(s), '--label', `${language}-production`, '--region', p.region, '--domain-name', p.domainName,
      '--bake-time-minutes', String(p.bakeTimeMinutes), '--services', String(p.services), ...validation,
    ]);
  }
}

const byRole = (role) => stacks.find((s) => s.checks.shop && s.checks.shop.role === role);
if (byRole('shop') || byRole('data')) {
  if (!byRole('shop') || !byRole('data')) throw new Error('examples.json: shop checks need a stack of role "shop" and one of role "data"');
  run('check-shop.js', [
    '--label', language, '--cdk-out', args.cdkOut, '--shop-stack', byRole('shop').stackName,
    '--data-stack', byRole('data').stackName, '--expected', args.expected, '--app-log', args.appLog, ...validation,
  ]);
}

process.exit(failed() || childFailed ? 1 : 0);
