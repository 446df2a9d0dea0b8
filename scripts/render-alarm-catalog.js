#!/usr/bin/env node
/**
 * Writes the alarm catalog's table into README.md, between the alarm-catalog markers of the
 * ShopObservability section, from the compiled catalog data (lib/observability/alarm-catalog-*.js:
 * run `npx projen compile` first). test/observability/catalog-readme.test.ts fails when the
 * README and the data differ.
 *
 *   node scripts/render-alarm-catalog.js            # rewrite the table
 *   node scripts/render-alarm-catalog.js --check    # exit 1 when it is stale
 */
'use strict';
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const README = path.join(ROOT, 'README.md');
const { withAlarmCatalogTable } = require(path.join(ROOT, 'lib', 'observability', 'alarm-catalog-table.js'));

const current = fs.readFileSync(README, 'utf-8');
const next = withAlarmCatalogTable(current);
if (process.argv.includes('--check')) {
  if (next !== current) {
    process.stderr.write('README.md: the alarm catalog table is stale; run node scripts/render-alarm-catalog.js\n');
    process.exit(1);
  }
} else if (next !== current) {
  fs.writeFileSync(README, next);
  process.stdout.write('README.md: alarm catalog table written\n');
}
