import { App, CfnParameter, Duration, Stack, Token } from 'aws-cdk-lib';
import { createUptimeCanaries } from '../../src/observability/uptime-canaries';
import { ShopUptimeOptions } from '../../src/observability/uptime-options';

/** Each case: the options, the shop URL, and what the error must say (path, prop, problem). */
const cases: [string, (s: Stack) => { url?: string; options?: ShopUptimeOptions }, RegExp][] = [
  [
    'a schedule more often than once a minute',
    () => ({ url: 'https://a.example.com', options: { schedule: Duration.seconds(30) } }),
    /^Stack: invalid 'uptime\.schedule': 30 seconds is more often than once a minute.*Give whole minutes/,
  ],
  [
    'a schedule that is not whole minutes',
    () => ({ url: 'https://a.example.com', options: { schedule: Duration.seconds(90) } }),
    /invalid 'uptime\.schedule': 1 minute 30 seconds is not a whole number of minutes/,
  ],
  [
    'a schedule longer than an hour',
    () => ({ url: 'https://a.example.com', options: { schedule: Duration.hours(2) } }),
    /invalid 'uptime\.schedule': 2 hours is longer than an hour/,
  ],
  [
    'a schedule that is a token',
    (s) => ({
      url: 'https://a.example.com',
      options: { schedule: Duration.minutes(new CfnParameter(s, 'P', { type: 'Number' }).valueAsNumber) },
    }),
    /invalid 'uptime\.schedule': is a token.*Give a literal/,
  ],
  [
    'a URL that is not http(s)',
    () => ({ url: 'ftp://a.example.com' }),
    /invalid 'shop\.url': 'ftp:\/\/a\.example\.com' is not an http:\/\/ or https:\/\/ URL/,
  ],
  [
    'an uptime.url without a scheme',
    () => ({ options: { url: 'shop.example.com' } }),
    /invalid 'uptime\.url': 'shop\.example\.com' is not an http/,
  ],
  [
    'a URL without a host',
    () => ({ options: { url: 'https://' } }),
    /invalid 'uptime\.url': 'https:\/\/' has no host/,
  ],
  [
    'a URL with a query',
    () => ({ options: { url: 'https://a.example.com/?x=1' } }),
    /has a query or fragment/,
  ],
  [
    'a URL that is a token as a whole',
    (s) => ({ options: { url: new CfnParameter(s, 'U').valueAsString } }),
    /invalid 'uptime\.url': starts with a token, so its scheme is not known at synth time/,
  ],
  [
    'a health path not starting with /',
    () => ({ url: 'https://a.example.com', options: { healthPath: 'health' } }),
    /invalid 'uptime\.healthPath': 'health' does not start with '\/'/,
  ],
  [
    'a health path that is a token',
    (s) => ({
      url: 'https://a.example.com',
      options: { healthPath: new CfnParameter(s, 'H').valueAsString },
    }),
    /invalid 'uptime\.healthPath': is a token/,
  ],
  [
    'a path with a space',
    () => ({ url: 'https://a.example.com', options: { paths: ['/store products'] } }),
    /invalid 'uptime\.paths\[0\]': '\/store products'/,
  ],
  [
    'a path checked twice',
    () => ({ url: 'https://a.example.com', options: { paths: ['/health'] } }),
    /invalid 'uptime\.paths': '\/health' is checked twice/,
  ],
  [
    'a timeout longer than the schedule',
    () => ({
      url: 'https://a.example.com',
      options: { schedule: Duration.minutes(1), timeout: Duration.minutes(2) },
    }),
    /invalid 'uptime\.timeout': 2 minutes is longer than the schedule \(1 minute\)/,
  ],
  [
    'a timeout that is not whole seconds',
    () => ({ url: 'https://a.example.com', options: { timeout: Duration.millis(1500) } }),
    /invalid 'uptime\.timeout': 1 second 500 millis is not a whole number of seconds/,
  ],
  [
    'checks that cannot finish within the run limit',
    () => ({
      url: 'https://a.example.com',
      options: { schedule: Duration.minutes(1), timeout: Duration.seconds(20) },
    }),
    /invalid 'uptime\.timeout': 2 checks of up to 20 s each and 30 s for the run need 70 s, more than the 60 s a run may take/,
  ],
  [
    'uptime asked with no URL',
    () => ({ options: { enabled: true } }),
    /invalid 'uptime\.enabled': is true but there is no URL to check.*Give 'shop', or 'uptime\.url'/,
  ],
  [
    'failed runs to alarm of 0',
    () => ({ url: 'https://a.example.com', options: { failedRunsToAlarm: 0 } }),
    /invalid 'uptime\.failedRunsToAlarm': 0 is not a whole number from 1 to 10/,
  ],
  [
    'an empty expected text',
    () => ({ url: 'https://a.example.com', options: { expectedText: '' } }),
    /invalid 'uptime\.expectedText': is empty/,
  ],
];

describe('uptime options: bad input fails at synth time, naming the path, the prop and the fix', () => {
  test.each(cases)('%s', (_name, input, message) => {
    const stack = new Stack(new App(), 'Stack');
    expect(() => createUptimeCanaries(stack, input(stack))).toThrow(message);
  });

  test('the shortest schedule that fits passes: 1 minute, one check of 30 s', () => {
    const stack = new Stack(new App(), 'Stack');
    const made = createUptimeCanaries(stack, {
      url: 'https://a.example.com',
      options: { schedule: Duration.minutes(1), timeout: Duration.seconds(30), checkHealthPath: false },
    });
    expect(made.canaries).toHaveLength(1);
    expect(Token.isUnresolved(made.canaries[0].canaryName)).toBe(true);
  });
});
