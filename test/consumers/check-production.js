#!/usr/bin/env node
// Checks a consumer app's production-shaped FargateShop stack (examples.json id
// "fargateShopProduction": HIGHLY_AVAILABLE outside us-east-1 with the edge, blue/green,
// migrations and tracing) and the us-east-1 stack the library adds beside it: the companion holds
// CloudFront's certificate and web ACL and writes their ARNs to SSM parameters in the shop's
// region, which the shop's distribution reads; every load-balanced service deploys blue/green
// on ECS with its bake time and a green target group; a Custom::ShopMigration runs the backend's
// image before the backend's and the worker's services; every service's task has the
// OpenTelemetry collector sidecar and the app containers its endpoint; the load balancer admits
// no address range; a ShopObservability's dashboard, composites, e-mail and alarms (one threshold
// overridden); cost reports for both stacks; aws-cdk-lib's default rules found nothing.
//
// Usage: node check-production.js <template.json> --label <label> --region <r> --domain-name <d>
//          --bake-time-minutes <n> --services <n> [--validation-report <file>]
// Prints PASS/FAIL lines (scripts/consumers.sh counts them); exits 1 if any check failed.
'use strict';
const fs = require('fs');
const path = require('path');
const { checker } = require('./checks');
const { readFindings } = require('./validation-report');

const file = process.argv[2];
const opt = (name) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const label = opt('label') || 'production';
const region = opt('region');
const domainName = opt('domain-name');
const bakeTime = Number(opt('bake-time-minutes'));
const wantServices = Number(opt('services'));
const report = opt('validation-report');
const cdkOut = path.dirname(file);
const stackName = path.basename(file).replace(/\.template\.json$/, '');
const { check, failed } = checker(label);

const readTemplate = (name) => JSON.parse(fs.readFileSync(path.join(cdkOut, `${name}.template.json`), 'utf-8')).Resources || {};
const ofType = (resources, type) => Object.entries(resources).filter(([, r]) => r.Type === type);
const refOf = (v) => (v && (v.Ref || (v['Fn::GetAtt'] && v['Fn::GetAtt'][0]))) || undefined;

let resources = {};
check(`${stackName}: template exists`, () => {
  resources = readTemplate(stackName);
  return Object.keys(resources).length ? undefined : 'no resources';
});

// ------------------------------------------------------------ the us-east-1 companion
const manifest = JSON.parse(fs.readFileSync(path.join(cdkOut, 'manifest.json'), 'utf-8'));
const artifact = manifest.artifacts[stackName] || {};
let companion;
let companionResources = {};
check(`${stackName}: deploys to ${region} after a us-east-1 stack it depends on`, () => {
  if (artifact.environment !== `aws://unknown-account/${region}`) return `environment ${artifact.environment}`;
  const stacks = (artifact.dependencies || []).filter((d) => (manifest.artifacts[d] || {}).type === 'aws:cloudformation:stack');
  companion = stacks.find((d) => /\/us-east-1$/.test(manifest.artifacts[d].environment));
  if (!companion) return `no us-east-1 stack among its dependencies (${stacks.join(', ') || 'none'})`;
  companionResources = readTemplate(companion);
  return undefined;
});

/** The SSM parameter names the companion writes in `region`, by what their value is (a resource's logical id). */
function parameterWrites() {
  const writes = {};
  for (const [, r] of ofType(companionResources, 'Custom::CrossRegionParameter')) {
    const join = r.Properties.Create['Fn::Join'][1];
    const text = join.map((p) => (typeof p === 'string' ? p : `<${refOf(p)}>`)).join('');
    const call = JSON.parse(text.replace(/<(\w+)>/g, '$1'));
    if (call.region !== region || call.action !== 'putParameter') continue;
    writes[call.parameters.Value] = call.parameters.Name;
  }
  return writes;
}

