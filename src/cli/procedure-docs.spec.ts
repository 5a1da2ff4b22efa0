import { readFileSync } from 'node:fs';
import { PROCEDURES_DOC, renderProceduresDoc } from './procedure-docs';

describe('docs/procedures.md', () => {
  it('matches what the machines generate (run `npm run docs:procedures` after changing a machine)', () => {
    expect(readFileSync(PROCEDURES_DOC, 'utf8')).toBe(renderProceduresDoc());
  });
});
