// @ts-check
import { api, ApiError, query } from '../api.js';
import { h, uid } from '../dom.js';
import { t } from '../i18n.js';

/**
 * @typedef {{ id: string, name: string, detail: string, within: string }} Choice
 *   what a picker offers: the id the API takes, the name shown, a line under it, and what the
 *   record belongs to (a cadre's or unit's place, named under the field once picked)
 * @typedef {{ path: string, placeholder: string, picked: string, testId: string, choice: (row: any) => Choice }} Kind
 */

/** @type {Record<'cadres' | 'units' | 'bodies', Kind>} */
const KINDS = {
  cadres: {
    path: '/api/directory/cadres',
    placeholder: 'directory.cadrePlaceholder',
    picked: 'directory.picked',
    testId: 'cadre',
    choice: (cadre) => ({ id: cadre.id, name: cadre.name, detail: [cadre.position, cadre.unit.name].filter(Boolean).join(' · '), within: cadre.unit.name }),
  },
  units: {
    path: '/api/directory/units',
    placeholder: 'directory.unitPlaceholder',
    picked: 'directory.picked',
    testId: 'unit',
    choice: (unit) => ({ id: unit.id, name: unit.name, detail: unit.body.name, within: unit.body.name }),
  },
  bodies: {
    path: '/api/directory/bodies',
    placeholder: 'directory.bodyPlaceholder',
    picked: 'directory.pickedBody',
    testId: 'body',
    choice: (body) => ({ id: body.id, name: body.name, detail: t(`directory.bodyKind.${body.kind === 'stationed' ? 'stationed' : 'commission'}`), within: '' }),
  },
};

/** The native value property of inputs: the id field's own, wrapped so a page's write names it. */
const VALUE = /** @type {PropertyDescriptor & { get: () => string, set: (value: string) => void }} */ (
  Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')
);

/**
 * A field that takes a directory id (a cadre, a unit, a body) as a picker (issue 18 §1): typing a
 * name, its pinyin initials (jn for 济南) or the code lists what the directory offers, under the
 * field; arrows and Enter or a tap pick one (the ARIA combobox pattern, so screen readers announce
 * the choices). What the person sees and types is the name (no code is visible in a zh-CN page);
 * the id, which is what forms and the API take, is in the field given, turned into a hidden input
 * that keeps its name, so the page's own reading and writing of it is unchanged. Editing the name
 * after a pick empties the id (the form then refuses, or the person picks again); an id the page
 * writes (a draft, a filter from the address) is named from the directory (`?ids=`). One
 * component for the three kinds: each kind is only its endpoint and its wording.
 * @param {HTMLInputElement} input the field holding the id
 * @param {'cadres' | 'units' | 'bodies'} kindName
 * @param {{ onPick?: (row: any) => void }} [options] onPick: the directory's record picked (the
 *   cadre picker fills in the cadre's unit with it)
 */
