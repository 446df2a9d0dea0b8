import type { ShopQueue } from './shop-queue';
import { acknowledge } from '../private/acknowledge';

/**
 * The cdk-nag and cfn-guard findings a `ShopQueue` accepts by design, with their reasons.
 */
export function acknowledgeQueueFindings(shopQueue: ShopQueue): void {
  acknowledge(shopQueue.deadLetterQueue, {
    id: 'guard:sqs_dlq_check',
    reason:
      "This queue is the dead-letter queue of the ShopQueue's main queue; a dead-letter queue of its own would only move failed messages a second time. Control Tower skips a queue whose RedriveAllowPolicy names its sources, which would need the main queue's ARN here while the main queue's RedrivePolicy names this one: a circular reference CloudFormation refuses.",
  });
}
