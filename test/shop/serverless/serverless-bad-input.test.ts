import * as route53 from 'aws-cdk-lib/aws-route53';
import * as sns from 'aws-cdk-lib/aws-sns';
import { INLINE, synthShop } from './serverless-shop-fixtures';

/*
 * ServerlessShop's own props: each mistake fails at synth time with the construct path, the prop
 * and the fix (its parts' props are checked by ShopApi, ShopTable, ShopCustomers, ShopStorefront
 * and the data tier, each with tests of its own).
 */
const zone = (s: any) =>
  route53.HostedZone.fromHostedZoneAttributes(s, 'Zone', { hostedZoneId: 'Z1', zoneName: 'example.com' });

test.each<[string, (stack: any) => any, RegExp]>([
  [
    'no routes',
    () => ({ routes: [] }),
    /invalid 'routes': a serverless shop needs at least one API route\. Give routes/,
  ],
  [
    'a route outside /api/',
    () => ({ routes: [{ route: 'GET /products', code: INLINE }] }),
    /invalid 'routes\[0\]\.route': 'GET \/products' is not under \/api\/.*Give a path under \/api\/, such as 'GET \/api\/products'/,
  ],
  [
    'a route at /api without a slash after it',
    () => ({ routes: [{ route: 'GET /apis', code: INLINE }] }),
    /invalid 'routes\[0\]\.route': 'GET \/apis' is not under \/api\//,
  ],
  ['no tables', () => ({ tables: [] }), /invalid 'tables': is empty\. Leave tables out/],
  [
    'two tables of one name',
    () => ({ tables: [{ name: 'catalog' }, { name: 'catalog' }] }),
    /invalid 'tables\[1\]\.name': 'catalog' names another table/,
  ],
  ['a table name with capitals', () => ({ tables: [{ name: 'Catalog' }] }), /invalid 'tables\[0\]\.name'/],
  [
    'a domain without a zone or certificate',
    () => ({ domainName: 'shop.example.com' }),
    /invalid 'domainName': HTTPS needs a certificate/,
  ],
  [
    'a domain outside its zone',
    (s) => ({ domainName: 'shop.example.org', hostedZone: zone(s) }),
    /invalid 'domainName': 'shop\.example\.org' is not in the hosted zone 'example\.com'/,
  ],
  [
    'a zone without a domain',
    (s) => ({ hostedZone: zone(s) }),
    /invalid 'hostedZone': it holds the records of domainName/,
  ],
  [
    'an alarm e-mail beside a topic',
    (s) => ({ alarmEmail: 'ops@example.com', alarmTopic: new sns.Topic(s, 'Topic') }),
    /invalid 'alarmEmail': it subscribes to a new topic, but alarmTopic is given/,
  ],
  [
    'an alarm e-mail that is no address',
    () => ({ alarmEmail: 'ops' }),
    /invalid 'alarmEmail': 'ops' is not an e-mail address/,
  ],
])('%s', (_name, props, message) => {
  expect(() => synthShop(props)).toThrow(message);
  expect(() => synthShop(props)).toThrow(/^Shop\/Shop: invalid '/);
});
