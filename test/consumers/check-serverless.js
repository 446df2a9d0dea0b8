#!/usr/bin/env node
// Checks a consumer app's ServerlessShop stack (examples.json checks "serverless"): one CloudFront
// distribution with the storefront bucket by default and /api/* to the execute-api endpoint (a
// REST API's stage as the origin path), exactly the listed routes with a JWT (HTTP) or Cognito
// (REST) authorizer on exactly the protected ones, every route's function on ARM64, the tables on
// demand with PITR, deletion protection, encryption and Retain, no NAT (with a database: the VPC's
// DynamoDB and S3 gateway endpoints, PostgreSQL behind an RDS Proxy with IAM auth and TLS, only the
// database routes in the VPC, no password in an environment), the cost report, and 0 findings of
// aws-cdk-lib's default rules.
//
// Usage: node check-serverless.js <template.json> --label <label> --api-type <HTTP|REST>
//          --routes <'GET /api/x,POST /api/y'> --protected <routes> --tables <n>
//          [--database-routes <routes>] [--expected <costs.json> --expected-cost <key>]
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
const list = (name) => (opt(name) || '').split(',').map((s) => s.trim()).filter(Boolean);
const label = opt('label') || 'serverless';
const apiType = opt('api-type') || 'HTTP';
const wantRoutes = list('routes').sort();
const wantProtected = list('protected').sort();
const wantDatabaseRoutes = list('database-routes').sort();
const wantTables = Number(opt('tables'));
const report = opt('validation-report');
const stackName = path.basename(file).replace(/\.template\.json$/, '');
const { check, failed } = checker(label);

let resources = {};
check(`${stackName}: template exists`, () => {
  resources = JSON.parse(fs.readFileSync(file, 'utf-8')).Resources || {};
  return Object.keys(resources).length ? undefined : 'no resources';
});
const ofType = (type) => Object.entries(resources).filter(([, r]) => r.Type === type);
const props = (id) => (resources[id] && resources[id].Properties) || {};
const refOf = (v) => (v && (v.Ref || (v['Fn::GetAtt'] && v['Fn::GetAtt'][0]))) || undefined;
/** Every logical ID a value refers to (Ref, Fn::GetAtt), however deep. */
const refsIn = (v) => {
  if (!v || typeof v !== 'object') return [];
  if (Array.isArray(v)) return v.flatMap(refsIn);
  return [refOf(v), ...Object.values(v).flatMap(refsIn)].filter((x) => typeof x === 'string');
};
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

// ---------------------------------------------------------------- the API's routes
const apiIds = ofType(apiType === 'REST' ? 'AWS::ApiGateway::RestApi' : 'AWS::ApiGatewayV2::Api').map(([id]) => id);
/** route key -> { auth, authorizer, fn } */
const routes = {};
if (apiType === 'REST') {
  const pathOf = (resourceId) => {
    if (!resourceId) return '';
    const p = props(resourceId);
    return `${pathOf(refOf(p.ParentId) === apiIds[0] ? undefined : refOf(p.ParentId))}/${p.PathPart}`;
  };
  for (const [, m] of ofType('AWS::ApiGateway::Method')) {
    const p = m.Properties;
    const resourcePath = refOf(p.ResourceId) === apiIds[0] ? '/' : pathOf(refOf(p.ResourceId));
    routes[`${p.HttpMethod} ${resourcePath}`] = {
      auth: p.AuthorizationType,
      authorizer: refOf(p.AuthorizerId),
      fn: refsIn((p.Integration || {}).Uri).find((id) => (resources[id] || {}).Type === 'AWS::Lambda::Function'),
    };
  }
} else {
  for (const [, r] of ofType('AWS::ApiGatewayV2::Route')) {
    const p = r.Properties;
    const integration = refsIn(p.Target).find((id) => (resources[id] || {}).Type === 'AWS::ApiGatewayV2::Integration');
    routes[p.RouteKey] = {
      auth: p.AuthorizationType,
      authorizer: refOf(p.AuthorizerId),
      fn: refsIn(props(integration).IntegrationUri).find((id) => (resources[id] || {}).Type === 'AWS::Lambda::Function'),
    };
  }
}

