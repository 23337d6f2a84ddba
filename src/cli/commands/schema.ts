import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { agreementSchema } from '../../language/index.js';
import { findingsDocumentSchema, kindParamSchemas } from '../../verify/index.js';
import { parse } from '../args.js';

/** The JSON Schemas, generated from the same zod schemas the code validates with. */
export function jsonSchemas(): Record<string, object> {
  const agreement = z.toJSONSchema(agreementSchema(kindParamSchemas()), { io: 'input', unrepresentable: 'any' });
  const findings = z.toJSONSchema(findingsDocumentSchema, { unrepresentable: 'any' });
  return {
    'agreement.schema.json': { ...agreement, $id: 'https://redline.invalid/schema/agreement.schema.json', title: 'Redline agreement file' },
    'findings.schema.json': { ...findings, $id: 'https://redline.invalid/schema/findings.schema.json', title: 'Redline findings (check --format json)' },
  };
}

export function schemaCommand(argv: string[]): number {
  const { values } = parse(argv, { write: { type: 'string' } }, false);
  const schemas = jsonSchemas();
  if (!values.write) {
    console.log(JSON.stringify(schemas, null, 2));
    return 0;
  }
  mkdirSync(values.write, { recursive: true });
  for (const [name, s] of Object.entries(schemas)) {
    writeFileSync(join(values.write, name), `${JSON.stringify(s, null, 2)}\n`);
    console.log(`wrote ${join(values.write, name)}`);
  }
  return 0;
}
