// @ts-check
import { h } from '../dom.js';
import { hasMessage, label, lang, t } from '../i18n.js';
import { dateTime, ISO_INSTANT, roleName } from '../format.js';
import { entryLabels, recordLabels } from './field-labels.js';

/**
 * The data a trail entry recorded, as nested definition lists labelled by its event's fields. Only
 * what the API chose to show the caller is here (sealed identities never are).
 */
export function recordView(definition, data, eventType, options = NO_OPTIONS) {
  // The documents a step issued (issue 20 §2) read as their titles and 文号; digests, sizes and
  // codes stay in the trail and the documents panel.
  const { documents, ...rest } = data ?? {};
  const view = valueView(entryLabels(definition, eventType), '', rest, 0, options);
  return Array.isArray(documents) && documents.length ? h('div', {}, issuedDocuments(documents), view) : view;
}

/** @param {Array<{ title?: string, docNo?: string, digest?: string }>} documents */
function issuedDocuments(documents) {
  return h(
    'p',
    { class: 'entry-documents' },
    t('record.documentsIssued'),
    '：',
    documents.map((doc, index) => [index ? '、' : '', h('span', { title: doc.digest ?? '' }, `${doc.title ?? ''}（${doc.docNo ?? ''}）`)]),
  );
}

/**
 * @typedef {{ names?: Record<string, string>, hideActors?: boolean, open?: string[] }} RecordOptions
 * `names`: what the directory calls an identifier the record keeps (the cadre's account, the unit);
 * `hideActors`: a party's reading, which never says which official acted (README, "A party's view");
 * `open`: sections shown unfolded (a party's own application, issue 23 §4).
 */
/** @type {RecordOptions} */
const NO_OPTIONS = {};
/** The service's mark for a sealed value (src/procedures/sealing.ts). */
const SEALED_MARK = '[sealed]';
const STATE_KEYS = new Set(['state', 'fromState', 'toState']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * What identifiers a case's record keeps stand for, for its readers (issue 23 §5, §14): the
 * parties' and the acting officials' names (from the trail, staff only), the linked cases' numbers,
 * and the procedure's deadline rules by their names.
 * @param {any} definition
 * @param {any} view the case view
 * @param {any[]} trail its trail as the caller reads it
 * @param {Record<string, string>} parties the parties' names
 * @returns {Record<string, string>}
 */
export function recordNames(definition, view, trail, parties) {
  /** @type {Record<string, string>} */
  const names = {};
  for (const spec of Object.values(definition.states ?? {})) {
    const deadline = /** @type {any} */ (spec).deadline;
    if (deadline?.rule && deadline.label) names[deadline.rule] = label(deadline.label);
  }
  // A step's state, where a record keeps it (a warning's 所在环节): prefixed, so no other value is taken for one.
  for (const [state, spec] of Object.entries(definition.states ?? {})) names[`state:${state}`] = label(/** @type {any} */ (spec).label);
  for (const entry of trail) if (entry.actorName && entry.actorId) names[entry.actorId] = entry.actorName;
  for (const link of [view.links?.origin, ...(view.links?.children ?? [])]) if (link?.caseId && link.caseNo) names[link.caseId] = link.caseNo;
  return { ...names, ...parties };
}

/** Characters beyond which a label no longer fits beside its value. */
const LONG_LABEL = 16;

function valueView(labels, key, value, depth, options) {
  if (value === null || value === undefined || value === '') return h('span', { class: 'muted' }, '—');
  if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') {
    if (key === 'role' || key === 'actorRole') return roleName(value);
    if (options.names?.[value]) return options.names[value];
    if (STATE_KEYS.has(key) && options.names?.[`state:${value}`]) return options.names[`state:${value}`];
    if (key === 'by' && value === 'system') return roleName('system');
    // What the service withheld (a reporter's identity) reads as withheld, not as a code.
    if (value === SEALED_MARK) return h('span', { class: 'muted' }, t('record.sealed'));
    // A case the record refers to by its id (a filing cited, a case opened from it): its reference.
    if (UUID.test(value)) return h('a', { href: `/app/cases/${value}`, 'data-link': true }, `#${value.slice(0, 8)}`);
    // A protected person's pseudonym where a record names who acted (`sealed:accuser` → 被处理人).
    if (value.startsWith('sealed:')) return roleName(value.slice('sealed:'.length));
    const named = labels.value(value);
    if (named) return named;
    // Values of the service's own records (a committee's quorum rule, a stored row's status).
    if (hasMessage(`record.value.${value}`)) return t(`record.value.${value}`);
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
