import { notPriced, PricerFamily } from './helpers';

/** CloudFormation itself: metadata, wait conditions, custom resources and nested stacks. */
export const CLOUDFORMATION: PricerFamily = {
  pricers: {
    'AWS::Serverless::Application': () =>
      notPriced(
        'a nested application (e.g. a Secrets Manager rotation function): its resources deploy as a stack of their own, not estimated here',
      ),
    'AWS::CloudFormation::Stack': () =>
      notPriced('a nested stack: its resources are in its own template, not estimated here'),
  },
  free: {
    'AWS::CDK::Metadata': 'CDK metadata',
    'AWS::CloudFormation::WaitCondition': 'no charge',
    'AWS::CloudFormation::WaitConditionHandle': 'no charge',
    'AWS::CloudFormation::CustomResource': 'no charge (its backing function is listed on its own)',
  },
};
