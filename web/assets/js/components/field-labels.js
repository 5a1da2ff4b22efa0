// @ts-check
import { label } from '../i18n.js';

/**
 * Names for what a case recorded, key by key along the path, so the same key can mean different
 * things in different places (`note` is an assessment's 分析 here and a remark there). The labels
 * come from the procedure table (`GET /api/procedures`): `record` labels the case's record, an
 * event's field specs label the data its trail entry holds, and `record.common` the keys every
 * record shares (who, when, parties, links).
 */

/** The labels of a case's record (the case view's `data`). */
export function recordLabels(definition) {
  return labelTree({ fields: definition?.record?.fields }, definition?.record?.common);
}

/** The labels of a trail entry's data: the fields of its event (or of the opening), and the shared keys. */
export function entryLabels(definition, eventType) {
  const fields = eventType === 'CREATE' ? definition?.creation?.fields : definition?.events?.[eventType]?.fields;
  return labelTree({ fields: fieldsAsLabels(fields) }, definition?.record?.common);
}

/** Field specs seen as record labels: each field's label, its values' labels, its inner fields. */
function fieldsAsLabels(fields) {
  return Object.fromEntries(
    Object.entries(fields ?? {}).map(([key, spec]) => [
      key,
      { label: spec.label, values: spec.valueLabels, fields: spec.fields ? fieldsAsLabels(spec.fields) : undefined },
    ]),
  );
}

function labelTree(node, common = {}) {
  return {
    /** The node of an inner key: this record's own label first, then the shared one. */
    child(key) {
      return labelTree(node?.fields?.[key] ?? common[key], common);
    },
    /** The label of this node itself, or the raw key when nothing names it. */
    name(key) {
      return node?.label ? label(node.label) : key;
    },
    /** The label of a value this key holds (an enum code), if the table names it. */
    value(value) {
      const known = node?.values?.[value];
      return known ? label(known) : undefined;
    },
  };
}
