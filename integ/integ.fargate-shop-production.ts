import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, RemovalPolicies, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { FargateShop, FargateShopPreset, ShopImage } from '../src';

/*
 * Deploys the production FargateShop (HIGHLY_AVAILABLE: two zones, the edge in front, the load
 * balancer locked to CloudFront, a worker on its SQS queue) with stand-ins for Medusa, then checks
 * from outside that:
 *   - the shop answers 200 through CloudFront (its URL is the edge's);
 *   - the load balancer refuses a request that does not come through CloudFront (no connection,
 *     or 403 without the origin header), over HTTP and HTTPS;
 *   - a message sent to the worker's queue is consumed: the queue drains.
 *
 * The edge needs a public hosted zone: set CDK_SHOP_INTEG_ZONE_ID and CDK_SHOP_INTEG_ZONE_NAME to
 * one of yours before deploying (the committed snapshot uses the placeholders below, so a
 * verification without them reports UNCHANGED). The stack is in us-east-1, where CloudFront's
 * certificate and web ACL live, so the shop needs no second stack.
 *
 * No data tier: the stand-ins cannot use one, and the data tier has its own test
 * (integ.data-tier.ts). Every service runs the official Node.js image (multi-architecture, with
 * the `node` user the shop runs as): the storefront and the backend answer every path on $PORT;
 * the worker answers its health check on $PORT and long-polls QUEUE_URL with the task role's
 * credentials (SQS's JSON protocol, Signature V4 by hand: Node has no AWS SDK built in), deleting
 * what it receives. Deleting the stack leaves the retained log groups and secrets (delete them by
 * hand).
 */
const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
const env = { region: 'us-east-1' };
const stack = new Stack(app, 'CdkShopIntegProduction', { env });
const zone = route53.PublicHostedZone.fromHostedZoneAttributes(stack, 'Zone', {
  hostedZoneId: process.env.CDK_SHOP_INTEG_ZONE_ID || 'Z0123456789EXAMPLE',
  zoneName: process.env.CDK_SHOP_INTEG_ZONE_NAME || 'example.com',
});
const node = ShopImage.fromRegistry('node:22-alpine');

/** The storefront and the backend: 200 on every path. */
const SERVER = "require('http').createServer((q,s)=>s.end('ok')).listen(Number(process.env.PORT))";

/** The worker: a health endpoint on $PORT and a loop that receives and deletes the queue's messages. */
const WORKER = [
  "const c=require('crypto'),http=require('http');",
  "http.createServer((q,s)=>s.end('ok')).listen(Number(process.env.PORT)||9000);",
  'const url=new URL(process.env.QUEUE_URL),region=url.host.split(".")[1];',
  "const sha=(d)=>c.createHash('sha256').update(d).digest('hex');",
  "const hmac=(k,d)=>c.createHmac('sha256',k).update(d).digest();",
  'async function sqs(action,body){',
  " const k=await (await fetch('http://169.254.170.2'+process.env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI)).json();",
  " const t=new Date().toISOString().replace(/[-:]|[.][0-9]{3}/g,''),day=t.slice(0,8),b=JSON.stringify(body);",
  " const h={'content-type':'application/x-amz-json-1.0',host:url.host,'x-amz-date':t,'x-amz-security-token':k.Token,'x-amz-target':'AmazonSQS.'+action};",
  " const names=Object.keys(h).sort(),scope=day+'/'+region+'/sqs/aws4_request';",
  " const canonical=['POST','/','',...names.map((n)=>n+':'+h[n]),'',names.join(';'),sha(b)].join('\\n');",
  " const key=hmac(hmac(hmac(hmac('AWS4'+k.SecretAccessKey,day),region),'sqs'),'aws4_request');",
  " const signature=c.createHmac('sha256',key).update(['AWS4-HMAC-SHA256',t,scope,sha(canonical)].join('\\n')).digest('hex');",
  " h.authorization='AWS4-HMAC-SHA256 Credential='+k.AccessKeyId+'/'+scope+', SignedHeaders='+names.join(';')+', Signature='+signature;",
  ' delete h.host;',
  " const r=await fetch('https://'+url.host+'/',{method:'POST',headers:h,body:b});",
  " if(!r.ok) throw new Error(action+': '+r.status+' '+(await r.text()));",
  ' return r.json();',
  '}',
  '(async()=>{for(;;){try{',
  " const r=await sqs('ReceiveMessage',{QueueUrl:url.href,WaitTimeSeconds:20,MaxNumberOfMessages:10});",
  " for(const m of r.Messages||[]){await sqs('DeleteMessage',{QueueUrl:url.href,ReceiptHandle:m.ReceiptHandle});console.log('consumed',m.MessageId);}",
  '}catch(e){console.error(e);await new Promise((s)=>setTimeout(s,5000));}}})();',
].join('\n');