check(`${companion || 'the us-east-1 stack'}: CloudFront's DNS-validated certificate for ${domainName} and a CLOUDFRONT web ACL, their ARNs written to SSM in ${region}, read by the distribution`, () => {
  const certs = ofType(companionResources, 'AWS::CertificateManager::Certificate');
  const acls = ofType(companionResources, 'AWS::WAFv2::WebACL');
  if (certs.length !== 1 || certs[0][1].Properties.DomainName !== domainName || certs[0][1].Properties.ValidationMethod !== 'DNS') {
    return `certificates: ${certs.map(([, c]) => `${c.Properties.DomainName} (${c.Properties.ValidationMethod})`).join(', ') || 'none'}`;
  }
  if (acls.length !== 1 || acls[0][1].Properties.Scope !== 'CLOUDFRONT') return `web ACLs: ${acls.length}`;
  const writes = parameterWrites();
  const certParam = writes[certs[0][0]];
  const aclParam = writes[acls[0][0]];
  if (!certParam || !aclParam) return `SSM writes in ${region}: ${JSON.stringify(writes)}`;
  const distributions = ofType(resources, 'AWS::CloudFront::Distribution');
  if (distributions.length !== 1) return `${distributions.length} distributions in ${stackName}`;
  const config = distributions[0][1].Properties.DistributionConfig;
  const problems = [];
  if ((config.ViewerCertificate || {}).AcmCertificateArn !== `{{resolve:ssm:${certParam}}}`) problems.push(`certificate ${JSON.stringify(config.ViewerCertificate)}`);
  if (config.WebACLId !== `{{resolve:ssm:${aclParam}}}`) problems.push(`web ACL ${JSON.stringify(config.WebACLId)}`);
  if (!(config.Aliases || []).includes(domainName)) problems.push(`aliases ${config.Aliases}`);
  return problems.length ? problems.join('; ') : undefined;
});

// ------------------------------------------------------------ blue/green
const services = ofType(resources, 'AWS::ECS::Service');
check(`${stackName}: ${wantServices} ECS services; every load-balanced one deploys BLUE_GREEN on ECS (bake ${bakeTime} min, a green target group per rule)`, () => {
  if (services.length !== wantServices) return `found ${services.length}`;
  const balanced = services.filter(([, s]) => (s.Properties.LoadBalancers || []).length);
  if (balanced.length < 2) return `${balanced.length} load-balanced services`;
  const bad = balanced.filter(([, s]) => {
    const p = s.Properties;
    const d = p.DeploymentConfiguration || {};
    const green = p.LoadBalancers.every((lb) => {
      const a = lb.AdvancedConfiguration || {};
      return refOf(a.AlternateTargetGroupArn) && refOf(a.AlternateTargetGroupArn) !== refOf(lb.TargetGroupArn) &&
        refOf(a.ProductionListenerRule) && a.RoleArn;
    });
    return !(d.Strategy === 'BLUE_GREEN' && d.BakeTimeInMinutes === bakeTime && (p.DeploymentController || {}).Type === 'ECS' && green);
  });
  return bad.length ? `not on ${bad.map(([id]) => id).join(', ')}` : undefined;
});

// ------------------------------------------------------------ migrations
/** Whether `from` reaches `to` through DependsOn, Ref or Fn::GetAtt. */
function reaches(from, to, seen = new Set()) {
  if (from === to) return true;
  if (seen.has(from) || !resources[from]) return false;
  seen.add(from);
  const r = resources[from];
  const next = new Set([].concat(r.DependsOn || []));
  JSON.stringify(r.Properties || {}, (k, v) => {
    if (k === 'Ref' && typeof v === 'string') next.add(v);
    if (k === 'Fn::GetAtt' && Array.isArray(v)) next.add(v[0]);
    return v;
  });
  return [...next].some((n) => reaches(n, to, seen));
}

