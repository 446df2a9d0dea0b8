import { APP_ALARMS } from './alarm-catalog-app';
import { DATA_ALARMS } from './alarm-catalog-data';
import { EDGE_ALARMS } from './alarm-catalog-edge';
import { HOST_ALARMS } from './alarm-catalog-host';
import { AlarmDefinition } from './alarm-definition';

/**
 * The alarm catalog: every alarm ShopObservability knows, as data, in request order of the
 * tiers (edge, app, data). `ShopAlarmKind` has one static per entry; the README's table is
 * rendered from it (`scripts/render-alarm-catalog.js`).
 */
export const ALARM_CATALOG: readonly AlarmDefinition[] = [
  ...EDGE_ALARMS,
  ...APP_ALARMS,
  ...HOST_ALARMS,
  ...DATA_ALARMS,
];

const BY_ID = new Map(ALARM_CATALOG.map((d) => [d.id, d]));

/** The entry of a kind id, or undefined. */
export function catalogEntry(id: string): AlarmDefinition | undefined {
  return BY_ID.get(id);
}