check(`${stackName}: one ${apiType} API with exactly the routes ${wantRoutes.join(', ')}, each to a Lambda function`, () => {
  const other = ofType(apiType === 'REST' ? 'AWS::ApiGatewayV2::Api' : 'AWS::ApiGateway::RestApi');
  if (apiIds.length !== 1 || other.length) return `${apiIds.length} ${apiType} APIs, ${other.length} of the other kind`;
  if (apiType === 'HTTP' && props(apiIds[0]).ProtocolType !== 'HTTP') return `ProtocolType ${props(apiIds[0]).ProtocolType}`;
  const got = Object.keys(routes).sort();
  if (!same(got, wantRoutes)) return `routes ${got.join(', ')}`;
  const noFunction = got.filter((k) => !routes[k].fn);
  return noFunction.length ? `no function behind ${noFunction.join(', ')}` : undefined;
});

const authType = apiType === 'REST' ? 'COGNITO_USER_POOLS' : 'JWT';
check(`${stackName}: one ${authType} authorizer of the customers' user pool on exactly ${wantProtected.join(', ')}`, () => {
  const authorizers = ofType(apiType === 'REST' ? 'AWS::ApiGateway::Authorizer' : 'AWS::ApiGatewayV2::Authorizer');
  if (authorizers.length !== 1) return `${authorizers.length} authorizers`;
  const [authorizerId, a] = authorizers[0];
  const pools = ofType('AWS::Cognito::UserPool').map(([id]) => id);
  const clients = ofType('AWS::Cognito::UserPoolClient').map(([id]) => id);
  if (apiType === 'REST') {
    if (a.Properties.Type !== 'COGNITO_USER_POOLS' || !refsIn(a.Properties.ProviderARNs).some((id) => pools.includes(id))) {
      return `authorizer ${JSON.stringify(a.Properties)}`;
    }
  } else {
    const jwt = a.Properties.JwtConfiguration || {};
    const issuer = JSON.stringify(jwt.Issuer || '');
    if (a.Properties.AuthorizerType !== 'JWT' || !/cognito-idp/.test(issuer) || !refsIn(jwt.Issuer).some((id) => pools.includes(id))) {
      return `issuer ${issuer}`;
    }
    if (!refsIn(jwt.Audience).length || !refsIn(jwt.Audience).every((id) => clients.includes(id))) {
      return `audience ${JSON.stringify(jwt.Audience)} is not the user pool's clients`;
    }
  }
  const guarded = Object.keys(routes).filter((k) => routes[k].auth === authType && routes[k].authorizer === authorizerId).sort();
  const open = Object.keys(routes).filter((k) => !guarded.includes(k) && routes[k].auth !== 'NONE');
  if (open.length) return `${open.join(', ')} neither protected by it nor NONE`;
  return same(guarded, wantProtected) ? undefined : `protected: ${guarded.join(', ') || 'none'}`;
});

check(`${stackName}: every route's function runs on ARM64 (Node.js)${wantDatabaseRoutes.length ? `; only ${wantDatabaseRoutes.join(', ')} in the VPC` : ', none in a VPC'}`, () => {
  const problems = [];
  for (const [key, r] of Object.entries(routes)) {
    const p = props(r.fn);
    if (!same(p.Architectures, ['arm64']) || !/^nodejs/.test(p.Runtime || '')) problems.push(`${key}: ${p.Architectures} ${p.Runtime}`);
    if (Boolean(p.VpcConfig) !== wantDatabaseRoutes.includes(key)) problems.push(`${key}: ${p.VpcConfig ? 'in' : 'not in'} the VPC`);
    const secrets = Object.keys((p.Environment || {}).Variables || {}).filter((n) => /PASSWORD|SECRET/.test(n));
    if (secrets.length) problems.push(`${key}: environment ${secrets.join(', ')}`);
  }
  return problems.length ? problems.join('; ') : undefined;
});

