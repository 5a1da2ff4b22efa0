// @ts-check
import { h, uid } from '../dom.js';
import { label, t } from '../i18n.js';
import { validateValue } from './validate.js';

/**
 * A form built from a procedure's field specs (GET /api/procedures): one control per field, nested
 * fieldsets for objects, repeatable groups for object lists. `read()` gives the payload (empty
 * optional fields left out) with the problems found; `showErrors()` puts messages next to fields.
 */
export function fieldForm(specs, { initial = {}, lookups = {} } = {}) {
  const controls = Object.entries(specs).map(([key, spec]) => control(spec, key, initial[key], lookups));
  const element = h(
    'div',
    { class: 'field-form' },
    controls.map((c) => c.element),
  );

  function read() {
    const value = {};
    for (const [index, [key]] of Object.entries(specs).entries()) {
      const given = controls[index].read();
      if (given !== undefined) value[key] = given;
    }
    const problems = Object.entries(specs).flatMap(([key, spec]) => validateValue(spec, value[key], key));
    return { value, problems };
  }

  /** Messages by field path; a path with no control of its own goes to the nearest enclosing one. */
  function showErrors(problems) {
    clearErrors();
    const byPath = new Map();
    const unplaced = [];
    for (const problem of problems) {
      const target = nearestControl(element, problem.path);
      if (!target) {
        unplaced.push(problem.message);
        continue;
      }
      if (!byPath.has(target)) byPath.set(target, []);
      byPath.get(target).push(problem.message);
    }
    for (const [target, messages] of byPath) setError(target, messages);
    return unplaced;
  }

  function clearErrors() {
    for (const field of element.querySelectorAll('[data-path].has-error')) setError(field, []);
  }

  function focusFirstError() {
    const first = element.querySelector('.has-error');
    const input = first?.querySelector('input, select, textarea, button');
    (input ?? first)?.focus();
  }

  return { element, read, showErrors, clearErrors, focusFirstError };
}

function nearestControl(root, path) {
  for (let candidate = path; candidate; candidate = parentPath(candidate)) {
    const found = root.querySelector(`[data-path="${CSS.escape(candidate)}"]`);
    if (found) return found;
  }
  return undefined;
}

function parentPath(path) {
  const cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
  return cut > 0 ? path.slice(0, cut) : '';
}

function setError(field, messages) {
  const box = field.querySelector(':scope > .field-error');
  if (!box) return;
  box.replaceChildren(...messages.map((message) => h('span', {}, message)));
  box.hidden = messages.length === 0;
  field.classList.toggle('has-error', messages.length > 0);
  const inputs = field.querySelectorAll(
    ':scope > .field-input > input, :scope > .field-input > select, :scope > .field-input > textarea, :scope > .field-input input',
  );
  for (const input of inputs) {
    if (messages.length > 0) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  }
}

function control(spec, path, initial, lookups) {
  switch (spec.kind) {
    case 'object':
      return objectControl(spec, path, initial, lookups);
    case 'objectList':
      return objectListControl(spec, path, initial, lookups);
    case 'enumList':
      return enumListControl(spec, path, initial);
    default:
      return simpleControl(spec, path, initial, lookups);
  }
}

function marks(spec) {
  return [
    spec.required ? h('span', { class: 'required-mark', title: t('form.required') }, ' *', h('span', { class: 'visually-hidden' }, t('form.required'))) : null,
    spec.sealed ? h('span', { class: 'badge badge-sealed' }, t('form.sealed')) : null,
  ];
}

function hint(spec) {
  switch (spec.kind) {
    case 'text':
      return t('form.hint.text', { max: spec.maxLength });
    case 'integer':
      return t('form.hint.integer', { min: spec.min, max: spec.max });
    case 'textList':
      return t('form.hint.textList', { max: spec.maxItems, length: spec.maxLength });
    case 'date':
      return t('form.hint.date');
    default:
      return '';
  }
}

