import { CfnResolver } from './cfn-resolver';

const template = {
  Mappings: { Accounts: { 'us-east-1': { account: '1' }, 'ca-west-1': { account: '2' } } },
  Conditions: {
    Known: {
      'Fn::Or': [{ 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] }, { 'Fn::Equals': ['a', 'b'] }],
    },
    Unknown: { 'Fn::Not': [{ Condition: 'Known' }] },
  },
};

const value = {
  Principal: {
    AWS: {
      'Fn::If': [
        'Known',
        {
          'Fn::Join': [
            '',
            [
              'arn:',
              { Ref: 'AWS::Partition' },
              ':',
              { 'Fn::FindInMap': ['Accounts', { Ref: 'AWS::Region' }, 'account'] },
            ],
          ],
        },
        { Ref: 'AWS::NoValue' },
      ],
    },
    Service: { 'Fn::If': ['Unknown', 'svc', { Ref: 'AWS::NoValue' }] },
  },
  List: ['a', { 'Fn::If': ['Known', { Ref: 'AWS::NoValue' }, 'b'] }, { 'Fn::GetAtt': ['Bucket', 'Arn'] }],
};

test('Fn::If follows the condition, AWS::NoValue drops the key or element, Fn::FindInMap and Fn::Join resolve', () => {
  expect(new CfnResolver(template, 'us-east-1').resolve(value)).toEqual({
    Principal: { AWS: 'arn:aws:1' },
    List: ['a', '<Bucket.Arn>'],
  });
  expect(new CfnResolver(template, 'ca-west-1').resolve(value)).toEqual({
    Principal: { Service: 'svc' },
    List: ['a', 'b', '<Bucket.Arn>'],
  });
});

test('a Fn::FindInMap without an entry fails, as the deployment would, in the branch not taken too', () => {
  const lookup = { 'Fn::FindInMap': ['Accounts', { Ref: 'AWS::Region' }, 'account'] };
  expect(() => new CfnResolver(template, 'il-central-1').resolve(lookup)).toThrow(
    /has no il-central-1.account/,
  );
  const guarded = { 'Fn::If': ['Known', lookup, 'none'] };
  expect(() => new CfnResolver(template, 'il-central-1').resolve(guarded)).toThrow(
    /has no il-central-1.account/,
  );
  expect(new CfnResolver(template, 'us-east-1').resolve(guarded)).toBe('1');
});

test('the partition follows the region', () => {
  const partition = { Ref: 'AWS::Partition' };
  expect(new CfnResolver(template, 'cn-north-1').resolve(partition)).toBe('aws-cn');
  expect(new CfnResolver(template, 'us-gov-east-1').resolve(partition)).toBe('aws-us-gov');
  expect(new CfnResolver(template, 'eu-west-1').resolve(partition)).toBe('aws');
});

test('an unknown intrinsic function is an error, not passed through', () => {
  expect(() => new CfnResolver(template, 'us-east-1').resolve({ 'Fn::Sub': 'x' })).toThrow(
    /does not know Fn::Sub/,
  );
});