// ---------------------------------------------------------------- the edge
check(`${stackName}: one CloudFront distribution: the storefront bucket by default, /api/* to execute-api${apiType === 'REST' ? ' at the stage' : ''}, /media/* to a bucket`, () => {
  const distributions = ofType('AWS::CloudFront::Distribution');
  if (distributions.length !== 1) return `${distributions.length} distributions`;
  const config = distributions[0][1].Properties.DistributionConfig;
  const origins = Object.fromEntries((config.Origins || []).map((o) => [o.Id, o]));
  const behavior = (pattern) => (config.CacheBehaviors || []).find((b) => b.PathPattern === pattern);
  const isBucket = (o) => o && o.S3OriginConfig && o.OriginAccessControlId &&
    refsIn(o.DomainName).some((id) => (resources[id] || {}).Type === 'AWS::S3::Bucket');
  if (!isBucket(origins[config.DefaultCacheBehavior.TargetOriginId])) return 'the default behavior is not a bucket with OAC';
  const api = behavior('/api/*') && origins[behavior('/api/*').TargetOriginId];
  const domain = JSON.stringify(api && api.DomainName);
  if (!api || !/\.execute-api\./.test(domain) || !refsIn(api.DomainName).includes(apiIds[0])) return `/api/* goes to ${domain}`;
  if ((api.CustomOriginConfig || {}).OriginProtocolPolicy !== 'https-only') return '/api/* origin not HTTPS only';
  if (apiType === 'REST') {
    const stages = ofType('AWS::ApiGateway::Stage').map(([, s]) => `/${s.Properties.StageName}`);
    if (stages.length !== 1 || api.OriginPath !== stages[0]) return `origin path ${api.OriginPath}, stages ${stages.join(', ')}`;
  } else if (api.OriginPath) {
    return `origin path ${api.OriginPath} on an HTTP API's $default stage`;
  }
  if (!behavior('/media/*') || !isBucket(origins[behavior('/media/*').TargetOriginId])) return '/media/* is not a bucket';
  return undefined;
});

// ---------------------------------------------------------------- the tables and the network
check(`${stackName}: ${wantTables} DynamoDB tables, PAY_PER_REQUEST, PITR, deletion protection, SSE, DeletionPolicy and UpdateReplacePolicy Retain`, () => {
  const tables = ofType('AWS::DynamoDB::Table');
  if (tables.length !== wantTables) return `${tables.length} tables`;
  const bad = tables.filter(([, t]) => {
    const p = t.Properties;
    return p.BillingMode !== 'PAY_PER_REQUEST' || !(p.PointInTimeRecoverySpecification || {}).PointInTimeRecoveryEnabled ||
      p.DeletionProtectionEnabled !== true || !(p.SSESpecification || {}).SSEEnabled ||
      t.DeletionPolicy !== 'Retain' || t.UpdateReplacePolicy !== 'Retain';
  });
  return bad.length ? `not so: ${bad.map(([id]) => id).join(', ')}` : undefined;
});

check(`${stackName}: no NAT (no NAT gateway, no instance, no route through either)`, () => {
  const nat = [...ofType('AWS::EC2::NatGateway'), ...ofType('AWS::EC2::Instance')].map(([id]) => id);
  const routesOut = ofType('AWS::EC2::Route').filter(([, r]) =>
    r.Properties.NatGatewayId || r.Properties.InstanceId || r.Properties.NetworkInterfaceId).map(([id]) => id);
  return nat.length || routesOut.length ? `${[...nat, ...routesOut].join(', ')}` : undefined;
});

if (wantDatabaseRoutes.length) {
  check(`${stackName}: the VPC reaches DynamoDB and S3 through gateway endpoints`, () => {
    const gateways = ofType('AWS::EC2::VPCEndpoint')
      .filter(([, e]) => (e.Properties.VpcEndpointType || 'Gateway') === 'Gateway')
      .map(([, e]) => JSON.stringify(e.Properties.ServiceName));
    const missing = ['dynamodb', 's3'].filter((s) => !gateways.some((g) => new RegExp(`\\.${s}"`).test(g)));
    return missing.length ? `no gateway endpoint for ${missing.join(', ')} (${gateways.join(' ')})` : undefined;
  });
  check(`${stackName}: PostgreSQL behind an RDS Proxy with IAM authentication and TLS required, the instance encrypted and kept`, () => {
    const instances = ofType('AWS::RDS::DBInstance');
    const proxies = ofType('AWS::RDS::DBProxy');
    if (instances.length !== 1 || proxies.length !== 1) return `${instances.length} instances, ${proxies.length} proxies`;
    const [, db] = instances[0];
    const proxy = proxies[0][1].Properties;
    if (db.Properties.Engine !== 'postgres' || db.Properties.StorageEncrypted !== true) return `engine ${db.Properties.Engine}, encrypted ${db.Properties.StorageEncrypted}`;
    if (!['Retain', 'Snapshot', 'RetainExceptOnCreate'].includes(db.DeletionPolicy)) return `DeletionPolicy ${db.DeletionPolicy}`;
    const iam = proxy.DefaultAuthScheme === 'IAM_AUTH' || (proxy.Auth || []).every((a) => a.IAMAuth === 'REQUIRED');
    return proxy.EngineFamily === 'POSTGRESQL' && proxy.RequireTLS === true && iam ? undefined : `proxy ${JSON.stringify(proxy).slice(0, 300)}`;
  });
} else {
  check(`${stackName}: no VPC and no database without database routes`, () => {
    const found = [...ofType('AWS::EC2::VPC'), ...ofType('AWS::RDS::DBInstance')].map(([id]) => id);
    return found.length ? found.join(', ') : undefined;
  });
}

