import { writeFileSync } from 'node:fs';
import { PROCEDURES_DOC, renderProceduresDoc } from './procedure-docs';

writeFileSync(PROCEDURES_DOC, renderProceduresDoc());
console.log(`wrote ${PROCEDURES_DOC}`);
