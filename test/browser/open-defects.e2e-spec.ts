import type { Browser } from 'playwright-core';
import { toleranceByCadre, toleranceSamples } from '../../workflows/tolerance/tolerance.samples';
import { DESKTOP, launchBrowser, PHONE, startWebApp, UserSession, type WebApp } from './support/browser';
import { fillFields } from './support/case-forms';
import { expectText, pageRendered } from './support/waits';

jest.setTimeout(300_000);

/** The application's own fields, as the applicant types them (the account settles cadre and unit). */
const { unitId: _unit, ...application } = toleranceByCadre.data as Record<string, unknown>;

/** Issue 23's defects left open after the first round (§4, §12, §14, §16, §17), at a desk and on a phone. */
describe('issue 23, the defects still open', () => {
  let web: WebApp;
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
    web = await startWebApp({ demoCases: true });
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  const casesOf = async (user: string): Promise<number> =>
    (
      await web.t
        .http()
        .get('/api/cases?pageSize=1')
        .set(await web.t.as(user))
        .expect(200)
    ).body.total;

  for (const viewport of [DESKTOP, PHONE]) {
    it(`§12 §16 §4 at ${viewport.width} px: an applicant applies without the officer's 主动容错; an empty form saves nothing; the draft reads back and is submitted from where it is`, async () => {
      const applicant = await UserSession.login(browser, web.baseUrl, 'applicant1', viewport);
      applicant.expectHttpStatus(409);
      try {
        await applicant.page.goto(`${web.baseUrl}/app/my`);
        const link = applicant.page.locator('.create-links a[href="/app/new/tolerance"]');
        await expectText(link, '提出容错申请');
        await expect(link.innerText()).resolves.not.toContain('主动容错');
        await link.click();
        const form = applicant.page.locator('form.new-case-form');
        await form.waitFor();
        const page = applicant.page.locator('main');
        await expect(page.innerText()).resolves.not.toContain('主动容错');
        await expect(form.locator('[name="exOfficioReason"], [name="cadreId"], [name="unitId"]').count()).resolves.toBe(0);
        await expectText(applicant.page.locator('[data-testid="applying-as"]'), '张明（本人）');

        // 保存草稿 on an empty form: refused with the reason, and no case is opened.
        const before = await casesOf('applicant1');
        await form.locator('button[value="save"]').click();
        await expectText(applicant.page.locator('[data-testid="empty-form"]'), '表单内容为空，未保存');
        await expect(casesOf('applicant1')).resolves.toBe(before);

        // A draft with only the story: saved; its submit form opens with what was saved, and the
        // attempt to submit it as it is says what is missing.
        await fillFields(form, { matter: application.matter });
        await form.locator('[data-testid="save-and-submit"]').click();
        await applicant.page.waitForURL(/\/app\/cases\//);
        await applicant.page.locator('[data-testid="case-state"][data-state="draft"]').waitFor();
        await applicant.page.locator('[data-testid="not-submitted"] .refusal-conditions li').first().waitFor();
        await expect(casesOf('applicant1')).resolves.toBe(before + 1);
        const submit = applicant.page.locator('details.action[data-event="SUBMIT"]');
        await expect(submit.getAttribute('open')).resolves.not.toBeNull();
        await expect(submit.locator('textarea[name="matter"]').inputValue()).resolves.toBe(application.matter);
        // 「案件内容」 shows the application itself.
        await expectText(applicant.page.locator('[data-section="record"]'), String(application.matter));
        // What is expected is submitting; withdrawing and editing are options.
        const expected = applicant.page.locator('[data-testid="expectation"][data-my-turn="true"] ul');
        await expectText(expected, '提交容错申请');
        await expect(expected.innerText()).resolves.not.toContain('撤回申请');
        await expectText(applicant.page.locator('[data-testid="expect-options"]'), '撤回申请');
        await applicant.screenshot(`open-defects-draft-${viewport.width}`);

        // 保存并提交 with a complete application: submitted in one step.
        await applicant.page.goto(`${web.baseUrl}/app/new/tolerance`);
        await form.waitFor();
        await fillFields(form, application);
        await form.locator('[data-testid="save-and-submit"]').click();
        await applicant.page.waitForURL(/\/app\/cases\//);
        await applicant.page.locator('[data-testid="case-state"][data-state="submitted"]').waitFor();
        expect(applicant.unexpectedProblems()).toEqual([]);
      } finally {
        await applicant.close();
      }
    });

    it(`§17 at ${viewport.width} px: the header names the person once with their roles; English lists roles with commas and spells the month`, async () => {
      const officer = await UserSession.login(browser, web.baseUrl, 'leader1', viewport);
      try {
        await expectText(officer.page.locator('[data-testid="user-name"]'), '刘建国');
        const roles = officer.page.locator('[data-testid="user-roles"]');
        if (viewport === DESKTOP) await expectText(roles, '机关领导');
        await expect(officer.page.locator('[data-testid="user-name"]').innerText()).resolves.not.toMatch(/[（(]/);
        await officer.page.locator('button.lang-switch').click();
        await expectText(officer.page.locator('main h1'), 'Work queue');
        await expectText(officer.page.locator('table.case-table tbody'), /\b\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec) 20\d\d\b/);
        const body = await officer.page.locator('body').innerText();
        expect(body).not.toMatch(/\b\d{2}\/\d{2}\/\d{4}\b/);
        // Several roles in one cell: joined as English lists are.
        const turns = await officer.page.locator('table.case-table tbody').innerText();
        expect(turns).toMatch(/Applicant \(cadre\)\s*,\s*Cadre's unit/);
        expect(turns).not.toMatch(/(Applicant \(cadre\)|Cadre's unit|Case officer|Leader)\s*、/);
        await officer.screenshot(`open-defects-english-${viewport.width}`);
      } finally {
        await officer.close();
      }
    });

    it(`§14 at ${viewport.width} px: the audit desk finds an official's steps by name and shows names, not accounts`, async () => {
      const applicant = await web.t.as('applicant1');
      const created = await web.t
        .http()
        .post('/api/cases')
        .set(applicant)
        .send({ procedure: 'tolerance', ...toleranceSamples.creations[0].data })
        .expect(201);
      const id = created.body.id as string;
      await web.t.http().post(`/api/cases/${id}/events`).set(applicant).send({ type: 'SUBMIT', expectedVersion: 1 }).expect(200);
      await web.t
        .http()
        .post(`/api/cases/${id}/events`)
        .set(await web.t.as('officer1'))
        .send({ type: 'ACCEPT', expectedVersion: 2 })
        .expect(200);
      const auditor = await UserSession.login(browser, web.baseUrl, 'auditor1', viewport);
      try {
        await auditor.page.goto(`${web.baseUrl}/app/audit?caseId=${id}`);
        await pageRendered(auditor.page);
        await auditor.page.locator('input[name="actor"]').fill('王强');
        await auditor.page.locator('form.filters button[type="submit"]').click();
        await auditor.page.waitForURL(/actor=/);
        await pageRendered(auditor.page);
        const rows = auditor.page.locator('table.entry-table tbody tr');
        await expect(rows.count()).resolves.toBe(1);
        await expect(rows.first().getAttribute('data-event')).resolves.toBe('ACCEPT');
        await expectText(rows.first(), '王强');
        await expect(rows.first().innerText()).resolves.not.toContain('officer1');
        await auditor.screenshot(`open-defects-audit-actor-${viewport.width}`);
        // The staff timeline names the official too; the party's never does (§13).
        const officer = await UserSession.login(browser, web.baseUrl, 'officer2', viewport);
        await officer.page.goto(`${web.baseUrl}/app/cases/${id}`);
        await expectText(officer.page.locator('.timeline-entry[data-event="ACCEPT"]'), '王强');
        await officer.close();
        const party = await UserSession.login(browser, web.baseUrl, 'applicant1', viewport);
        await party.page.goto(`${web.baseUrl}/app/cases/${id}`);
        await party.page.locator('.timeline-entry[data-event="ACCEPT"]').waitFor();
        const everything = (await party.page.locator('body').textContent()) ?? '';
        expect(everything).not.toContain('王强');
        expect(everything).not.toContain('officer1');
        await party.close();
      } finally {
        await auditor.close();
      }
    });
  }
});