/** One labelled input: text, date, integer, yes/no, one of a list, or a list of texts one per line. */
function simpleControl(spec, path, initial, lookups = {}) {
  const id = uid('f');
  const hintText = hint(spec);
  const hintId = hintText ? `${id}-hint` : undefined;
  const errorId = `${id}-error`;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ');
  const common = { id, name: path, 'aria-describedby': describedBy, 'aria-required': spec.required ? 'true' : undefined };
  let input;
  let read;
  // A text the service offers choices for (a catalogue's situations): a choice, the value stays the code.
  const choices = spec.kind === 'text' && spec.lookup ? lookups[spec.lookup] : undefined;
  switch (choices ? 'choice' : spec.kind) {
    case 'choice': {
      const listed = choices.some((choice) => choice.value === initial);
      input = h(
        'select',
        common,
        h('option', { value: '' }, t('form.choose')),
        choices.map((choice) => h('option', { value: choice.value, selected: choice.value === initial }, choice.label)),
        typeof initial === 'string' && !listed ? h('option', { value: initial, selected: true }, initial) : null,
      );
      read = () => (input.value === '' ? undefined : input.value);
      break;
    }
    case 'text': {
      const long = spec.maxLength > 200;
      input = long
        ? h('textarea', { ...common, rows: spec.maxLength > 2000 ? 4 : 3, maxlength: spec.maxLength })
        : h('input', { ...common, type: 'text', maxlength: spec.maxLength, autocomplete: 'off' });
      if (typeof initial === 'string') input.value = initial;
      read = () => (input.value.trim() === '' ? undefined : input.value.trim());
      break;
    }
    case 'date':
      input = h('input', { ...common, type: 'date', value: typeof initial === 'string' ? initial : undefined });
      read = () => (input.value === '' ? undefined : input.value);
      break;
    case 'integer':
      input = h('input', {
        ...common,
        type: 'number',
        inputmode: 'numeric',
        step: 1,
        min: spec.min,
        max: spec.max,
        value: Number.isInteger(initial) ? String(initial) : undefined,
      });
      read = () => (input.value.trim() === '' ? (input.validity.badInput ? Number.NaN : undefined) : Number(input.value));
      break;
    case 'boolean':
      input = h(
        'select',
        common,
        h('option', { value: '' }, t('form.choose')),
        h('option', { value: 'true', selected: initial === true }, t('common.yes')),
        h('option', { value: 'false', selected: initial === false }, t('common.no')),
      );
      read = () => (input.value === '' ? undefined : input.value === 'true');
      break;
    case 'enum':
      input = h(
        'select',
        common,
        h('option', { value: '' }, t('form.choose')),
        spec.values.map((value) => h('option', { value, selected: initial === value }, label(spec.valueLabels?.[value]) || value)),
      );
      read = () => (input.value === '' ? undefined : input.value);
      break;
    case 'textList':
      input = h('textarea', { ...common, rows: 3, 'data-list': 'lines' });
      if (Array.isArray(initial)) input.value = initial.join('\n');
      read = () => {
        const items = input.value
          .split('\n')
          .map((line) => line.trim())
          .filter(Boolean);
        return items.length === 0 ? undefined : items;
      };
      break;
    default:
      input = h('input', { ...common, type: 'text', disabled: true });
      read = () => undefined;
  }
  const element = h(
    'div',
    { class: `field field-${spec.kind}`, 'data-path': path, 'data-kind': spec.kind },
    h('label', { for: id }, label(spec.label), marks(spec)),
    h('div', { class: 'field-input' }, input),
    hintText ? h('p', { class: 'field-hint', id: hintId }, hintText) : null,
    h('p', { class: 'field-error', id: errorId, hidden: true, 'aria-live': 'polite' }),
  );
  return { element, read };
}

function enumListControl(spec, path, initial) {
  const name = uid('f');
  const chosen = new Set(Array.isArray(initial) ? initial : []);
  const boxes = spec.values.map((value) => h('input', { type: 'checkbox', name, value, checked: chosen.has(value) }));
  const element = h(
    'fieldset',
    { class: 'field field-enumList', 'data-path': path, 'data-kind': 'enumList' },
    h('legend', {}, label(spec.label), marks(spec)),
    h(
      'div',
      { class: 'field-input checkbox-list' },
      spec.values.map((value, index) => h('label', { class: 'checkbox' }, boxes[index], ' ', label(spec.valueLabels?.[value]) || value)),
    ),
    h('p', { class: 'field-error', hidden: true, 'aria-live': 'polite' }),
  );
  const read = () => {
    const values = boxes.filter((box) => box.checked).map((box) => box.value);
    return values.length === 0 ? undefined : values;
  };
  return { element, read };
}

