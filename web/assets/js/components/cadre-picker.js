// @ts-check
import { attachDirectoryPicker } from './directory-picker.js';

/**
 * The cadre field as a picker (issue 18 §1): the directory picker over cadres, each offered with
 * position and unit; picking one fills in the cadre's own unit (not the officer's organ).
 * @param {HTMLInputElement} input the cadreId field
 * @param {HTMLInputElement | null} unitInput the unitId field, filled in from the cadre picked
 */
export function attachCadrePicker(input, unitInput) {
  attachDirectoryPicker(input, 'cadres', {
    onPick: (cadre) => {
      if (!unitInput || unitInput.value === cadre.unit.id) return;
      unitInput.value = cadre.unit.id;
      unitInput.dispatchEvent(new Event('input', { bubbles: true }));
    },
  });
}
