import type { Locator } from 'playwright-core';

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
