#!/usr/bin/env node
// The cost estimates the consumer apps must reproduce, from this repository's compiled library
// (lib/, what every package embeds): synthesizes every examples.json stack that names an example
// (examples/single-host-shop.ts, examples/data-tier.ts; through ts-node, with their `../src`
// import served by lib/), with examples.json's assumptions, and prints their totals as JSON, keyed
// by the example's `cost`:
//   {"singleHostShop": <totalMonthlyUsd at list prices>, "singleHostShopAlone": <estimateStack's,
//    with the always-free allowances>, "dataTier": <totalMonthlyUsd at list prices, logIngestGb 2>}
//
// Usage: node test/consumers/expected-costs.js <outdir>
'use strict';
const Module = require('module');
const path = require('path');

const root = path.resolve(__dirname, '..', '..');
const src = path.join(root, 'src');
const lib = path.join(root, 'lib');

// examples/*.ts import '../src': resolve it to lib/ (compiled by `npx projen compile`).
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  if (parent && parent.filename && path.resolve(path.dirname(parent.filename), request) === src) {
    return resolve.call(this, lib, parent, ...rest);
  }
  return resolve.call(this, request, parent, ...rest);
};
require(require.resolve('ts-node', { paths: [root] })).register({
  project: path.join(root, 'tsconfig.dev.json'),
  transpileOnly: true,
  compilerOptions: { module: 'commonjs' },
});

const { App } = require(require.resolve('aws-cdk-lib', { paths: [root] }));
const { CostEstimator, CostReport } = require(lib);
const { table } = require('./examples');

const outdir = path.resolve(process.argv[2] ?? path.join(root, '.tmp', 'consumers', 'expected'));
const app = new App({ outdir, context: { 'aws:cdk:disable-creation-stack-traces': true } });
// Every examples.json stack with an example: built from that file's stack class as `Expected<id>`.
const examples = table.stacks.filter((s) => s.example);
const built = {};
for (const s of examples) {
  const StackClass = require(path.join(root, s.example.file.replace(/\.ts$/, '')))[s.example.stack];
  if (!StackClass) throw new Error(`examples.json: ${s.example.file} exports no ${s.example.stack}`);
  built[s.id] = new StackClass(app, `Expected${s.id[0].toUpperCase()}${s.id.slice(1)}`);
}
const stackAssumptions = {};
for (const s of examples) if (s.assumptions) stackAssumptions[built[s.id].stackName] = s.assumptions;
// At list prices: CostReport shares the always-free allowances across an assembly's stacks in
// order, so a consumer app's report deducts what its other stacks left; check-shop.js compares
// the reports' lines before the deductions, and their deductions on their own.
const estimates = new CostReport({ alwaysFreeAllowances: false, stackAssumptions }).write(app.synth());
const expected = {};
for (const s of examples) {
  expected[s.example.cost] = estimates.find((e) => e.stackName === built[s.id].stackName).totalMonthlyUsd;
}
// The apps also print CostEstimator.estimateStack's total of the shop: the stack alone, with the
// whole allowances.
expected.singleHostShopAlone = new CostEstimator().estimateStack(built.singleHostShop).totalMonthlyUsd;
console.log(JSON.stringify(expected));
