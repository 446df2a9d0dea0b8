import { BODY_LIMITS, checkDashboardBody, dashboardBodies, resolveBody } from '../helpers/dashboard-limits';

/* The dashboard body checker (test/helpers/dashboard-limits.ts) accepts what CloudWatch accepts and rejects what it rejects. */

/** The example body of "Dashboard Body Structure and Syntax" (one metric and one text widget). */
const DOC_EXAMPLE = {
  start: '-PT6H',
  periodOverride: 'inherit',
  widgets: [
    {
      type: 'metric',
      x: 0,
      y: 0,
      width: 12,
      height: 6,
      properties: {
        metrics: [['AWS/EC2', 'CPUUtilization', 'InstanceId', 'i-012345']],
        period: 300,
        stat: 'Average',
        region: 'us-east-1',
        title: 'EC2 Instance CPU',
        liveData: false,
        legend: { position: 'right' },
      },
    },
    { type: 'text', x: 0, y: 7, width: 3, height: 3, properties: { markdown: 'Hello world' } },
  ],
};

const metricWidget = (metrics: unknown[], extra: object = {}) => ({
  type: 'metric',
  x: 0,
  y: 0,
  width: 6,
  height: 6,
  properties: { metrics, region: 'us-east-1', ...extra },
});
const problemsOf = (body: object) => checkDashboardBody(JSON.stringify(body)).problems;
const oneWidget = (w: object) => problemsOf({ widgets: [w] });

describe('accepts', () => {
  test("the documentation's example", () => {
    const report = checkDashboardBody(JSON.stringify(DOC_EXAMPLE));
    expect(report.problems).toEqual([]);
    expect([report.widgets, report.metrics, report.maxMetricsInWidget]).toEqual([2, 1, 1]);
  });

  test('an empty widgets array', () => {
    expect(problemsOf({ widgets: [] })).toEqual([]);
  });

  test('a math expression over the ids of its widget, and metrics with options', () => {
    const w = metricWidget([
      [{ expression: '100 * e / r', label: 'rate', id: 'rate' }],
      [
        'AWS/ApplicationELB',
        'HTTPCode_ELB_5XX_Count',
        'LoadBalancer',
        'app/a/b',
        { id: 'e', visible: false, stat: 'Sum' },
      ],
      [
        'AWS/ApplicationELB',
        'RequestCount',
        'LoadBalancer',
        'app/a/b',
        { id: 'r', visible: false, stat: 'Sum', period: 60 },
      ],
      ['.', 'TargetResponseTime', '.', '.', { stat: 'p99' }],
    ]);
    expect(oneWidget(w)).toEqual([]);
  });

  test('an alarm status widget of 100 alarms', () => {
    const alarms = Array.from(
      { length: 100 },
      (_, i) => `arn:aws:cloudwatch:us-east-1:111122223333:alarm:a${i}`,
    );
    expect(oneWidget({ type: 'alarm', x: 0, y: 0, width: 24, height: 6, properties: { alarms } })).toEqual(
      [],
    );
  });
});

