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

/**
 * A field that takes a directory id (a cadre, a unit, a body) as a picker (issue 18 §1): typing a
 * name, its pinyin initials (jn for 济南) or the code lists what the directory offers, under the
 * field; arrows and Enter or a tap pick one (the ARIA combobox pattern, so screen readers announce
 * the choices). The field keeps the id, which is what the API takes; the name picked is shown
 * under it. One component for the three kinds: each kind is only its endpoint and its wording.
 * @param {HTMLInputElement} input the field holding the id
 * @param {'cadres' | 'units' | 'bodies'} kindName
 * @param {{ onPick?: (row: any) => void }} [options] onPick: the directory's record picked (the
 *   cadre picker fills in the cadre's unit with it)
 */
export function attachDirectoryPicker(input, kindName, options = {}) {
  const kind = KINDS[kindName];
  const list = h('ul', { id: uid(`${kind.testId}-choices`), role: 'listbox', class: 'picker-choices', hidden: true, 'data-testid': `${kind.testId}-choices` });
  const picked = h('p', { class: 'muted field-note', 'data-testid': `${kind.testId}-picked`, 'aria-live': 'polite' });
  const wrapper = h('div', { class: 'picker' });
  input.replaceWith(wrapper);
  wrapper.append(input, list, picked);
  Object.assign(input, { autocomplete: 'off', spellcheck: false });
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-expanded', 'false');
  input.setAttribute('aria-controls', list.id);
  input.setAttribute('placeholder', t(kind.placeholder));

  /** Every record the directory offered so far, by id: a typed or filled-in id is named from it. */
  const known = new Map();
  /** @type {Choice[]} */
  let shown = [];
  let active = -1;
  let timer = 0;
  let asked = '';

  const close = () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };
  const name = () => {
    const row = known.get(input.value.trim());
    const choice = row ? kind.choice(row) : undefined;
    picked.textContent = choice ? t(kind.picked, { name: choice.name, unit: choice.within }) : '';
    return row;
  };
  const highlight = (index) => {
    active = index;
    list.querySelectorAll('[role="option"]').forEach((option, at) => option.setAttribute('aria-selected', String(at === index)));
    const option = list.children[index];
    if (option) {
      input.setAttribute('aria-activedescendant', option.id);
      option.scrollIntoView({ block: 'nearest' });
    }
  };
  const pick = (choice) => {
    input.value = choice.id;
    asked = choice.id;
    close();
    const row = name();
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
    input.setAttribute('aria-expanded', 'true');
    active = -1;
  };
  const search = async () => {
    const text = input.value.trim();
    if (text === asked) return name();
    asked = text;
    let found;
    try {
      found = await api(`${kind.path}${query({ q: text })}`);
    } catch (error) {
      // A search that fails (offline, a role without the directory) offers nothing; typing an id still works.
      if (!(error instanceof ApiError)) throw error;
      found = [];
    }
    if (input.value.trim() !== text) return;
    for (const row of found) known.set(row.id, row);
    shown = found.map(kind.choice);
    const row = name();
    // Offered while the person types; a value filled in by the page is only named.
    if (document.activeElement === input && !(row && shown.length === 1)) render();
    else close();
  };
  input.addEventListener('input', (event) => {
    if (!event.isTrusted && known.has(input.value.trim())) {
      name();
      return;
    }
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void search(), 200);
  });
  input.addEventListener('keydown', (event) => {
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
  input.addEventListener('blur', close);
  void search();
}
