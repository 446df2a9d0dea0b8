#!/usr/bin/env node
// Checks a CloudFormation template synthesized by a consumer app that uses ShopNetwork.
//
// Usage:
//   node check-template.js <template.json> --cidr 10.0.0.0/16 --nat gateway:1 --subnets 6 \
//     [--validation-report <cdk.out/validation-report.json> [--stack <stack name>]] [--label name]
//
// --nat is <gateway|instance>:<count>.
// Prints one line per check, "PASS <label>: <check>" or "FAIL <label>: <check>: <why>", and
// exits 1 if any check failed. scripts/consumers.sh counts these lines.
'use strict';
const fs = require('fs');
const { checker } = require('./checks');
const { readFindings } = require('./validation-report');

function parseArgs(argv) {
  const args = { template: undefined, cidr: '10.0.0.0/16', nat: 'gateway:1', subnets: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const key = a.slice(2).replace(/-([a-z])/g, (_, c) => c.toUpperCase());
      const value = argv[++i];
      if (value === undefined) throw new Error(`missing value for ${a}`);
      args[key] = value;
    } else if (!args.template) {
      args.template = a;
    } else {
      throw new Error(`unexpected argument ${a}`);
    }
  }
  if (!args.template) throw new Error('usage: check-template.js <template.json> [--cidr C] [--nat gateway:N|instance:N] [--subnets N]');
  const [natType, natCount] = String(args.nat).split(':');
  if (!['gateway', 'instance'].includes(natType) || !/^\d+$/.test(natCount ?? '')) {
    throw new Error(`--nat must be gateway:N or instance:N, not ${args.nat}`);
  }
  args.natType = natType;
  args.natCount = Number(natCount);
  if (args.subnets !== undefined) args.subnets = Number(args.subnets);
  args.label = args.label ?? args.template;
  return args;
}

const args = parseArgs(process.argv.slice(2));
const { check, failed } = checker(args.label);

let template;
check('template is readable JSON', () => {
  template = JSON.parse(fs.readFileSync(args.template, 'utf-8'));
  return template.Resources ? undefined : 'no Resources section';
});
const resources = Object.entries((template && template.Resources) || {});
const ofType = (type) => resources.filter(([, r]) => r.Type === type);
const refersTo = (value, logicalId) => JSON.stringify(value) === JSON.stringify({ Ref: logicalId });

const vpcs = ofType('AWS::EC2::VPC');
const vpcId = vpcs.length === 1 ? vpcs[0][0] : undefined;

check(`one AWS::EC2::VPC with CidrBlock ${args.cidr}`, () => {
  if (vpcs.length !== 1) return `found ${vpcs.length} VPCs`;
  const cidr = vpcs[0][1].Properties && vpcs[0][1].Properties.CidrBlock;
  return cidr === args.cidr ? undefined : `CidrBlock is ${JSON.stringify(cidr)}`;
});

check('an AWS::EC2::FlowLog on the VPC', () => {
  const logs = ofType('AWS::EC2::FlowLog').filter(
    ([, r]) => r.Properties && r.Properties.ResourceType === 'VPC' && refersTo(r.Properties.ResourceId, vpcId),
  );
  return logs.length >= 1 ? undefined : `found ${ofType('AWS::EC2::FlowLog').length} flow logs, none on VPC ${vpcId}`;
});

check('an S3 gateway AWS::EC2::VPCEndpoint in the VPC', () => {
  const endpoints = ofType('AWS::EC2::VPCEndpoint').filter(([, r]) => {
    const p = r.Properties || {};
    const gateway = p.VpcEndpointType === undefined || p.VpcEndpointType === 'Gateway';
    return gateway && refersTo(p.VpcId, vpcId) && /\.s3"/.test(JSON.stringify(p.ServiceName));
  });
  return endpoints.length === 1 ? undefined : `found ${endpoints.length} S3 gateway endpoints`;
});

check(`${args.natCount} NAT ${args.natType === 'gateway' ? 'gateway(s)' : 'instance(s)'} and no NAT of the other kind`, () => {
  const gateways = ofType('AWS::EC2::NatGateway').length;
  // NAT instances forward traffic: CDK sets SourceDestCheck false on them.
  const instances = ofType('AWS::EC2::Instance').filter(
    ([, r]) => r.Properties && r.Properties.SourceDestCheck === false,
  ).length;
  const [want, other] = args.natType === 'gateway' ? [gateways, instances] : [instances, gateways];
  if (want !== args.natCount || other !== 0) {
    return `found ${gateways} AWS::EC2::NatGateway and ${instances} NAT AWS::EC2::Instance`;
  }
  return undefined;
});

if (args.subnets !== undefined) {
  check(`${args.subnets} AWS::EC2::Subnet in the VPC`, () => {
    const subnets = ofType('AWS::EC2::Subnet');
    const inVpc = subnets.filter(([, r]) => refersTo(r.Properties && r.Properties.VpcId, vpcId));
    return inVpc.length === args.subnets && subnets.length === args.subnets
      ? undefined
      : `found ${subnets.length} subnets, ${inVpc.length} in the VPC`;
  });
}

if (args.validationReport) {
  // Errors already fail synth with @aws-cdk/core:validateAgainstDefaultRules; this also
  // catches warnings, which users of the newest aws-cdk-lib see on every synth.
  // With --stack, only that stack's findings count (the report covers the whole app).
  check(`no findings (errors or warnings) in aws-cdk-lib's validation report${args.stack ? ` for ${args.stack}` : ''}`, () => {
    const { violations } = readFindings(args.validationReport, args.stack);
    return violations.length === 0 ? undefined : `${violations.length} finding(s):\n  ${violations.join('\n  ')}`;
  });
}

process.exit(failed() ? 1 : 0);
