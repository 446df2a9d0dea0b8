import { Template } from 'aws-cdk-lib/assertions';

/** What the deployed stack would hold: attribute values and secret values. */
export interface DeployedValues {
  /** The region deployed to: `AWS::Region`, and secret ARNs. */
  readonly region: string;
  /** The value of `Fn::GetAtt [logicalId, attribute]`, or undefined when the test does not expect it. */
  attribute(logicalId: string, attribute: string): string | undefined;
  /** The value ECS reads from Secrets Manager for a secret resource and an optional JSON key. */
  secret(logicalId: string, type: string, jsonKey: string | undefined): string;
}

/** A container as it starts: its variables, and its entry point and command with values filled in. */
export interface StartedContainer {
  readonly environment: Record<string, string>;
  readonly entryPoint: string[];
}

/**
 * Resolves a container definition of `template` as CloudFormation and then ECS would at task
 * start: intrinsic functions filled in (`Fn::Join`, `Fn::GetAtt`, `Ref` to a secret as its ARN),
 * and each secret's `ValueFrom` read as ECS does (`arn[:json-key::]`). Anything else is an error, so the test sees every reference it must fake.
 */
export function startContainer(
  template: Template,
  definition: any,
  deployed: DeployedValues,
): StartedContainer {
  const resources = template.toJSON().Resources;
  const resolve = (value: any): string => {
    if (typeof value === 'string') return value;
    if (value['Fn::Join']) {
      const [separator, parts] = value['Fn::Join'];
      return parts.map(resolve).join(separator);
    }
    if (value['Fn::GetAtt']) {
      const [id, name] = value['Fn::GetAtt'];
      const found = deployed.attribute(id, name);
      if (found !== undefined) return found;
    }
    if (value.Ref === 'AWS::Region') return deployed.region;
    if (value.Ref && resources[value.Ref]) {
      return `arn:aws:secretsmanager:${deployed.region}:111111111111:secret:${value.Ref}`;
    }
    throw new Error(`unexpected reference ${JSON.stringify(value)}`);
  };
  const environment: Record<string, string> = {};
  for (const e of definition.Environment ?? []) environment[e.Name] = resolve(e.Value);
  for (const s of definition.Secrets ?? []) {
    const [arn, key] = resolve(s.ValueFrom).split(/:(?=[A-Za-z_]*::$)/);
    const id = arn.split(':secret:')[1];
    environment[s.Name] = deployed.secret(id, resources[id].Type, key?.replace(/::$/, ''));
  }
  return { environment, entryPoint: (definition.EntryPoint ?? []).map(resolve) };
}