const containersOf = (id) => ((resources[id] || {}).Properties || {}).ContainerDefinitions || [];
const taskDefinitionOf = ([, s]) => refOf(s.Properties.TaskDefinition);
const backendId = (services.find(([id]) => /Backend/.test(id)) || [])[0];
const workerId = (services.find(([id]) => /Worker/.test(id)) || [])[0];
check(`${stackName}: a Custom::ShopMigration runs the backend's image (npx medusa db:migrate) before the backend's and the worker's services`, () => {
  const runs = ofType(resources, 'Custom::ShopMigration');
  if (runs.length !== 1) return `${runs.length} migration runs`;
  const [runId, run] = runs[0];
  const migration = containersOf(refOf(run.Properties.TaskDefinitionArn)).find((c) => c.Essential !== false);
  const backendImage = (containersOf(taskDefinitionOf(services.find(([id]) => id === backendId))).find((c) => c.Essential !== false) || {}).Image;
  if (!migration || JSON.stringify(migration.Image) !== JSON.stringify(backendImage)) return `migration image ${JSON.stringify(migration && migration.Image)}, backend ${JSON.stringify(backendImage)}`;
  if (JSON.stringify(migration.Command || migration.EntryPoint || []).indexOf('db:migrate') < 0) return `command ${JSON.stringify(migration.Command)}`;
  const waiting = [backendId, workerId].filter(Boolean);
  if (waiting.length !== 2) return `services ${services.map(([id]) => id).join(', ')}`;
  const early = waiting.filter((id) => !reaches(id, runId));
  return early.length ? `${early.join(', ')} do not wait for ${runId}` : undefined;
});

// ------------------------------------------------------------ tracing
check(`${stackName}: every service's task runs the ADOT collector sidecar (not essential); the app containers send OTLP to it; the task roles may write X-Ray traces`, () => {
  const problems = [];
  for (const service of services) {
    const containers = containersOf(taskDefinitionOf(service));
    const collector = containers.find((c) => typeof c.Image === 'string' && /aws-otel-collector/.test(c.Image));
    const app = containers.find((c) => c.Essential !== false);
    const env = Object.fromEntries(((app || {}).Environment || []).map((e) => [e.Name, e.Value]));
    if (!collector || collector.Essential !== false) problems.push(`${service[0]}: no non-essential collector`);
    if (!/^http:\/\/localhost:4318$/.test(env.OTEL_EXPORTER_OTLP_ENDPOINT || '') || !env.OTEL_TRACES_SAMPLER_ARG) {
      problems.push(`${service[0]}: OTEL_EXPORTER_OTLP_ENDPOINT ${env.OTEL_EXPORTER_OTLP_ENDPOINT}`);
    }
    const taskRole = refOf(resources[taskDefinitionOf(service)].Properties.TaskRoleArn);
    const xray = ofType(resources, 'AWS::IAM::Policy').some(([, p]) =>
      (p.Properties.Roles || []).some((r) => refOf(r) === taskRole) &&
      p.Properties.PolicyDocument.Statement.some((s) => [].concat(s.Action).includes('xray:PutTraceSegments')));
    if (!xray) problems.push(`${service[0]}: task role ${taskRole} may not put trace segments`);
  }
  return problems.length ? problems.join('; ') : undefined;
});

// ------------------------------------------------------------ origin lock
check(`${stackName}: no security group admits 0.0.0.0/0 or ::/0; the load balancer admits the CloudFront prefix list on 443 only`, () => {
  const open = [];
  const ingress = [];
  for (const [id, g] of ofType(resources, 'AWS::EC2::SecurityGroup')) {
    for (const rule of g.Properties.SecurityGroupIngress || []) ingress.push([id, rule]);
  }
  for (const [, r] of ofType(resources, 'AWS::EC2::SecurityGroupIngress')) ingress.push([refOf(r.Properties.GroupId), r.Properties]);
  for (const [id, rule] of ingress) if (rule.CidrIp === '0.0.0.0/0' || rule.CidrIpv6 === '::/0') open.push(id);
  const lb = ofType(resources, 'AWS::ElasticLoadBalancingV2::LoadBalancer')[0];
  const lbGroups = ((lb && lb[1].Properties.SecurityGroups) || []).map(refOf);
  const lbRules = ingress.filter(([id]) => lbGroups.includes(id)).map(([, r]) => r);
  const onlyPrefixList = lbRules.length === 1 && lbRules[0].SourcePrefixListId && lbRules[0].FromPort === 443 && lbRules[0].ToPort === 443;
  if (open.length) return `open to the internet: ${open.join(', ')}`;
  return onlyPrefixList ? undefined : `load balancer ingress ${JSON.stringify(lbRules)}`;
});