// ---------------------------------------------------------------- cost and validation
const cost = (() => {
  try {
    return JSON.parse(fs.readFileSync(file.replace(/\.template\.json$/, '.cost.json'), 'utf-8'));
  } catch {
    return undefined;
  }
})();
check(`${stackName}: cost report prices the ${apiType} API, every route's function, the tables and the user pool${wantDatabaseRoutes.length ? ', the database and its proxy' : ''}`, () => {
  if (!cost) return 'no cost report';
  const lines = cost.lines || [];
  const priced = (type, re) => lines.filter((l) => l.type === type && re.test(l.description) && l.monthlyUsd > 0).length;
  const problems = [];
  const apiLine = apiType === 'REST' ? ['AWS::ApiGateway::RestApi', /REST API requests/] : ['AWS::ApiGatewayV2::Api', /HTTP API requests/];
  if (priced(...apiLine) !== 1) problems.push(`${priced(...apiLine)} ${apiType} API request lines`);
  if (priced('AWS::Lambda::Function', /Lambda arm compute/) < wantRoutes.length) problems.push('not every route function priced on ARM');
  if (priced('AWS::DynamoDB::Table', /on-demand read request units/) !== wantTables) problems.push('tables not priced on demand');
  if (priced('AWS::Cognito::UserPool', /monthly active users/) !== 1) problems.push('no Cognito MAU line');
  if (wantDatabaseRoutes.length) {
    if (!priced('AWS::RDS::DBInstance', /./)) problems.push('no RDS instance line');
    if (!priced('AWS::RDS::DBProxy', /./)) problems.push('no RDS Proxy line');
  }
  // a database's password rotation is a nested application, which the estimator lists apart
  const unpriced = (cost.notPriced || []).filter((n) => n.type !== 'AWS::Serverless::Application');
  if (unpriced.length) problems.push(`not priced: ${unpriced.map((n) => `${n.logicalId || ''} ${n.type}`).join(', ')}`);
  if (!(cost.totalMonthlyUsd > 0)) problems.push(`total ${cost.totalMonthlyUsd}`);
  return problems.length ? problems.join('; ') : undefined;
});

const expectedKey = opt('expected-cost');
if (expectedKey) {
  check(`${stackName}: cost report total before the always-free allowances equals the library's estimate of the example (${expectedKey})`, () => {
    let expected;
    try {
      expected = JSON.parse(fs.readFileSync(opt('expected'), 'utf-8'))[expectedKey];
    } catch {
      // reported below
    }
    if (typeof expected !== 'number') return `no expected total '${expectedKey}' (expected-costs.js failed? ${opt('expected')})`;
    if (!cost) return 'no cost report';
    const listTotal = Math.round((cost.lines || []).filter((l) => !/^always-free allowance: /.test(l.description))
      .reduce((a, l) => a + l.monthlyUsd, 0) * 1e4) / 1e4;
    return listTotal === expected ? undefined : `${listTotal}, the library's estimate of the example is ${expected}`;
  });
}

if (report) {
  check(`${stackName}: 0 findings of aws-cdk-lib's default rules (validateAgainstDefaultRules)`, () => {
    if (!fs.existsSync(report)) return `no ${report}`;
    const { violations } = readFindings(report, stackName);
    return violations.length ? violations.join('\n  ') : undefined;
  });
}

process.exit(failed() ? 1 : 0);
