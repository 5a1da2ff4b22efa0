import { hasMessage, label, t } from '../i18n.js';

/**
 * Names for the keys of a case's recorded data. The record's keys mostly repeat the field names of
 * the procedure's events (matter, grounds, findings…), so the labels come from the same table;
 * the engine's own keys (by, at, parties…) have messages of their own.
 */
export function fieldLabelIndex(definition) {
  const labels = new Map();
  const valueLabels = new Map();
  const walk = (fields) => {
    for (const [key, spec] of Object.entries(fields ?? {})) {
      if (!labels.has(key)) labels.set(key, spec.label);
      if (spec.valueLabels && !valueLabels.has(key)) valueLabels.set(key, spec.valueLabels);
      if (spec.fields) walk(spec.fields);
    }
  };
  walk(definition?.creation?.fields);
  for (const event of Object.values(definition?.events ?? {})) walk(event.fields);
  return {
    key(key) {
      if (hasMessage(`data.${key}`)) return t(`data.${key}`);
      return labels.has(key) ? label(labels.get(key)) : key;
    },
    value(key, value) {
      const known = valueLabels.get(key)?.[value];
      if (known) return label(known);
      return hasMessage(`value.${key}.${value}`) ? t(`value.${key}.${value}`) : undefined;
    },
  };
}
