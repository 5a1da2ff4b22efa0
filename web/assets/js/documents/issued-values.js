// @ts-check

/**
 * Fields of a step's form that repeat what a document of the case already says, so the officer
 * does not type them again: per procedure and step, the field and the step whose document supplies
 * its 文号. The field stays editable (a document issued outside the system may be served instead).
 */
const FROM_ISSUED = {
  tolerance: { SERVE_DECISION: { documentNo: 'DECIDE' } },
};

/**
 * The values to prefill for `type`: the 文号 of the latest document issued at the named step.
 * @param {string} procedure
 * @param {string} type
 * @param {Array<{event: string, docNo: string}>} documents the case's documents, oldest first
 * @returns {Record<string, string>}
 */
export function issuedValues(procedure, type, documents) {
  const fields = FROM_ISSUED[procedure]?.[type] ?? {};
  /** @type {Record<string, string>} */
  const values = {};
  for (const [field, step] of Object.entries(fields)) {
    const latest = (documents ?? []).filter((doc) => doc.event === step).at(-1);
    if (latest?.docNo) values[field] = latest.docNo;
  }
  return values;
}
