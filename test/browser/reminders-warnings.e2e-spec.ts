import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { signedLead } from '../../workflows/clarification/clarification.samples';
import { DeadlineScheduler } from '../../src/scheduling/deadline-scheduler.service';
import { TestClock } from '../support/test-app';
import { launchBrowser, PHONE, startWebApp, UserSession, type WebApp } from './support/browser';
import { expectText, pageRendered } from './support/waits';

jest.setTimeout(90_000);

/** Where README's pictures live; refreshed from this spec's screenshots with DOCS_SCREENSHOTS=1. */
const DOCS_DIR = join(__dirname, '..', '..', 'docs', 'screenshots');
const shots: Record<string, string> = {};
afterAll(() => {
  if (process.env.DOCS_SCREENSHOTS !== '1') return;
  mkdirSync(DOCS_DIR, { recursive: true });
  for (const [name, path] of Object.entries(shots)) copyFileSync(path, join(DOCS_DIR, `${name}.png`));
});

const local = (day: string, time = '09:00:00.000') => new Date(Date.parse(`${day}T${time}+08:00`)).toISOString();

const horizontalOverflow = (page: Page): Promise<number> =>
  page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth') as Promise<number>;

/**
 * Issue 14 §3–4 in the browser: the header's reminders badge and the reminders list (read and
 * unread, links to the case), the queue's warning column, its urgency order and colour filter, and
 * the case page's warnings and letters; at desk and phone width.
 */
