import type { Locator, Page } from 'playwright-core';
import { pickById } from './pickers';

/**
 * Drives the generated forms the way a person does: opens an action, fills each field by the
 * field's path (the same path the API reports errors on), confirms, and waits for the page to show
 * the step in the timeline.
 */
export async function openAction(page: Page, type: string): Promise<Locator> {
  const action = page.locator(`details.action[data-event="${type}"]`);
  await action.waitFor();
  if ((await action.getAttribute('open')) === null) await action.locator('summary').click();
  return action.locator('form.action-form');
}

export async function fillFields(form: Locator, data: Record<string, unknown>, prefix = ''): Promise<void> {
  for (const [key, value] of Object.entries(data)) {
    if (value === undefined) continue;
    const path = prefix ? `${prefix}.${key}` : key;
    await fillField(form, path, value);
  }
}

async function fillField(form: Locator, path: string, value: unknown): Promise<void> {
  const field = form.locator(`[data-path="${path}"]`).first();
  const kind = await field.getAttribute('data-kind');
  switch (kind) {
    case 'object':
      return fillFields(form, value as Record<string, unknown>, path);
    case 'objectList': {
      const items = value as Record<string, unknown>[];
      const existing = field.locator(':scope > .object-list > .object-list-item');
      while ((await existing.count()) < items.length) await field.locator(':scope > button').click();
      for (const [index, item] of items.entries()) await fillFields(form, item, `${path}[${index}]`);
      return;
    }
    case 'enumList':
      for (const item of value as string[]) await field.locator(`input[value="${item}"]`).check();
      return;
    case 'boolean':
      await field.locator('select').selectOption(String(value));
      return;
    case 'enum':
      await field.locator('select').selectOption(String(value));
      return;
    case 'textList':
      await field.locator('textarea').fill((value as string[]).join('\n'));
      return;
    case 'text':
      // A directory id (a cadre, a unit) is picked by a name shown, never typed (directory-picker.js).
      if ((await field.locator('input.picker-text').count()) > 0) {
        await pickById(field.locator('input.picker-text'), String(value));
        return;
      }
      // A text the service offers choices for (a catalogue's situations) is a choice.
      if ((await field.locator(':scope > .field-input > select').count()) > 0) {
        await field.locator(':scope > .field-input > select').selectOption(String(value));
        return;
      }
      await field.locator('input, textarea').first().fill(String(value));
      return;
    case 'date':
    case 'integer':
      await field.locator('input, textarea').first().fill(String(value));
      return;
    default:
      throw new Error(`no field ${path} in the form (kind ${kind})`);
  }
}

/** Takes one action on the open case page and waits until the timeline shows it applied. */
export async function act(page: Page, type: string, data: Record<string, unknown> = {}, expectedState?: string): Promise<void> {
  const entries = page.locator(`.timeline-entry[data-event="${type}"]:not(.entry-refused)`);
  const before = await entries.count();
  const form = await openAction(page, type);
  await fillFields(form, data);
  await form.locator('button[type="submit"]').click();
  await entries.nth(before).waitFor();
  if (expectedState) await expectState(page, expectedState);
}

export async function expectState(page: Page, state: string): Promise<void> {
  await page.locator(`[data-testid="case-state"][data-state="${state}"]`).waitFor();
}

/** The case id of the page the browser is on (`/app/cases/:id`). */
export function caseIdOf(page: Page): string {
  const match = /\/app\/cases\/([0-9a-f-]{36})/.exec(page.url());
  if (!match) throw new Error(`not on a case page: ${page.url()}`);
  return match[1];
}

/** One attribute of every element a locator matches, in document order. */
export async function attributesOf(locator: Locator, name: string): Promise<Array<string | null>> {
  const values: Array<string | null> = [];
  for (let i = 0, n = await locator.count(); i < n; i += 1) values.push(await locator.nth(i).getAttribute(name));
  return values;
}
