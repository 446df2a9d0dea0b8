import * as zlib from 'zlib';
import { Template } from 'aws-cdk-lib/assertions';

/**
 * The user data of the only instance in a template, with every CloudFormation reference
 * written as `${LogicalId}` or `${LogicalId.Attribute}` so tests can read it as text.
 */
export function userDataOf(template: Template): string {
  const instances = Object.values(template.findResources('AWS::EC2::Instance'));
  if (instances.length !== 1) throw new Error(`expected one instance, found ${instances.length}`);
  return flatten((instances[0] as any).Properties.UserData['Fn::Base64']);
}

function flatten(value: any): string {
  if (typeof value === 'string') return value;
  if (value.Ref) return '${' + value.Ref + '}';
  if (value['Fn::GetAtt']) return '${' + value['Fn::GetAtt'].join('.') + '}';
  if (value['Fn::Join']) return value['Fn::Join'][1].map(flatten).join(value['Fn::Join'][0]);
  if (typeof value['Fn::Sub'] === 'string') return value['Fn::Sub'];
  if (value['Fn::Select']) return '${Select}';
  if (value['Fn::Split']) return '${Split}';
  throw new Error(`cannot flatten ${JSON.stringify(value)}`);
}

/** The files of a cloud-config's write_files, decoded. */
export function writtenFiles(userData: string): Map<string, string> {
  const files = new Map<string, string>();
  const entries = userData.split(/\n  - path: /).slice(1);
  for (const entry of entries) {
    const filePath = entry.split('\n')[0];
    const encoded = /\n {4}encoding: gz\+b64\n {4}content: (\S+)/.exec(entry);
    if (encoded) {
      files.set(filePath, zlib.gunzipSync(Buffer.from(encoded[1], 'base64')).toString());
    } else {
      const block = entry.split('\n    content: |\n')[1].split(/\nruncmd:/)[0];
      files.set(
        filePath,
        block
          .split('\n')
          .map((l) => l.replace(/^ {6}/, ''))
          .join('\n'),
      );
    }
  }
  return files;
}
