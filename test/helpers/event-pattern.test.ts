import { matchesPattern } from './event-pattern';

/* The matcher itself, on hand-written patterns: EventBridge's documented matching. */

const EVENT = {
  source: 'aws.ec2',
  'detail-type': 'EC2 Instance State-change Notification',
  resources: [
    'arn:aws:ec2:us-east-1:123456789012:instance/i-1',
    'arn:aws:ec2:us-east-1:123456789012:instance/i-2',
  ],
  detail: { state: 'running', count: 3, nested: { flag: true, empty: null } },
};

test('every named field must be present and equal one of the allowed values', () => {
  expect(matchesPattern({ source: ['aws.ec2'] }, EVENT)).toBe(true);
  expect(matchesPattern({ source: ['aws.s3', 'aws.ec2'] }, EVENT)).toBe(true);
  expect(matchesPattern({ source: ['aws.s3'] }, EVENT)).toBe(false);
  expect(matchesPattern({ detail: { missing: ['x'] } }, EVENT)).toBe(false);
  expect(matchesPattern({ account: ['123456789012'] }, EVENT)).toBe(false);
});

test('values compare exactly: case, type', () => {
  expect(matchesPattern({ source: ['AWS.EC2'] }, EVENT)).toBe(false);
  expect(matchesPattern({ detail: { count: [3] } }, EVENT)).toBe(true);
  expect(matchesPattern({ detail: { count: ['3'] } }, EVENT)).toBe(false);
  expect(matchesPattern({ detail: { nested: { flag: [true], empty: [null] } } }, EVENT)).toBe(true);
  expect(matchesPattern({ detail: { nested: { flag: [false] } } }, EVENT)).toBe(false);
});

test('an array in the event matches when any element does', () => {
  expect(matchesPattern({ resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-2'] }, EVENT)).toBe(
    true,
  );
  expect(matchesPattern({ resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-3'] }, EVENT)).toBe(
    false,
  );
});

test('nested objects match field by field; a scalar where the pattern has an object does not', () => {
  expect(matchesPattern({ detail: { state: ['running'], nested: { flag: [true] } } }, EVENT)).toBe(true);
  expect(matchesPattern({ source: { x: ['y'] } }, EVENT)).toBe(false);
});

test('operators it does not implement are refused, not ignored', () => {
  expect(() => matchesPattern({ source: [{ prefix: 'aws.' }] }, EVENT)).toThrow(/not supported/);
  expect(() => matchesPattern({ $or: [{ source: ['aws.ec2'] }] }, EVENT)).toThrow(/not supported/);
  expect(() => matchesPattern({ source: 'aws.ec2' }, EVENT)).toThrow(/must be an array/);
  expect(() => matchesPattern({ source: [] }, EVENT)).toThrow(/empty/);
});
