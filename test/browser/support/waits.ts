import type { Locator, Page } from 'playwright-core';

/**
 * Waits until the element shows the text (a substring, or a pattern), the way a person waits for
 * a reply to appear: elements such as a form's notice exist before the server answers, so reading
 * their text once right after a click races the answer. Fails with the text last seen.
 */
export async function expectText(locator: Locator, expected: string | RegExp, timeout = 20_000): Promise<string> {
  const shows = (text: string) => (typeof expected === 'string' ? text.includes(expected) : expected.test(text));
  const deadline = Date.now() + timeout;
  let seen = '';
  for (;;) {
    seen = await locator.innerText({ timeout: Math.max(1, deadline - Date.now()) }).catch(() => seen);
    if (shows(seen)) return seen;
    if (Date.now() >= deadline) throw new Error(`expected ${String(locator)} to show ${String(expected)}; it shows ${JSON.stringify(seen)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Waits until the single-page app has rendered the page its address now names. A filter form or
 * link changes the address at once and renders after the page's data arrives; until then the old
 * page (with its own totals and rows) is still on screen. The router marks `#main` busy meanwhile.
 */
export async function pageRendered(page: Page): Promise<void> {
  await page.locator('#main:not([aria-busy])').waitFor();
}

/** Waits until the field holds this value (a value the page fills in after asking the service). */
export async function expectValue(locator: Locator, expected: string, timeout = 20_000): Promise<void> {
  const field = await locator.elementHandle({ timeout });
  await locator.page().waitForFunction(([input, value]: [any, string]) => input.value === value, [field, expected] as const, { timeout });
}
