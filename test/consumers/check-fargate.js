#!/usr/bin/env node
// Checks a consumer app's FargateShop stack (examples.json id "fargateShop"): its template (the
// services, their rollback on a failed deployment, Fargate Spot on ARM64, the listener's path
// rules, secrets only as ECS secrets, retained state), its cost report and that aws-cdk-lib's
// default-rule validation found nothing in it.
//
// Usage: node check-fargate.js <template.json> --label <label> --services <n> --paths <p1,p2,...>
//          [--validation-report <file>]
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
const label = opt('label') || 'fargate';
const wantServices = Number(opt('services'));
const wantPaths = (opt('paths') || '').split(',').filter(Boolean);
const report = opt('validation-report');
const stackName = path.basename(file).replace(/\.template\.json$/, '');
const { check, failed } = checker(label);

let resources = {};
check(`${stackName}: template exists`, () => {
  resources = JSON.parse(fs.readFileSync(file, 'utf-8')).Resources || {};
  return Object.keys(resources).length ? undefined : 'no resources';
});
const ofType = (type) => Object.entries(resources).filter(([, r]) => r.Type === type);
const services = ofType('AWS::ECS::Service');

check(`${stackName}: ${wantServices} ECS services`, () =>
  services.length === wantServices ? undefined : `found ${services.length}`);

check(`${stackName}: every service rolls back on the circuit breaker and on its deployment alarms (literal names)`, () => {
  const bad = services.filter(([, s]) => {
    const d = (s.Properties || {}).DeploymentConfiguration || {};
    const cb = d.DeploymentCircuitBreaker || {};
    const alarms = d.Alarms || {};
    const names = alarms.AlarmNames || [];
    return !(cb.Enable && cb.Rollback && alarms.Enable && alarms.Rollback && names.length >= 2 &&
      names.every((n) => typeof n === 'string') && d.MinimumHealthyPercent === 100);
  });
  return services.length && !bad.length ? undefined : `not on ${bad.map(([id]) => id).join(', ') || 'any service'}`;
});

check(`${stackName}: every service on Fargate Spot in private subnets, every task on ARM64`, () => {
  const notSpot = services.filter(([, s]) => {
    const p = s.Properties || {};
    const spot = (p.CapacityProviderStrategy || []).some((c) => c.CapacityProvider === 'FARGATE_SPOT' && c.Weight > 0);
    return !spot || p.LaunchType || ((p.NetworkConfiguration || {}).AwsvpcConfiguration || {}).AssignPublicIp !== 'DISABLED';
  });
  const notArm = ofType('AWS::ECS::TaskDefinition').filter(
    ([, t]) => ((t.Properties || {}).RuntimePlatform || {}).CpuArchitecture !== 'ARM64');
  const problems = [...notSpot.map(([id]) => `${id} not Spot/private`), ...notArm.map(([id]) => `${id} not ARM64`)];
  return problems.length ? problems.join('; ') : undefined;
});

check(`${stackName}: listener rules route ${wantPaths.join(' ')} and the default action forwards`, () => {
  const patterns = ofType('AWS::ElasticLoadBalancingV2::ListenerRule').flatMap(([, r]) =>
    (r.Properties.Conditions || []).flatMap((c) => (c.PathPatternConfig || {}).Values || c.Values || []));
  const missing = wantPaths.filter((p) => !patterns.includes(p));
  const priorities = ofType('AWS::ElasticLoadBalancingV2::ListenerRule').map(([, r]) => r.Properties.Priority);
  const forwards = ofType('AWS::ElasticLoadBalancingV2::Listener').some(([, l]) =>
    (l.Properties.DefaultActions || []).some((a) => a.Type === 'forward' && a.TargetGroupArn));
  if (missing.length) return `no rule for ${missing.join(', ')} (rules: ${patterns.join(' ')})`;
  if (new Set(priorities).size !== priorities.length) return `duplicate priorities ${priorities.join(',')}`;
  return forwards ? undefined : 'no listener forwards by default';
});

check(`${stackName}: no secret-looking plain environment variable; the database URL's parts are ECS secrets`, () => {
  const containers = ofType('AWS::ECS::TaskDefinition').flatMap(([, t]) => t.Properties.ContainerDefinitions || []);
  const plain = containers.flatMap((c) => (c.Environment || []).map((e) => e.Name))
    .filter((n) => /PASSWORD|SECRET|TOKEN|DATABASE_URL|REDIS_URL/.test(n));
  const secrets = containers.flatMap((c) => (c.Secrets || []).map((s) => s.Name));
  if (plain.length) return `plain: ${plain.join(', ')}`;
  return secrets.some((n) => /PASSWORD/.test(n)) ? undefined : `no password secret (secrets: ${secrets.join(', ')})`;
});

check(`${stackName}: the database, its secret, the access-log bucket and the log groups are retained`, () => {
  const kept = (r) => ['Retain', 'Snapshot', 'RetainExceptOnCreate'].includes(r.DeletionPolicy);
  const types = ['AWS::RDS::DBInstance', 'AWS::SecretsManager::Secret', 'AWS::S3::Bucket', 'AWS::Logs::LogGroup'];
  const missing = types.filter((t) => !ofType(t).length);
  const deleted = types.flatMap(ofType).filter(([, r]) => !kept(r)).map(([id]) => id);
  if (missing.length) return `none of ${missing.join(', ')}`;
  return deleted.length ? `deleted with the stack: ${deleted.join(', ')}` : undefined;
});

check(`${stackName}: cost report prices the Fargate services`, () => {
  const cost = JSON.parse(fs.readFileSync(file.replace(/\.template\.json$/, '.cost.json'), 'utf-8'));
  const fargate = (cost.lines || []).filter((l) => l.type === 'AWS::ECS::Service' && /Fargate/.test(l.description));
  if (!(cost.totalMonthlyUsd > 0)) return `total ${cost.totalMonthlyUsd}`;
  return fargate.length === 2 * wantServices ? undefined : `${fargate.length} Fargate lines, expected ${2 * wantServices}`;
});

if (report) {
  check(`${stackName}: 0 findings of aws-cdk-lib's default rules (validateAgainstDefaultRules)`, () => {
    if (!fs.existsSync(report)) return `no ${report}`;
    const { violations } = readFindings(report, stackName);
    return violations.length ? violations.join('\n  ') : undefined;
  });
}

process.exit(failed() ? 1 : 0);
