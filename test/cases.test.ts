import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createGeo } from '../src/geo/index.js';
import { runCase } from '../src/verify/cases.js';
import { kinds } from '../src/verify/kinds/registry.js';

const geo = createGeo();
const files = readdirSync('cases', { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) => readdirSync(join('cases', d.name)).filter((f) => f.endsWith('.yaml')).map((f) => join('cases', d.name, f)))
  .sort();

describe('conformance cases', () => {
  it('finds cases for every kind', () => {
    const kindsWithCases = new Set(files.map((f) => f.split('/')[1]));
    expect([...kindsWithCases].sort()).toEqual(['activity-limit', 'ceiling', 'declaratory', 'keep-out', 'no-accession', 'no-attack', 'no-incident', 'no-transfer', 'notify', 'separation', 'sequence', 'standoff']);
    expect(Object.keys(kinds).sort()).toEqual([...kindsWithCases].sort());
  });
  for (const file of files) {
    it(file, () => {
      const { problems } = runCase(file, geo);
      expect(problems).toEqual([]);
    });
  }
});