/** A group of fields; an optional group left entirely empty is left out of the payload. */
function objectControl(spec, path, initial, lookups) {
  const entries = Object.entries(spec.fields);
  const children = entries.map(([key, child]) => control(child, `${path}.${key}`, initial?.[key], lookups));
  const element = h(
    'fieldset',
    { class: 'field field-object', 'data-path': path, 'data-kind': 'object' },
    h('legend', {}, label(spec.label), marks(spec)),
    h('p', { class: 'field-error', hidden: true, 'aria-live': 'polite' }),
    h(
      'div',
      { class: 'field-group' },
      children.map((c) => c.element),
    ),
  );
  const read = () => {
    const value = {};
    entries.forEach(([key], index) => {
      const given = children[index].read();
      if (given !== undefined) value[key] = given;
    });
    return Object.keys(value).length === 0 ? undefined : value;
  };
  return { element, read };
}

/** Repeatable groups (e.g. several corrections), added and removed with buttons. */
function objectListControl(spec, path, initial, lookups) {
  const items = [];
  const list = h('div', { class: 'object-list' });
  const addButton = h('button', { type: 'button', class: 'button-quiet', onClick: () => add() }, t('form.addItem'));
  const element = h(
    'fieldset',
    { class: 'field field-objectList', 'data-path': path, 'data-kind': 'objectList' },
    h('legend', {}, label(spec.label), marks(spec)),
    h('p', { class: 'field-error', hidden: true, 'aria-live': 'polite' }),
    list,
    addButton,
  );

  function renumber() {
    items.forEach((item, index) => {
      item.legend.textContent = t('form.item', { n: index + 1 });
      item.element.dataset.path = `${path}[${index}]`;
      item.children.forEach((child, childIndex) => {
        const key = Object.keys(spec.fields)[childIndex];
        retarget(child.element, `${path}[${index}].${key}`);
      });
    });
    addButton.disabled = items.length >= spec.maxItems;
  }

  function add(value) {
    const index = items.length;
    const children = Object.entries(spec.fields).map(([key, child]) => control(child, `${path}[${index}].${key}`, value?.[key], lookups));
    const legend = h('legend', {});
    const item = { children, legend, element: null };
    item.element = h(
      'fieldset',
      { class: 'object-list-item', 'data-path': `${path}[${index}]` },
      legend,
      h('p', { class: 'field-error', hidden: true, 'aria-live': 'polite' }),
      children.map((c) => c.element),
      h(
        'button',
        {
          type: 'button',
          class: 'button-quiet',
          onClick: () => {
            items.splice(items.indexOf(item), 1);
            item.element.remove();
            renumber();
            addButton.focus();
          },
        },
        t('form.removeItem'),
      ),
    );
    items.push(item);
    list.append(item.element);
    renumber();
  }

  const initialItems = Array.isArray(initial) ? initial : [];
  initialItems.forEach((value) => add(value));
  for (let i = initialItems.length; i < (spec.minItems ?? (spec.required ? 1 : 0)); i += 1) add();

  const read = () => {
    const values = items.map((item) => {
      const value = {};
      Object.keys(spec.fields).forEach((key, index) => {
        const given = item.children[index].read();
        if (given !== undefined) value[key] = given;
      });
      return value;
    });
    return values.length === 0 ? undefined : values;
  };
  return { element, read };
}

/** Nested paths follow an item when an earlier item is removed. */
function retarget(element, newPath) {
  const oldPath = element.dataset.path;
  for (const node of [element, ...element.querySelectorAll('[data-path]')]) {
    node.dataset.path = newPath + node.dataset.path.slice(oldPath.length);
  }
}
