// @ts-check
import { hasMessage, label, t } from '../i18n.js';

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
  return labelTree({ fields: { ...sectionEntries(definition), ...fieldsAsLabels(fields) } }, definition?.record?.common, recordValues(definition));
}

/**
 * Every value label the record names, for a step's data whose field is free text although the
 * record names its values: the service's opening of a 诬告陷害查处 case keeps the clarification's
 * 核查结论 code (untrue), which the record calls 失实.
 * @returns {Record<string, any>}
 */
function recordValues(definition) {
  /** @type {Record<string, any>} */
  const values = {};
  const walk = (fields) => {
    for (const node of Object.values(fields ?? {})) {
      Object.assign(values, node?.values ?? {});
      walk(node?.fields);
    }
  };
  walk(definition?.record?.fields);
  return values;
}

/**
 * The entries of every section of the record, by key: a step the service takes (opening a case
 * from another) records keys no form field names, which the record's sections do (its 核查结论's
 * values, issue 23 §5).
 */
function sectionEntries(definition) {
  return Object.assign({}, ...Object.values(definition?.record?.fields ?? {}).map((section) => section?.fields ?? {}));
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

function labelTree(node, common = {}, fallback = {}) {
  return {
    /** The node of an inner key: this record's own label first, then the shared one. */
    child(key) {
      return labelTree(node?.fields?.[key] ?? common[key], common, fallback);
    },
    /** The label of this node itself, or the raw key when nothing names it. */
    name(key) {
      if (node?.label) return label(node.label);
      // Keys the service's own records share (an audit read's 当时环节) have messages.
      return hasMessage(`record.key.${key}`) ? t(`record.key.${key}`) : key;
    },
    /** The label of a value this key holds (an enum code), if the table names it. */
    value(value) {
      const known = node?.values?.[value] ?? (node?.values ? undefined : fallback[value]);
      return known ? label(known) : undefined;
    },
  };
}
