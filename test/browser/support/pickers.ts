import type { Locator, Page } from 'playwright-core';

/**
 * The field a person types in, of the picker for the form field `name` (the id itself is in a
 * hidden input of that name, web/assets/js/components/directory-picker.js).
 */
export function pickerText(scope: Locator | Page, name: string): Locator {
  return scope.locator(`input.picker-text[data-field="${name}"]`);
}

/** The hidden input holding the id the picker for `name` sends. */
export function pickerId(scope: Locator | Page, name: string): Locator {
  return scope.locator(`.picker input[type="hidden"][name="${name}"]`);
}

/** Picks the record with this id, searching by the id itself (a form filled from sample data). */
export async function pickById(input: Locator, id: string): Promise<void> {
  await input.fill(id);
  const listbox = input.locator('xpath=following-sibling::ul[@role="listbox"]');
  await listbox.locator(`[role="option"][data-value="${id}"]`).click();
  await listbox.waitFor({ state: 'hidden' });
}

/**
 * Picks from a directory picker (web/assets/js/components/directory-picker.js) as a person does
 * with the keyboard: types the search (a name's pinyin initials), waits for the choice named
 * `name` among those offered, moves to it with the arrow keys and takes it with Enter.
 */
export async function pickWithKeyboard(input: Locator, typed: string, name: string): Promise<void> {
  await input.fill(typed);
  const listbox = input.locator('xpath=following-sibling::ul[@role="listbox"]');
  const options = listbox.locator('[role="option"]');
  await options.filter({ hasText: name }).first().waitFor();
  const names = await options.locator('.picker-name').allInnerTexts();
  const index = names.indexOf(name);
  if (index < 0) throw new Error(`${name} is not offered for ${typed}: ${names.join(', ')}`);
  for (let step = 0; step <= index; step += 1) await input.press('ArrowDown');
  await input.press('Enter');
  await listbox.waitFor({ state: 'hidden' });
}

/** The same with a tap on the choice. */
export async function pickWithPointer(input: Locator, typed: string, name: string): Promise<void> {
  await input.fill(typed);
  const listbox = input.locator('xpath=following-sibling::ul[@role="listbox"]');
  await listbox.locator('[role="option"]').filter({ hasText: name }).first().click();
  await listbox.waitFor({ state: 'hidden' });
}
