// @ts-check
import { h } from '../dom.js';
import { lang, t } from '../i18n.js';
import { dateTime, ISO_INSTANT, roleName } from '../format.js';
import { entryLabels, recordLabels } from './field-labels.js';

/**
 * The data a trail entry recorded, as nested definition lists labelled by its event's fields. Only
 * what the API chose to show the caller is here (sealed identities never are).
 */
export function recordView(definition, data, eventType, options = NO_OPTIONS) {
  return valueView(entryLabels(definition, eventType), '', data, 0, options);
}

/**
 * @typedef {{ names?: Record<string, string>, hideActors?: boolean, open?: string[] }} RecordOptions
 * `names`: what the directory calls an identifier the record keeps (the cadre's account, the unit);
 * `hideActors`: a party's reading, which never says which official acted (README, "A party's view");
 * `open`: sections shown unfolded (a party's own application, issue 23 §4).
 */
/** @type {RecordOptions} */
const NO_OPTIONS = {};
/** Characters beyond which a label no longer fits beside its value. */
const LONG_LABEL = 16;

function valueView(labels, key, value, depth, options) {
  if (value === null || value === undefined || value === '') return h('span', { class: 'muted' }, '—');
  if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') {
    if (key === 'role' || key === 'actorRole') return roleName(value);
    if (options.names?.[value]) return options.names[value];
    if (key === 'by' && value === 'system') return roleName('system');
    // A protected person's pseudonym where a record names who acted (`sealed:accuser` → 被处理人).
    if (value.startsWith('sealed:')) return roleName(value.slice('sealed:'.length));
    const named = labels.value(value);
    if (named) return named;
    if (ISO_INSTANT.test(value)) return h('time', { datetime: value }, dateTime(value));
    return h('span', { class: 'text-value' }, value);
  }
  // A text the record keeps in both languages (a catalogue situation's wording): the reader's one.
  if (isBilingual(value)) return h('span', { class: 'text-value' }, lang() === 'en' ? value.en : value.zh);
  if (Array.isArray(value)) {
    if (value.length === 0) return h('span', { class: 'muted' }, '—');
    if (value.every((item) => typeof item !== 'object' || item === null)) {
      return h(
        'ul',
        { class: 'plain-list' },
        value.map((item) => h('li', {}, valueView(labels, key, item, depth + 1, options))),
      );
    }
    return h(
      'ol',
      { class: 'record-list' },
      value.map((item) => h('li', {}, valueView(labels, key, item, depth + 1, options))),
    );
  }
  const entries = Object.entries(value).filter(([innerKey, inner]) => inner !== undefined && !(options.hideActors && innerKey === 'by'));
  if (entries.length === 0) return h('span', { class: 'muted' }, '—');
  return h(
    'dl',
    { class: `record record-depth-${Math.min(depth, 3)}` },
    entries.map(([innerKey, inner]) => {
      const innerLabels = labels.child(innerKey);
      const name = innerLabels.name(innerKey);
      // A label that is a sentence (a distinction's full wording) heads its value across the row.
      const long = typeof name === 'string' && name.length > LONG_LABEL;
      return [
        h('dt', long ? { class: 'long-label' } : {}, name),
        h('dd', long ? { class: 'under-long-label' } : {}, valueView(innerLabels, innerKey, inner, depth + 1, options)),
      ];
    }),
  );
}

function isBilingual(value) {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 2 && typeof value.zh === 'string' && typeof value.en === 'string';
}

/**
 * The result in force (容错认定结果、核查结论…), as a party reads it above what is expected of them:
 * the decision they are asked to accept or challenge, stated where they decide, with the 文号 of the
 * decision served on them when their timeline has it. Null without one.
 * @param {string} [documentNo]
 */
export function resultView(definition, data, options = NO_OPTIONS, documentNo = undefined) {
  if (!data?.outcome || typeof data.outcome !== 'object') return null;
  const labels = recordLabels(definition).child('outcome');
  return h(
    'div',
    { class: 'result-in-force', 'data-testid': 'result-in-force' },
    h('h3', {}, labels.name('outcome')),
    documentNo ? h('p', { 'data-testid': 'result-document' }, t('case.decisionDocument', { documentNo })) : null,
    valueView(labels, 'outcome', data.outcome, 1, { ...options, hideActors: true }),
  );
}

/** The case's record, its top level as sections a reader can fold, so a long record stays scannable. */
export function recordSections(definition, data, options = NO_OPTIONS) {
  const labels = recordLabels(definition);
  return h(
    'div',
    { class: 'record-sections' },
    Object.entries(data ?? {})
      .filter(([, value]) => value !== undefined && value !== null)
      .map(([key, value]) => {
        const section = labels.child(key);
        return typeof value === 'object' && !Array.isArray(value)
          ? h(
              'details',
              { class: 'record-section', 'data-record-key': key, open: key === 'parties' || options.open?.includes(key) || undefined },
              h('summary', {}, section.name(key)),
              valueView(section, key, value, 1, options),
            )
          : h(
              'div',
              { class: 'record-section record-inline' },
              h('span', { class: 'record-key' }, section.name(key)),
              ' ',
              valueView(section, key, value, 1, options),
            );
      }),
  );
}