const shop = new FargateShop(stack, 'Shop', {
  preset: FargateShopPreset.HIGHLY_AVAILABLE,
  domainName: `shop.${zone.zoneName}`,
  hostedZone: zone,
  storefront: { image: node },
  backend: { image: node },
  worker: {},
  storefrontService: { command: ['node', '-e', SERVER] },
  backendService: { command: ['node', '-e', SERVER] },
  workerService: { command: ['node', '-e', WORKER] },
  databaseEnabled: false,
  cacheEnabled: false,
  deletionProtection: false,
});
RemovalPolicies.of(stack).destroy();

// the assertions live in a stack of the same region, so they may reference the shop's resources
const assertionStack = new Stack(app, 'CdkShopIntegProductionAssertions', { env });
const integ = new IntegTest(app, 'FargateShopProductionTest', { testCases: [stack], assertionStack });

// 1. through the edge: CloudFront answers, from the load balancer behind it
integ.assertions
  .httpApiCall(shop.url)
  .expect(ExpectedResult.objectLike({ status: 200 }))
  .waitForAssertions({ totalTimeout: Duration.minutes(10) });

// 2. around the edge: the load balancer is reachable only from CloudFront with the origin header
const direct = new lambda.Function(assertionStack, 'DirectRequest', {
  runtime: lambda.Runtime.NODEJS_22_X,
  handler: 'index.handler',
  timeout: Duration.seconds(30),
  code: lambda.Code.fromInline(
    [
      "const http = require('http'), https = require('https');",
      '// "refused" is no connection (dropped, reset, timed out) or a 403; anything else is an answer',
      'const probe = (lib, host) => new Promise((resolve) => {',
      "  const req = lib.request({ host, path: '/', timeout: 8000, rejectUnauthorized: false }, (res) => {",
      '    res.resume();',
      '    resolve(res.statusCode === 403 ? `403` : `answered ${res.statusCode}`);',
      '  });',
      "  req.on('timeout', () => req.destroy(new Error('timed out')));",
      "  req.on('error', (e) => resolve(`no connection (${e.code || e.message})`));",
      '  req.end();',
      '});',
      'exports.handler = async (event) => {',
      '  const results = [await probe(http, event.host), await probe(https, event.host)];',
      '  console.log(event.host, results);',
      "  return { refused: results.every((r) => !r.startsWith('answered')) };",
      '};',
    ].join('\n'),
  ),
});
integ.assertions
  .invokeFunction({
    functionName: direct.functionName,
    payload: JSON.stringify({ host: shop.loadBalancer.loadBalancerDnsName }),
  })
  .expect(ExpectedResult.objectLike({ Payload: '{"refused":true}' }));

// 3. the worker consumes: a message sent to the queue is gone once the worker has run
const queueUrl = shop.queue!.queue.queueUrl;
integ.assertions
  .awsApiCall('SQS', 'sendMessage', { QueueUrl: queueUrl, MessageBody: '{"job":"integ"}' })
  .next(
    integ.assertions
      .awsApiCall('SQS', 'getQueueAttributes', {
        QueueUrl: queueUrl,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      })
      .expect(
        ExpectedResult.objectLike({
          Attributes: { ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '0' },
        }),
      )
      .waitForAssertions({ totalTimeout: Duration.minutes(5), interval: Duration.seconds(15) }),
  );
