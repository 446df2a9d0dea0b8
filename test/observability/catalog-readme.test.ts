import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ts from 'typescript';
import * as library from '../../src';
import { ALARM_CATALOG } from '../../src/observability/alarm-catalog';
import {
  renderAlarmCatalogTable,
  TABLE_END,
  TABLE_START,
  withAlarmCatalogTable,
} from '../../src/observability/alarm-catalog-table';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { codeBlocks } = require('../readme/quick-start.js');

const README = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf-8');

function section(): string {
  const start = README.indexOf('\n## ShopObservability\n');
  expect(start).toBeGreaterThan(0);
  const rest = README.slice(start + 1);
  return rest.slice(0, rest.indexOf('\n## ', 3) + 1);
}

/** Runs the section's TypeScript app as pasted, with 'cdk-shop' as this repository's source. */
function runExample(): App {
  const [source] = codeBlocks(section(), 'ts') as string[];
  expect(source).toMatch(/from 'cdk-shop'/);
  const js = ts.transpileModule(`${source}\nmodule.exports = { app };\n`, {
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2020,
      esModuleInterop: true,
    },
  }).outputText;
  const mod = { exports: {} as { app?: App } };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const load = (name: string) => (name === 'cdk-shop' ? library : require(name));
  new Function('require', 'module', 'exports', js)(load, mod, mod.exports);
  return mod.exports.app!;
}

describe("README's ShopObservability section", () => {
  test('the catalog table is the one the data renders (node scripts/render-alarm-catalog.js)', () => {
    const s = section();
    expect(s).toContain(TABLE_START);
    expect(s).toContain(TABLE_END);
    expect(withAlarmCatalogTable(README)).toBe(README);
  });

  test('the table has a row per entry, with its threshold rule and source', () => {
    const table = renderAlarmCatalogTable();
    const rows = table.split('\n').slice(2);
    expect(rows).toHaveLength(ALARM_CATALOG.length);
    ALARM_CATALOG.forEach((d, i) => {
      expect(rows[i]).toContain(`\`${d.id.toUpperCase().replace(/-/g, '_')}\``);
      expect(rows[i]).toContain(`[source](${d.source})`);
      expect(rows[i]).toContain(`${d.datapointsToAlarm} of ${d.evaluationPeriods} ×`);
    });
    expect(table).toMatch(
      /RDS_CONNECTIONS.*80 % of the engine's default max_connections for the instance class/,
    );
  });

  test('a changed entry makes the README stale', () => {
    const changed = README.replace('| > 5 % (shop is down) |', '| > 6 % (shop is down) |');
    expect(changed).not.toBe(README);
    expect(withAlarmCatalogTable(changed)).toBe(README);
  });

  test("the example synthesizes as pasted: the e-mail subscribed to the shop's topic", () => {
    const app = runExample();
    const stack = app.node.findChild('ObservedShop') as Stack;
    const observability = stack.node.findChild('Observability') as library.ShopObservability;
    const shop = stack.node.findChild('Shop') as library.FargateShop;
    expect(observability).toBeInstanceOf(library.ShopObservability);
    expect(observability.topic).toBe(shop.alarmTopic);
    Template.fromStack(stack).hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
    });
  });
});
