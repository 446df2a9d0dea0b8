import { bool, props, refTarget, Resources, str } from '../cfn';
import { fmt, LineDraft, lines, notPriced, Pricer, PricerFamily } from './helpers';

const SQS_SHARE = 'sqs';
const SNS_SHARE = 'sns';

/** FIFO queues have no list price in the table: they take no share of the queue requests. */
function isFifoQueue(resource: any): boolean {
  const fifo = props(resource).FifoQueue;
  return fifo === true || fifo === 'true';
}

const queue: Pricer = (_id, resource, ctx) => {
  if (isFifoQueue(resource)) {
    return notPriced('no list price for FIFO queues in the price table');
  }
  const n = ctx.share(SQS_SHARE);
  const requests = ctx.assumptions.queueRequestsPerMonth / n;
  return lines({
    description: 'SQS standard requests',
    priceKey: 'sqs.standard.perMillion',
    quantity: requests / 1_000_000,
    unit: 'million requests',
    assumption: `queueRequestsPerMonth ${fmt(ctx.assumptions.queueRequestsPerMonth)} split evenly over ${n} standard queue(s)`,
  });
};

/** SNS delivery protocols with a charge of their own (deliveries to SQS and Lambda are free). */
const SNS_PAID_PROTOCOLS = ['http', 'https', 'sms', 'application', 'firehose'];

/** Protocols of the subscriptions to a topic: AWS::SNS::Subscription resources and inline entries. */
function topicSubscriptions(resources: Resources, topicId: string, topic: any): string[] {
  const protocols: string[] = [];
  for (const r of Object.values(resources)) {
    if (r?.Type === 'AWS::SNS::Subscription' && refTarget(props(r).TopicArn) === topicId) {
      protocols.push((str(props(r).Protocol) ?? '(not a literal)').toLowerCase());
    }
  }
  const inline = props(topic).Subscription;
  for (const sub of Array.isArray(inline) ? inline : []) {
    protocols.push((str(sub?.Protocol) ?? '(not a literal)').toLowerCase());
  }
  return protocols;
}

const topic: Pricer = (id, resource, ctx) => {
  const n = ctx.share(SNS_SHARE);
  const messages = ctx.assumptions.notificationsPerMonth / n;
  const split =
    `notificationsPerMonth ${fmt(ctx.assumptions.notificationsPerMonth)} split evenly over ${n} topic(s)` +
    (n > 1 ? ` = ${fmt(messages)} per topic` : '');
  const fifo = bool(props(resource).FifoTopic) === true;
  const protocols = topicSubscriptions(ctx.resources, id, resource);
  const emails = protocols.filter((x) => x === 'email' || x === 'email-json').length;
  const http = protocols.filter((x) => x === 'http' || x === 'https').length;
  const paid = protocols.filter((x) => SNS_PAID_PROTOCOLS.includes(x) && x !== 'http' && x !== 'https');
  const drafts: LineDraft[] = [
    {
      description: 'SNS publish requests',
      priceKey: 'sns.publish.perMillion',
      quantity: messages / 1e6,
      unit: 'million requests',
      assumption:
        `${split}, one request per message (under 64 KB)` +
        (fifo ? '; a FIFO topic, priced at the standard publish rate' : ''),
    },
  ];
  if (emails > 0) {
    drafts.push({
      description: `SNS email notifications (${emails} email subscription(s))`,
      priceKey: 'sns.email.per100k',
      quantity: (messages * emails) / 100_000,
      unit: '100k notifications',
      assumption: `${split}, each delivered to ${emails} email subscription(s)`,
    });
  }
  if (http > 0) {
    drafts.push({
      description: `SNS HTTP/S notifications (${http} HTTP/S subscription(s))`,
      priceKey: 'sns.http.perMillion',
      quantity: (messages * http) / 1e6,
      unit: 'million notifications',
      assumption: `${split}, each delivered to ${http} HTTP/S subscription(s)`,
    });
  }
  return {
    kind: 'lines',
    lines: drafts,
    warnings:
      paid.length > 0
        ? [
            `${id}: deliveries to ${paid.length} ${[...new Set(paid)].join('/')} subscription(s) are not priced`,
          ]
        : [],
  };
};

/** SQS queues and SNS topics. */
export const MESSAGING: PricerFamily = {
  pricers: {
    'AWS::SQS::Queue': queue,
    'AWS::SNS::Topic': topic,
  },
  shareRules: {
    'AWS::SQS::Queue': (_id, r) => (isFifoQueue(r) ? undefined : SQS_SHARE),
    'AWS::SNS::Topic': () => SNS_SHARE,
  },
  free: {
    'AWS::SNS::TopicPolicy': 'no charge',
    'AWS::SNS::Subscription': 'notifications are charged per use on the topic',
    'AWS::SQS::QueuePolicy': 'no charge',
    'AWS::Events::Rule': 'no charge for rules matching AWS service events',
  },
  usageOnly: ['AWS::Events::EventBus'],
  priceKeys: [
    'sqs.standard.perMillion',
    'sns.publish.perMillion',
    'sns.email.per100k',
    'sns.http.perMillion',
  ],
};
