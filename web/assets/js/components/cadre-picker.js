// @ts-check
import { api, query } from '../api.js';
import { h, uid } from '../dom.js';
import { t } from '../i18n.js';

/**
 * The cadre field as a picker (issue 18 §1): typing a name, pinyin initials (zm for 张明) or a code
 * offers the directory's cadres the caller works with, each with position and unit; picking one
 * fills in the cadre's own unit (not the officer's organ) and names the cadre under the field.
 * @param {HTMLInputElement} input the cadreId field
 * @param {HTMLInputElement | null} unitInput the unitId field, filled in from the cadre picked
 */
export function attachCadrePicker(input, unitInput) {
  const list = h('datalist', { id: uid('cadres') });
  const picked = h('p', { class: 'muted field-note', 'data-testid': 'cadre-picked', 'aria-live': 'polite' });
  input.setAttribute('list', list.id);
  input.setAttribute('placeholder', t('directory.cadrePlaceholder'));
  input.after(list, picked);
  /** @type {Map<string, { id: string, name: string, position: string, unit: { id: string, name: string } }>} */
  const offered = new Map();
  let timer = 0;
  let asked = '';
  const show = () => {
    const cadre = offered.get(input.value.trim());
    picked.textContent = cadre ? t('directory.picked', { name: cadre.name, unit: cadre.unit.name }) : '';
    if (cadre && unitInput && unitInput.value !== cadre.unit.id) {
      unitInput.value = cadre.unit.id;
      unitInput.dispatchEvent(new Event('input', { bubbles: true }));
    }
  };
  const search = async () => {
    const text = input.value.trim();
    if (offered.has(text) || text === asked) return show();
    asked = text;
    const found = await api(`/api/directory/cadres${query({ q: text })}`);
    if (input.value.trim() !== text) return;
    for (const cadre of found) offered.set(cadre.id, cadre);
    list.replaceChildren(
      ...found.map((cadre) => h('option', { value: cadre.id, label: [cadre.name, cadre.position, cadre.unit.name].filter(Boolean).join(' · ') })),
    );
    show();
  };
  input.addEventListener('input', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void search(), 200);
  });
  void search();
}
