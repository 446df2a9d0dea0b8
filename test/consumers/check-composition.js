#!/usr/bin/env node
// Checks the composition stack of test/consumers/typescript/app.ts: the container command built
// from databaseUrlTemplate() and redisUrlTemplate() reached the template with `$VAR` references
// (no `${VAR}` outside Fn::Sub), the passwords are ECS secrets (not environment values), and the
// database and cache security groups admit literal ports.
// Usage: node check-composition.js <template.json> [--label name]
'use strict';
const fs = require('fs');
const { checker } = require('./checks');

const templatePath = process.argv[2];
const label = process.argv[4] || 'composition';
const { check, failed } = checker(label);
const resources = JSON.parse(fs.readFileSync(templatePath, 'utf8')).Resources;
const ofType = (type) => Object.values(resources).filter((r) => r.Type === type);

/** The literal text of a command element: strings and the string parts of an Fn::Join. */
const literalText = (value) => {
  if (typeof value === 'string') return value;
  if (value && value['Fn::Join']) return value['Fn::Join'][1].map((part) => (typeof part === 'string' ? part : '<ref>')).join('');
  return '';
};

const container = (ofType('AWS::ECS::TaskDefinition')[0] || { Properties: {} }).Properties.ContainerDefinitions?.[0] ?? {};
const command = (container.Command || []).map(literalText).join(' ');

check('the command builds DATABASE_URL from $DATABASE_PASSWORD', () =>
  /DATABASE_URL="postgres:\/\/[a-z_]+:\$DATABASE_PASSWORD@<ref>:5432\//.test(command) ? undefined : `command is ${command}`);
check('the command builds REDIS_URL from $REDIS_PASSWORD', () =>
  /REDIS_URL="rediss:\/\/default:\$REDIS_PASSWORD@<ref>:6379"/.test(command) ? undefined : `command is ${command}`);
check('no ${VAR} text outside Fn::Sub in the command', () =>
  /\$\{[A-Za-z_]+\}/.test(command) ? `command is ${command}` : undefined);
check('the passwords are ECS secrets, not environment values', () => {
  const secrets = (container.Secrets || []).map((s) => s.Name).sort().join(',');
  if (secrets !== 'DATABASE_PASSWORD,REDIS_PASSWORD') return `secrets are ${secrets}`;
  const env = (container.Environment || []).map((e) => e.Name);
  return env.some((n) => /PASSWORD/.test(n)) ? `environment has ${env}` : undefined;
});
check('database and cache ingress rules use literal ports', () => {
  const rules = ofType('AWS::EC2::SecurityGroupIngress').map((r) => r.Properties);
  const ports = rules.map((p) => p.FromPort).filter((p) => p === 5432 || p === 6379);
  const tokens = rules.filter((p) => typeof p.FromPort !== 'number' && !JSON.stringify(p).includes('Rotation'));
  if (tokens.length > 0) return `token ports: ${JSON.stringify(tokens)}`;
  return ports.length === 0 ? 'no ingress rule on 5432 or 6379' : undefined;
});
process.exitCode = failed() > 0 ? 1 : 0;