describe('rejects', () => {
  const cases: Array<[string, string | object, RegExp]> = [
    ['text that is not JSON', '{"widgets": [', /not valid JSON/],
    ['a body without widgets', { start: '-PT3H' }, /must include a widgets array/],
    ['an unknown top-level key', { widgets: [], title: 'x' }, /unknown top-level key title/],
    [
      '501 widgets',
      {
        widgets: Array.from({ length: 501 }, (_, i) => ({
          type: 'text',
          x: 0,
          y: i,
          width: 1,
          height: 1,
          properties: { markdown: 'x' },
        })),
      },
      /501 widgets, more than 500/,
    ],
    [
      'a width of 25',
      { widgets: [{ type: 'text', x: 0, y: 0, width: 25, height: 1, properties: { markdown: 'x' } }] },
      /width 25 is not 1-24/,
    ],
    [
      'a widget past the 24th column',
      { widgets: [{ type: 'text', x: 20, y: 0, width: 6, height: 1, properties: { markdown: 'x' } }] },
      /x \+ width = 26/,
    ],
    [
      'a height of 0',
      { widgets: [{ type: 'text', x: 0, y: 0, width: 6, height: 0, properties: { markdown: 'x' } }] },
      /height 0 is not 1-1000/,
    ],
    [
      'a fractional y',
      { widgets: [{ type: 'text', x: 0, y: 0.5, width: 6, height: 1, properties: { markdown: 'x' } }] },
      /y 0.5 is not a non-negative integer/,
    ],
    [
      'overlapping widgets',
      {
        widgets: [0, 3].map((x) => ({
          type: 'text',
          x,
          y: 0,
          width: 6,
          height: 2,
          properties: { markdown: 'x' },
        })),
      },
      /widgets\[1\]: overlaps widgets\[0\] at \(3, 0\)/,
    ],
    [
      'a text widget without markdown',
      { widgets: [{ type: 'text', x: 0, y: 0, width: 6, height: 1, properties: {} }] },
      /needs markdown/,
    ],
    [
      'a widget type the dashboard does not use',
      { widgets: [{ type: 'log', x: 0, y: 0, width: 6, height: 1, properties: { query: 'x' } }] },
      /type "log" is not one/,
    ],
    [
      'a widget without properties',
      { widgets: [{ type: 'metric', x: 0, y: 0, width: 6, height: 1 }] },
      /properties is required/,
    ],
    [
      'an alarm status widget without alarms',
      { widgets: [{ type: 'alarm', x: 0, y: 0, width: 6, height: 1, properties: { alarms: [] } }] },
      /1-100 alarm ARNs/,
    ],
    [
      'an alarm status widget of 101 alarms',
      {
        widgets: [
          {
            type: 'alarm',
            x: 0,
            y: 0,
            width: 6,
            height: 1,
            properties: {
              alarms: Array.from({ length: 101 }, (_, i) => `arn:aws:cloudwatch:us-east-1:1:alarm:a${i}`),
            },
          },
        ],
      },
      /1-100 alarm ARNs/,
    ],
    [
      'an alarm that is not an ARN',
      { widgets: [{ type: 'alarm', x: 0, y: 0, width: 6, height: 1, properties: { alarms: ['my-alarm'] } }] },
      /not an alarm ARN/,
    ],
    // aws/aws-cdk#31066: a metric name that was undefined, serialized as null
    [
      'a metric without its name (aws/aws-cdk#31066)',
      { widgets: [metricWidget([['AWS/ApplicationELB', null, 'LoadBalancer', 'app/a/b', { stat: 'Sum' }]])] },
      /must be non-empty strings/,
    ],
    [
      'a dimension without a value',
      { widgets: [metricWidget([['AWS/EC2', 'CPUUtilization', 'InstanceId']])] },
      /a dimension name without a value/,
    ],
    [
      'an empty dimension value',
      { widgets: [metricWidget([['AWS/EC2', 'CPUUtilization', 'InstanceId', '']])] },
      /must be non-empty strings/,
    ],
    [
      'a first metric in the shorthand of a previous one',
      { widgets: [metricWidget([['...', 'i-1']])] },
      /first metric cannot use/,
    ],
    ['a metric that is not an array', { widgets: [metricWidget(['AWS/EC2'])] }, /not a non-empty array/],
    [
      'a statistic CloudWatch does not know',
      { widgets: [metricWidget([['AWS/EC2', 'CPUUtilization', { stat: 'Mean' }]])] },
      /stat "Mean" is not a CloudWatch statistic/,
    ],
    [
      'a period of 45 seconds',
      { widgets: [metricWidget([['AWS/EC2', 'CPUUtilization', { period: 45 }]])] },
      /period 45 is not/,
    ],
    [
      'an unknown metric option',
      { widgets: [metricWidget([['AWS/EC2', 'CPUUtilization', { colour: '#fff' }]])] },
      /unknown key colour/,
    ],
    [
      'a metric widget without a region',
      {
        widgets: [
          {
            ...metricWidget([['AWS/EC2', 'CPUUtilization']]),
            properties: { metrics: [['AWS/EC2', 'CPUUtilization']] },
          },
        ],
      },
      /region is required/,
    ],
    [
      'an expression over an id no metric has',
      {
        widgets: [
          metricWidget([[{ expression: 'a / b', id: 'x' }], ['AWS/EC2', 'CPUUtilization', { id: 'a' }]]),
        ],
      },
      /uses b, no metric of the widget has that id/,
    ],
    [
      'two metrics of one id',
      {
        widgets: [
          metricWidget([
            ['AWS/EC2', 'CPUUtilization', { id: 'a' }],
            ['AWS/EC2', 'NetworkIn', { id: 'a' }],
          ]),
        ],
      },
      /id a is used twice/,
    ],
    [
      'an id that starts with a capital',
      { widgets: [metricWidget([['AWS/EC2', 'CPUUtilization', { id: 'Cpu' }]])] },
      /must start with a lowercase letter/,
    ],
    [
      '31 dimensions',
      { widgets: [metricWidget([['N', 'M', ...Array.from({ length: 62 }, (_, i) => `d${i}`)]])] },
      /more than 30 dimensions/,
    ],
  ];
  test.each(cases)('%s', (_name, body, problem) => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    const { problems } = checkDashboardBody(text);
    expect(problems.join('\n')).toMatch(problem);
  });

  test('a widget of more metrics than the budget, and a body over the size limit', () => {
    const metrics = Array.from({ length: 101 }, (_, i) => [
      'AWS/EC2',
      'CPUUtilization',
      'InstanceId',
      `i-${i}`,
    ]);
    const text = JSON.stringify({ widgets: [metricWidget(metrics)] });
    expect(checkDashboardBody(text).problems).toEqual([]);
    expect(checkDashboardBody(text, { maxMetricsPerWidget: 100 }).problems).toEqual([
      'widgets[0]: 101 metrics, more than 100',
    ]);
    expect(checkDashboardBody(text, { maxBytes: 1000 }).problems[0]).toMatch(
      /^the body is \d+ bytes, more than 1000$/,
    );
    expect(BODY_LIMITS.widgets).toBe(500);
  });
});

describe('resolveBody', () => {
  test('joins a Fn::Join body with placeholders for resource tokens and the region for the pseudo parameter', () => {
    const value = {
      'Fn::Join': [
        '',
        [
          '{"widgets":[{"properties":{"region":"',
          { Ref: 'AWS::Region' },
          '","x":"',
          { 'Fn::GetAtt': ['Alb', 'LoadBalancerFullName'] },
          '","y":"',
          { Ref: 'Db' },
          '","z":"',
          { 'Fn::Select': [0, []] },
          '"}}]}',
        ],
      ],
    };
    expect(JSON.parse(resolveBody(value, 'eu-west-1'))).toEqual({
      widgets: [
        {
          properties: {
            region: 'eu-west-1',
            x: '<Alb.LoadBalancerFullName>',
            y: '<Ref:Db>',
            z: '<Fn::Select>',
          },
        },
      ],
    });
  });

  test('finds every dashboard of a template', () => {
    const template = {
      Resources: {
        A: { Type: 'AWS::CloudWatch::Dashboard', Properties: { DashboardBody: '{"widgets":[]}' } },
        B: { Type: 'AWS::SNS::Topic', Properties: {} },
      },
    };
    expect(dashboardBodies(template)).toEqual({ A: '{"widgets":[]}' });
  });
});