// ------------------------------------------------------------ observability (issue 12)
const alarms = ofType(resources, 'AWS::CloudWatch::Alarm');
const observed = alarms.filter(([id]) => /^Observability/.test(id));
check(`${stackName}: a ShopObservability: one dashboard, tier and shop-is-down composites, the e-mail subscribed, every alarm notifying on ALARM and OK`, () => {
  const dashboards = ofType(resources, 'AWS::CloudWatch::Dashboard');
  if (dashboards.length !== 1) return `${dashboards.length} dashboards`;
  const composites = ofType(resources, 'AWS::CloudWatch::CompositeAlarm');
  if (composites.length < 2) return `${composites.length} composite alarms`;
  const mail = ofType(resources, 'AWS::SNS::Subscription').filter(([, r]) => r.Properties.Protocol === 'email');
  if (mail.length !== 1 || mail[0][1].Properties.Endpoint !== 'ops@example.com') return `e-mail subscriptions ${JSON.stringify(mail)}`;
  if (observed.length < 10) return `${observed.length} alarms of the observability`;
  // a part of a long rule (a composite another composite's rule names) notifies through its parent
  const nested = composites.filter(([id]) => composites.some(([other, r]) => other !== id && JSON.stringify(r.Properties.AlarmRule).includes(`"${id}"`)));
  if (nested.length === composites.length) return 'every composite is nested in another';
  const notifying = [...observed, ...composites.filter((c) => !nested.includes(c))];
  const silent = notifying.filter(([, r]) => !(r.Properties.AlarmActions || []).length || !(r.Properties.OKActions || []).length);
  return silent.length ? `no alarm or OK actions on ${silent.map(([id]) => id).join(', ')}` : undefined;
});

check(`${stackName}: the response-time override reached the alarms (threshold 2 s); every ECS service has alarms; no alarm on CloudFront's us-east-1 metrics from ${region}`, () => {
  const p99 = alarms.filter(([, r]) => JSON.stringify(r.Properties).includes('TargetResponseTime') && JSON.stringify(r.Properties).includes('p99'));
  if (!p99.length || p99.some(([, r]) => r.Properties.Threshold !== 2)) return `response-time thresholds ${p99.map(([, r]) => r.Properties.Threshold)}`;
  const text = (r) => JSON.stringify(r.Properties);
  const unwatched = services.filter(([id]) => !observed.some(([, r]) => text(r).includes(`"${id}","Name"`)));
  if (unwatched.length) return `no alarm on ${unwatched.map(([id]) => id).join(', ')}`;
  const cloudFront = alarms.filter(([, r]) => text(r).includes('AWS/CloudFront'));
  return cloudFront.length ? `CloudFront alarms in ${region}: ${cloudFront.map(([id]) => id).join(', ')}` : undefined;
});

// ------------------------------------------------------------ cost reports, default rules
check(`${stackName} and its us-east-1 stack: cost reports (the shop's prices X-Ray traces and the WAF is in us-east-1's)`, () => {
  const cost = (name) => JSON.parse(fs.readFileSync(path.join(cdkOut, `${name}.cost.json`), 'utf-8'));
  const shop = cost(stackName);
  const east = cost(companion);
  if (!(shop.totalMonthlyUsd > 0) || !(east.totalMonthlyUsd > 0)) return `totals ${shop.totalMonthlyUsd}, ${east.totalMonthlyUsd}`;
  if (!(shop.lines || []).some((l) => /X-Ray/.test(l.description))) return 'no X-Ray line in the shop\'s report';
  return (east.lines || []).some((l) => l.type === 'AWS::WAFv2::WebACL') ? undefined : 'no web ACL line in the us-east-1 report';
});

if (report) {
  check(`${stackName} and its us-east-1 stack: 0 findings of aws-cdk-lib's default rules (validateAgainstDefaultRules)`, () => {
    if (!fs.existsSync(report)) return `no ${report}`;
    const violations = [stackName, companion].flatMap((name) => readFindings(report, name).violations);
    return violations.length ? [...new Set(violations)].join('\n  ') : undefined;
  });
}

process.exit(failed() ? 1 : 0);