describe('reminders and the warning ladder, in the pages', () => {
  let web: WebApp;
  let browser: Browser;
  const sessions: UserSession[] = [];
  const cases: Record<'red' | 'yellow' | 'blue' | 'none', string> = {} as never;

  beforeAll(async () => {
    browser = await launchBrowser();
    web = await startWebApp({ clock: new TestClock(new Date(local('2026-05-25', '10:00:00.000'))) });
    const t = web.t;
    // Four signed leads received and registered on different days: on 06-22 they stand at red,
    // yellow, blue and none (15 working days each, 06-19 a holiday).
    for (const [colour, day] of [
      ['red', '2026-05-25'],
      ['yellow', '2026-06-01'],
      ['blue', '2026-06-04'],
      ['none', '2026-06-12'],
    ] as const) {
      t.clock.set(local(day, '10:00:00.000'));
      const created = await t
        .http()
        .post('/api/cases')
        .set(await t.as('officer1'))
        .send({ procedure: 'clarification', ...signedLead.data, receivedOn: day })
        .expect(201);
      cases[colour] = created.body.id;
    }
    t.clock.set(local('2026-06-22'));
    await t.app.get(DeadlineScheduler).tick();
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });
  afterEach(() => {
    for (const session of sessions) expect(session.unexpectedProblems()).toEqual([]);
  });
  const as = async (user: string, viewport?: { width: number; height: number }) => {
    const session = await UserSession.login(browser, web.baseUrl, user, viewport);
    sessions.push(session);
    return session;
  };
  const api = async (user: string, path: string) =>
    (
      await web.t
        .http()
        .get(path)
        .set(await web.t.as(user))
        .expect(200)
    ).body;

  it('the header shows the unread count; the list marks read one by one or all at once, and links to the case', async () => {
    const officer = await as('officer1');
    const unread = (await api('officer1', '/api/notifications/summary')).unread;
    expect(unread).toBeGreaterThan(2);
    await expectText(officer.page.locator('[data-testid="reminders-badge"]'), String(unread));
    await officer.page.locator('[data-testid="reminders-link"]').click();
    await officer.page.waitForURL(/\/app\/reminders$/);
    await pageRendered(officer.page);
    const items = officer.page.locator('[data-testid="reminder-list"] > li');
    const notices = await api('officer1', '/api/notifications?limit=30');
    expect(await items.count()).toBe(notices.length);
    // Newest first, each saying what it is about, in Chinese.
    const first = items.first();
    expect(await first.getAttribute('data-notification-id')).toBe(notices[0].id);
    const red = officer.page.locator('[data-testid="reminder-list"] > li[data-kind="warningRed"]').first();
    await expectText(red, '红色预警：已发督办函');
    await expectText(red, '告知实名检举控告人受理情况');
    await expectText(red, '未读');
    shots['staff-reminders'] = await officer.screenshot('reminders-list', { fullPage: false });

    // One marked read: the badge goes down by one, the item says 已读, the unread tab no longer has it.
    const redId = (await red.getAttribute('data-notification-id'))!;
    await red.locator('[data-testid="mark-read"]').click();
    const marked = officer.page.locator(`li[data-notification-id="${redId}"][data-read="true"]`);
    await marked.waitFor();
    await expectText(marked.locator('[data-testid="reminder-read-state"]'), '已读');
    await expectText(officer.page.locator('[data-testid="reminders-badge"]'), String(unread - 1));
    expect((await api('officer1', '/api/notifications/summary')).unread).toBe(unread - 1);
    await officer.page.locator('a.tab[data-tab="unread"]').click();
    await officer.page.waitForURL(/show=unread/);
    await pageRendered(officer.page);
    expect(await officer.page.locator(`li[data-notification-id="${redId}"]`).count()).toBe(0);
    expect(await items.count()).toBe(unread - 1);

    // Opening a case from an unread reminder reads it and shows the case.
    const next = items.first();
    const nextId = (await next.getAttribute('data-notification-id'))!;
    const caseId = notices.find((notice: { id: string }) => notice.id === nextId).caseId;
    await next.locator('[data-testid="reminder-open"]').click();
    await officer.page.waitForURL(new RegExp(`/app/cases/${caseId}$`));
    await officer.page.locator('[data-testid="case-state"]').waitFor();
    expect((await api('officer1', '/api/notifications?limit=200')).find((notice: { id: string }) => notice.id === nextId).read).toBe(true);
    await expectText(officer.page.locator('[data-testid="reminders-badge"]'), String(unread - 2));

    // Everything at once; the badge disappears; another officer's reminders are untouched.
    await officer.page.locator('[data-testid="reminders-link"]').click();
    await pageRendered(officer.page);
    await officer.page.locator('[data-testid="mark-all-read"]').click();
    await officer.page.locator('[data-testid="reminders-badge"][hidden]').waitFor({ state: 'attached' });
    expect((await api('officer1', '/api/notifications/summary')).unread).toBe(0);
    expect((await api('officer2', '/api/notifications/summary')).unread).toBe(unread);
  });

  it('the queue shows each case’s colour and days left, sorts by urgency and filters by colour', async () => {
    const officer = await as('officer1', { width: 1280, height: 900 });
    await officer.page.goto(`${web.baseUrl}/app/queue?tab=recent&sort=urgency`);
    await pageRendered(officer.page);
    const ids = Object.values(cases);
    const rows = officer.page.locator('table.case-table tbody tr');
    await rows.first().waitFor();
    const order = (await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-case-id')))).filter((id) => ids.includes(id!));
    expect(order).toEqual([cases.red, cases.yellow, cases.blue, cases.none]);
    for (const colour of ['red', 'yellow', 'blue'] as const) {
      await expectText(
        officer.page.locator(`tr[data-case-id="${cases[colour]}"] [data-testid="warning-cell"]`),
        { red: '红色预警', yellow: '黄色预警', blue: '蓝色预警' }[colour],
      );
    }
    await expectText(officer.page.locator(`tr[data-case-id="${cases.none}"] [data-testid="warning-cell"]`), '—');
    await expectText(officer.page.locator(`tr[data-case-id="${cases.red}"] .deadline-days`), '已逾期 6 天');
    shots['staff-queue-warnings'] = await officer.screenshot('queue-urgency', { fullPage: false });

    // The colour filter, chosen in the form as a person would.
    await officer.page.locator('form.filters select[name="warning"]').selectOption('yellow');
    await officer.page.locator('form.filters button[type="submit"]').click();
    await officer.page.waitForURL(/warning=yellow/);
    await pageRendered(officer.page);
    const shown = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-case-id')));
    const expected = (await api('officer1', '/api/cases?warning=yellow&sort=urgency&pageSize=20')).items.map((item: { id: string }) => item.id);
    expect(shown).toEqual(expected);
    expect(shown).toContain(cases.yellow);
    expect(shown).not.toContain(cases.red);
  });

  it('the case page shows the warning, the letters with date and addressee, and where the limit counts from', async () => {
    const leader = await as('leader1');
    await leader.page.goto(`${web.baseUrl}/app/cases/${cases.red}`);
    const panel = leader.page.locator('[data-section="warnings"]');
    await panel.waitFor();
    await expectText(panel, '超期预警与督办');
    // Already overdue when the ladder first looked: straight to red, a 督办函 and no 提示函.
    expect(await panel.locator('li[data-kind="reminderLetter"]').count()).toBe(0);
    await expectText(panel.locator('li[data-kind="supervisionLetter"]'), '督办函（2026/06/22）');
    await expectText(panel.locator('li[data-kind="supervisionLetter"]'), '送：主要负责人');
    await expectText(panel.locator('li[data-kind="supervisionLetter"]'), '暂送本辖区“领导”角色');
    await expectText(panel, '本期限：时限用去 70% 亮蓝牌，到期前 3 个工作日亮黄牌，逾期亮红牌。');
    await expectText(leader.page.locator('[data-section="deadlines"] [data-testid="deadline-start"]'), '自收到检举控告之日（2026/05/25）起算');
    await expectText(leader.page.locator('[data-section="deadlines"] .warning-chip'), '红色预警');
    await leader.screenshot('case-warnings');

    await leader.page.goto(`${web.baseUrl}/app/cases/${cases.yellow}`);
    const yellow = leader.page.locator('[data-section="warnings"] li[data-kind="reminderLetter"]');
    await expectText(yellow, '提示函（2026/06/22）');
    await expectText(yellow, '送：分管领导');
    await expectText(yellow, '督办中');
    await expectText(leader.page.locator('[data-section="warnings"] .warning-history'), '黄色预警');
  });

  it('fits a phone: the reminders and the queue without sideways scrolling', async () => {
    const officer = await as('officer2', PHONE);
    await officer.page.locator('[data-testid="reminders-link"]').click();
    await officer.page.locator('[data-testid="reminder-list"] > li').first().waitFor();
    expect(await horizontalOverflow(officer.page)).toBe(0);
    await officer.screenshot('phone-reminders');
    await officer.page.goto(`${web.baseUrl}/app/queue?tab=recent&sort=urgency`);
    await officer.page.locator(`tr[data-case-id="${cases.red}"] [data-testid="warning-cell"]`).waitFor();
    expect(await horizontalOverflow(officer.page)).toBe(0);
    await officer.screenshot('phone-queue-warnings');
  });

  it('the parties see neither colours nor the warning filter', async () => {
    const cadre = await as('applicant1');
    await cadre.page.locator('[data-testid="reminders-link"]').waitFor();
    expect(await cadre.page.locator('.warning-chip').count()).toBe(0);
  });
});

describe('the training instance banner', () => {
  let web: WebApp;
  let browser: Browser;
  const sessions: UserSession[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    web = await startWebApp({ env: { CLOCK_OFFSET: '+40d' }, clock: new TestClock(new Date(local('2026-12-20'))) });
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });
  afterEach(() => {
    for (const session of sessions) expect(session.unexpectedProblems()).toEqual([]);
  });

  it('says 「培训环境」 with the moved clock before and after login, at desk and phone width', async () => {
    const visitor = await UserSession.open(browser, web.baseUrl);
    sessions.push(visitor);
    await visitor.page.goto(`${web.baseUrl}/app/login`);
    const banner = visitor.page.locator('#training-banner');
    await expectText(banner, '培训环境');
    await expectText(banner, 'CLOCK_OFFSET=+40d');
    await expectText(banner, '2026/12/20');
    await expectText(banner, '此处办理的不是真实案件');
    await visitor.screenshot('training-login', { fullPage: false });
    await visitor.loginAs('officer1');
    await expectText(banner, '培训环境');
    shots['training-banner'] = await visitor.screenshot('training-queue', { fullPage: false });

    const phone = await UserSession.login(browser, web.baseUrl, 'applicant1', PHONE);
    sessions.push(phone);
    await expectText(phone.page.locator('#training-banner'), '培训环境');
    expect(await horizontalOverflow(phone.page)).toBe(0);
    await phone.screenshot('training-phone', { fullPage: false });

    // In English too.
    await phone.page.locator('button.lang-switch').click();
    await expectText(phone.page.locator('#training-banner'), 'Training instance');
  });

  it('is absent on a real instance', async () => {
    const real = await startWebApp();
    try {
      const visitor = await UserSession.open(browser, real.baseUrl);
      sessions.push(visitor);
      await visitor.page.goto(`${real.baseUrl}/app/login`);
      await visitor.page.locator('form.login-form').waitFor();
      await visitor.page.waitForFunction("document.getElementById('training-banner')?.hidden === true");
    } finally {
      await real.close();
    }
  });
});