export function attachDirectoryPicker(input, kindName, options = {}) {
  const kind = KINDS[kindName];
  const list = h('ul', { id: uid(`${kind.testId}-choices`), role: 'listbox', class: 'picker-choices', hidden: true, 'data-testid': `${kind.testId}-choices` });
  const picked = h('p', { class: 'muted field-note', 'data-testid': `${kind.testId}-picked`, 'aria-live': 'polite' });
  const text = /** @type {HTMLInputElement} */ (
    h('input', { type: 'text', class: 'picker-text', 'data-field': input.name, autocomplete: 'off', spellcheck: 'false', placeholder: t(kind.placeholder) })
  );
  // The label and any hint point at the field the person types in.
  for (const attribute of ['id', 'aria-describedby', 'aria-invalid', 'aria-required', 'aria-label', 'maxlength']) {
    const value = input.getAttribute(attribute);
    if (value !== null) {
      text.setAttribute(attribute, value);
      input.removeAttribute(attribute);
    }
  }
  text.required = input.required;
  text.disabled = input.disabled;
  text.readOnly = input.readOnly;
  input.required = false;
  const wrapper = h('div', { class: 'picker' });
  input.replaceWith(wrapper);
  input.type = 'hidden';
  wrapper.append(text, input, list, picked);
  text.setAttribute('role', 'combobox');
  text.setAttribute('aria-autocomplete', 'list');
  text.setAttribute('aria-expanded', 'false');
  text.setAttribute('aria-controls', list.id);

  /** Every record the directory offered so far, by id: an id filled in is named from it. */
  const known = new Map();
  /** @type {Choice[]} */
  let shown = [];
  let active = -1;
  let timer = 0;
  let asked = '';

  const idOf = () => VALUE.get.call(input);
  const close = () => {
    list.hidden = true;
    text.setAttribute('aria-expanded', 'false');
    text.removeAttribute('aria-activedescendant');
    active = -1;
  };
  /** Shows the id held by its name, in the field and the line under it. */
  const show = () => {
    const id = idOf();
    const row = known.get(id);
    const choice = row ? kind.choice(row) : undefined;
    picked.textContent = choice ? t(kind.picked, { name: choice.name, unit: choice.within }) : '';
    // An id the directory does not hold stays as written: the form or the service names the problem.
    text.value = choice ? choice.name : id;
    asked = text.value.trim();
    return row;
  };
  /** Names an id the page wrote, asking the directory for it when not offered before. */
  const name = async () => {
    const id = idOf();
    if (!id || known.has(id)) return show();
    try {
      for (const row of await api(`${kind.path}${query({ ids: id })}`)) known.set(row.id, row);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
    }
    if (idOf() === id) show();
  };
  Object.defineProperty(input, 'value', {
    configurable: true,
    get: () => idOf(),
    set: (value) => {
      VALUE.set.call(input, value);
      void name();
    },
  });
  // A page focusing the field (a grant's scope asked for) focuses where the name is typed.
  input.focus = (focusOptions) => text.focus(focusOptions);
  const highlight = (index) => {
    active = index;
    list.querySelectorAll('[role="option"]').forEach((option, at) => option.setAttribute('aria-selected', String(at === index)));
    const option = list.children[index];
    if (option) {
      text.setAttribute('aria-activedescendant', option.id);
      option.scrollIntoView({ block: 'nearest' });
    }
  };
  const pick = (choice) => {
    VALUE.set.call(input, choice.id);
    close();
    const row = show();
    // The form re-checks its fields on input; a filter form may submit on change.
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.dispatchEvent(new Event('change', { bubbles: true }));
    if (row) options.onPick?.(row);
  };
  const render = () => {
    list.replaceChildren(
      ...(shown.length === 0
        ? [h('li', { class: 'picker-none muted', role: 'presentation' }, t('directory.noMatch'))]
        : shown.map((choice, index) => {
            const option = h(
              'li',
              { id: `${list.id}-${index}`, role: 'option', 'aria-selected': 'false', 'data-value': choice.id },
              h('span', { class: 'picker-name' }, choice.name),
              choice.detail ? h('span', { class: 'picker-detail muted' }, choice.detail) : null,
            );
            // mousedown, not click: the field keeps its focus, so its blur does not close the list first.
            option.addEventListener('mousedown', (event) => {
              event.preventDefault();
              pick(choice);
            });
            return option;
          })),
    );
    list.hidden = false;
    text.setAttribute('aria-expanded', 'true');
    active = -1;
  };
  const search = async () => {
    const typed = text.value.trim();
    if (typed === asked) return;
    asked = typed;
    let found;
    try {
      found = await api(`${kind.path}${query({ q: typed })}`);
    } catch (error) {
      // A search that fails (offline, a role without the directory) offers nothing.
      if (!(error instanceof ApiError)) throw error;
      found = [];
    }
    if (text.value.trim() !== typed) return;
    for (const row of found) known.set(row.id, row);
    shown = found.map(kind.choice);
    if (document.activeElement === text) render();
    else close();
  };
  text.addEventListener('input', (event) => {
    // The name edited is no longer the record picked: the id empties until one is picked again.
    picked.textContent = '';
    if (idOf() !== '') {
      VALUE.set.call(input, '');
      input.dispatchEvent(new Event('change', { bubbles: true }));
    }
    event.stopPropagation();
    input.dispatchEvent(new Event('input', { bubbles: true }));
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void search(), 200);
  });
  // The form's own change handling reads the id field: the text field's change is not the form's.
  text.addEventListener('change', (event) => event.stopPropagation());
  text.addEventListener('keydown', (event) => {
    const open = !list.hidden && shown.length > 0;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (!open) {
        asked = '\u0000';
        void search().then(() => {
          if (list.hidden && shown.length > 0) render();
        });
        return;
      }
      const step = event.key === 'ArrowDown' ? 1 : -1;
      highlight((active + step + shown.length) % shown.length);
    } else if (event.key === 'Enter' && open && active >= 0) {
      event.preventDefault();
      pick(shown[active]);
    } else if (event.key === 'Escape' && !list.hidden) {
      event.preventDefault();
      close();
    }
  });
  text.addEventListener('blur', () => {
    close();
    // A name typed but not picked sends nothing: said under the field, before the form refuses.
    if (!idOf() && text.value.trim()) picked.textContent = t('directory.notPicked');
  });
  void name();
}
