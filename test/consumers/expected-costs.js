#!/usr/bin/env node
// The cost estimates the consumer apps must reproduce, from this repository's compiled library
// (lib/, what every package embeds): synthesizes the example stacks examples/single-host-shop.ts
// and examples/data-tier.ts (through ts-node, with their `../src` import served by lib/) and
// prints their totals as JSON:
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
const { SingleHostShopStack } = require(path.join(root, 'examples', 'single-host-shop'));
const { DevelopmentDataTierStack } = require(path.join(root, 'examples', 'data-tier'));
const { CostEstimator, CostReport } = require(lib);

const outdir = path.resolve(process.argv[2] ?? path.join(root, '.tmp', 'consumers', 'expected'));
const app = new App({ outdir, context: { 'aws:cdk:disable-creation-stack-traces': true } });
const shop = new SingleHostShopStack(app, 'ExpectedSingleHostShop');
new DevelopmentDataTierStack(app, 'ExpectedDataTier');
// At list prices: CostReport shares the always-free allowances across an assembly's stacks in
// order, so a consumer app's report deducts what its other stacks left; check-shop.js compares
// the reports' lines before the deductions, and their deductions on their own.
const estimates = new CostReport({
  alwaysFreeAllowances: false,
  stackAssumptions: { ExpectedDataTier: { logIngestGb: 2 } },
}).write(app.synth());
const total = (name) => estimates.find((e) => e.stackName === name).totalMonthlyUsd;

// The apps also print CostEstimator.estimateStack's total: the stack alone, with the whole allowances.
const alone = new CostEstimator().estimateStack(shop).totalMonthlyUsd;
console.log(
  JSON.stringify({
    singleHostShop: total('ExpectedSingleHostShop'),
    singleHostShopAlone: alone,
    dataTier: total('ExpectedDataTier'),
  }),
);
