import { launchBrowser, startWebApp, UserSession } from './browser/support/browser';
(async () => {
  const web = await startWebApp({ demoCases: true });
  console.log('up', web.baseUrl);
  const browser = await launchBrowser();
  for (const user of (process.argv[2] ?? 'officer1').split(',')) {
    const s = await UserSession.login(browser, web.baseUrl, user);
    await s.page.waitForTimeout(500);
    await s.screenshot(`dev-${user}-home`);
    const first = s.page.locator('a.case-link, .case-card h2 a').first();
    if (await first.count()) { await first.click(); await s.page.locator('[data-testid="case-state"]').waitFor(); await s.page.waitForTimeout(300); await s.screenshot(`dev-${user}-case`); }
    console.log(user, s.problems);
  }
  await browser.close();
  await web.close();
})().catch((e) => { console.error(e); process.exit(1); });
