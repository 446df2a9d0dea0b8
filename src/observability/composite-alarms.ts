import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { Tier } from './monitored-resource';

/*
 * The composite alarms: one per tier (edge, app, data), in ALARM when any alarm of the tier is,
 * and "shop is down", in ALARM when any condition that means customers get no answer is.
 */

/**
 * The most alarms one composite's rule names. CloudWatch allows 100 per rule and a rule of
 * 10,240 characters; an operand `ALARM("<arn>") OR ` takes at most 329 characters (an ARN of
 * the longest partition and region, a 12-digit account and a 255-character alarm name), so 31
 * fit in any case; a longer list is split into nested composites of at most this many.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutCompositeAlarm.html
 */
export const MAX_RULE_OPERANDS = 30;

/** The characters of a rule operand at worst: `ALARM("arn:aws-iso-b:cloudwatch:<region>:<account>:alarm:<255>") OR `. */
export const WORST_OPERAND_CHARACTERS =
  'ALARM("'.length +
  'arn:aws-iso-b:cloudwatch:'.length +
  'ap-southeast-5'.length +
  1 +
  12 +
  ':alarm:'.length +
  255 +
  '")'.length +
  ' OR '.length;

/** CloudWatch's limits of a composite alarm's rule. */
export const MAX_RULE_CHARACTERS = 10_240;
export const MAX_RULE_ALARMS = 100;

/** The composites made. */
export interface ShopComposites {
  readonly edge?: cloudwatch.CompositeAlarm;
  readonly app?: cloudwatch.CompositeAlarm;
  readonly data?: cloudwatch.CompositeAlarm;
  readonly shopDown?: cloudwatch.CompositeAlarm;
  /** Every composite, the nested parts too. */
  readonly all: cloudwatch.CompositeAlarm[];
}

/** What the composites are made of. */
export interface CompositeInput {
  readonly tiers: { readonly [tier in Tier]: readonly cloudwatch.IAlarm[] };
  /** The alarms that mean the shop gives customers no answer. */
  readonly shopDown: readonly cloudwatch.IAlarm[];
  readonly topic?: sns.ITopic;
  /** Named in descriptions: the shop's path. */
  readonly name: string;
}

const TIER_TEXT: { [tier in Tier]: string } = {
  edge: 'the edge (CloudFront, uptime checks)',
  app: 'the app tier (load balancer, services, instances, functions, APIs, NAT)',
  data: 'the data tier (database, cache, tables, queues)',
};

/** The tier composites and "shop is down"; a composite over no alarm is not defined. */
export function createComposites(scope: Construct, input: CompositeInput): ShopComposites {
  const all: cloudwatch.CompositeAlarm[] = [];
  const any = (id: string, alarms: readonly cloudwatch.IAlarm[], description: string) =>
    alarms.length === 0 ? undefined : anyOf(scope, id, alarms, description, all, input.topic);
  const tier = (t: Tier, id: string) =>
    any(id, input.tiers[t], `${input.name}: an alarm of ${TIER_TEXT[t]} is in ALARM`);
  return {
    edge: tier('edge', 'EdgeAlarm'),
    app: tier('app', 'AppAlarm'),
    data: tier('data', 'DataAlarm'),
    shopDown: any(
      'ShopDownAlarm',
      input.shopDown,
      `${input.name} is down: customers get no answer (an uptime check fails, or the edge, load balancer or API answers 5XX)`,
    ),
    all,
  };
}

/**
 * A composite in ALARM when any of `alarms` is; over more than MAX_RULE_OPERANDS alarms, an OR
 * of nested composites (`<id>Part1`, ...) of at most that many each, without actions.
 */
function anyOf(
  scope: Construct,
  id: string,
  alarms: readonly cloudwatch.IAlarm[],
  description: string,
  all: cloudwatch.CompositeAlarm[],
  topic?: sns.ITopic,
): cloudwatch.CompositeAlarm {
  let operands: readonly cloudwatch.IAlarm[] = alarms;
  let level = 0;
  while (operands.length > MAX_RULE_OPERANDS) {
    level++;
    const parts: cloudwatch.IAlarm[] = [];
    for (let i = 0; i < operands.length; i += MAX_RULE_OPERANDS) {
      const part = new cloudwatch.CompositeAlarm(
        scope,
        `${id}Part${level === 1 ? '' : `${level}-`}${parts.length + 1}`,
        {
          alarmDescription: `${description} (part ${parts.length + 1})`,
          alarmRule: rule(operands.slice(i, i + MAX_RULE_OPERANDS)),
        },
      );
      all.push(part);
      parts.push(part);
    }
    operands = parts;
  }
  const composite = new cloudwatch.CompositeAlarm(scope, id, {
    alarmDescription: description,
    alarmRule: rule(operands),
  });
  if (topic) {
    const action = new cwActions.SnsAction(topic);
    composite.addAlarmAction(action);
    composite.addOkAction(action);
  }
  all.push(composite);
  return composite;
}

function rule(alarms: readonly cloudwatch.IAlarm[]): cloudwatch.IAlarmRule {
  return cloudwatch.AlarmRule.anyOf(
    ...alarms.map((a) => cloudwatch.AlarmRule.fromAlarm(a, cloudwatch.AlarmState.ALARM)),
  );
}
