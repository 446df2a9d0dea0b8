import { CfnResource } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import { acknowledge } from '../../private/acknowledge';

/**
 * The cdk-nag and cfn-guard findings a `ServerlessShop` accepts by design on what it defines
 * itself (its parts acknowledge theirs), each with its reason.
 */
export function acknowledgeServerlessShopFindings(o: { readonly createdAlarmTopic?: sns.ITopic }): void {
  const topic = o.createdAlarmTopic?.node.defaultChild;
  if (topic instanceof CfnResource) {
    acknowledge(topic, {
      id: 'NIST.800.53.R5-SNSEncryptedKMS',
      reason:
        'Alarm notifications carry no customer data, and CloudWatch cannot publish to a topic encrypted with the AWS managed key; the topic accepts TLS only.',
    });
  }
}
