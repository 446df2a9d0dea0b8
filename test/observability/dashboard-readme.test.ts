import * as fs from 'fs';
import * as path from 'path';
import { SignalLine } from '../../src/observability/dashboard-signal';
import { DASHBOARD_SIGNALS, GOLDEN_SIGNALS } from '../../src/observability/dashboard-signals';
import { REQUEST_ORDER } from '../../src/observability/monitored-resource';

/*
 * README's table of the dashboard's rows is the data's (src/observability/dashboard-signals*.ts):
 * this test renders it and fails when README differs. To update README, run
 * `DASHBOARD_README=write npx jest test/observability/dashboard-readme.test.ts`.
 */

const README = path.join(__dirname, '..', '..', 'README.md');
const START =
  '<!-- dashboard-signals:start (generated from src/observability/dashboard-signals*.ts, checked by test/observability/dashboard-readme.test.ts) -->';
const END = '<!-- dashboard-signals:end -->';

function line(l: SignalLine): string {
  if (l.metric) return `${l.metric.metricName} ${l.metric.statistic}`;
  if (l.expression && l.usingMetrics) {
    const names = Object.entries(l.usingMetrics).map(([id, m]) => `${id} = ${m.metricName}`);
    return `${l.expression.replace(/\*/g, '×')} (${names.join(', ')})`;
  }
  return `${l.label} (agent)`;
}

/** The table: a row per kind in request order, a cell per signal. */
export function renderTable(): string {
  const rows = REQUEST_ORDER.filter((k) => DASHBOARD_SIGNALS[k]).map((kind) => {
    const k = DASHBOARD_SIGNALS[kind]!;
    const namespace = [
      ...new Set(
        Object.values(k.signals).flatMap((ls) =>
          ls.flatMap((l) =>
            l.metric ? [l.metric.namespace] : Object.values(l.usingMetrics ?? {}).map((m) => m.namespace),
          ),
        ),
      ),
    ].join(', ');
    const cells = GOLDEN_SIGNALS.map((s) =>
      k.signals[s].length === 0 ? '-' : k.signals[s].map(line).join('; '),
    );
    return `| ${k.title} | \`${namespace}\` | ${cells.join(' | ')} |`;
  });
  return [
    START,
    '| row | namespace | traffic | errors | latency | saturation |',
    '|---|---|---|---|---|---|',
    ...rows,
    END,
  ].join('\n');
}

test("README's table of the dashboard's rows is the data's", () => {
  const readme = fs.readFileSync(README, 'utf-8');
  const table = renderTable();
  if (process.env.DASHBOARD_README === 'write') {
    const at = readme.indexOf('<!-- dashboard-signals:start');
    const end = readme.indexOf(END);
    if (at < 0 || end < at) throw new Error('README has no dashboard-signals markers');
    fs.writeFileSync(README, readme.slice(0, at) + table + readme.slice(end + END.length));
    return;
  }
  const at = readme.indexOf(START);
  expect(at).toBeGreaterThan(0);
  expect(readme.slice(at, readme.indexOf(END) + END.length)).toBe(table);
});
