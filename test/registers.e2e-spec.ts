import { clarificationSamples, signedLead } from '../workflows/clarification/clarification.samples';
import { blacklistDecision, falseAccusationSamples, sampleFinding } from '../workflows/false-accusation/false-accusation.samples';
import { RISK_FILING_TIMES as RT, riskFilingSamples, sampleFiling } from '../workflows/risk-filing/risk-filing.samples';
import { fullAssessment, TOLERANCE_TIMES as T, toleranceSamples } from '../workflows/tolerance/tolerance.samples';
import { PathDriver } from './support/path-driver';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * The registers over HTTP (issue 19 §4, §5): a 防错备案 filed, reviewed and registered under its
 * number, refused a second time, and used as evidence in a tolerance case's findings; the credit
 * blacklist entered by a false-accusation decision, seen only by the holder of a granted reveal on
 * a new report by the same person, withdrawn by a changed review, expiring after its last day —
 * every read on the record.
 */
describe('registers: risk-prevention filings and the credit blacklist', () => {
  let t: TestApp;
  let driver: PathDriver;

  beforeAll(async () => {
    t = await startTestApp();
    driver = new PathDriver(t);
  });
  afterAll(() => t.close());

  async function send(caseId: string, user: string, type: string, data: Record<string, unknown> = {}, at?: string) {
    if (at) t.clock.set(at);
    return t.sendEvent(caseId, user, type, data);
  }
  async function ok(caseId: string, user: string, type: string, data: Record<string, unknown> = {}, at?: string) {
    const response = await send(caseId, user, type, data, at);
    if (response.status !== 200) throw new Error(`${type} as ${user}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  }

  async function fileAndRegister(filingNo: string, project = sampleFiling.project): Promise<string> {
    t.clock.set(RT.filed);
    const filed = await t
      .http()
      .post('/api/cases')
      .set(await t.as('unit1'))
      .send({ procedure: 'riskFiling', ...sampleFiling, project })
      .expect(201);
    expect(filed.body).toMatchObject({ procedure: 'riskFiling', state: 'filed' });
    await ok(filed.body.id, 'officer1', 'REVIEW_FILING', riskFilingSamples.events.REVIEW_FILING[0].data, RT.review);
    const leaderView = await t
      .http()
      .get(`/api/cases/${filed.body.id}`)
      .set(await t.as('leader1'))
      .expect(200);
    expect(leaderView.body.allowedEvents).toEqual(expect.arrayContaining(['REGISTER_FILING', 'RETURN_FILING']));
    await ok(filed.body.id, 'leader1', 'REGISTER_FILING', { filingNo, note: '准予备案' }, RT.register);
    return filed.body.id;
  }

  describe('防错备案', () => {
    it('a unit files, an officer reviews, a leader registers under a number the register then holds; the number is given once', async () => {
      const id = await fileAndRegister('开改备〔2025〕7号');
      const view = await t
        .http()
        .get(`/api/cases/${id}`)
        .set(await t.as('officer1'))
        .expect(200);
      expect(view.body).toMatchObject({ state: 'registered', status: 'done' });
      expect(view.body.data.registration).toMatchObject({ by: 'leader1', filingNo: '开改备〔2025〕7号', filedOn: '2025-03-10', registeredOn: '2025-04-01' });
      const register = await t
        .http()
        .get('/api/registers/filings')
        .set(await t.as('officer1'))
        .expect(200);
      expect(register.body).toEqual([
        expect.objectContaining({
          filingNo: '开改备〔2025〕7号',
          caseId: id,
          unitId: 'unit-jinan-dev',
          jurisdiction: 'jinan',
          project: sampleFiling.project,
          filedOn: '2025-03-10',
          registeredOn: '2025-04-01',
          registeredBy: 'leader1',
        }),
      ]);
      const trail = await t
        .http()
        .get(`/api/cases/${id}/trail`)
        .set(await t.as('auditor1'))
        .expect(200);
      expect(trail.body.at(-1).data.links).toEqual([{ register: 'riskFilings', op: 'add', entries: 1 }]);
      // The same number for another filing is refused, naming why; nothing changes.
      t.clock.set(RT.filed);
      const second = await t
        .http()
        .post('/api/cases')
        .set(await t.as('unit1'))
        .send({ procedure: 'riskFiling', ...sampleFiling, project: '另一试点' })
        .expect(201);
      await ok(second.body.id, 'officer1', 'REVIEW_FILING', { opinion: '同意' }, RT.review);
      const taken = await send(second.body.id, 'leader1', 'REGISTER_FILING', { filingNo: '开改备〔2025〕7号' }, RT.register);
      expect(taken.status).toBe(409);
      expect(taken.body.details.conditions).toEqual([expect.objectContaining({ code: 'filing.numberTaken', field: 'filingNo' })]);
      expect(
        (
          await t
            .http()
            .get(`/api/cases/${second.body.id}`)
            .set(await t.as('officer1'))
        ).body.state,
      ).toBe('reviewed');
      // Nobody outside staff reads the register.
      await t
        .http()
        .get('/api/registers/filings')
        .set(await t.as('applicant1'))
        .expect(403);
    });

    it('an unlawful project cannot pass review; the filing is returned, changed and filed again', async () => {
      t.clock.set(RT.filed);
      const unlawful = { ...sampleFiling, legalityReview: { ...sampleFiling.legalityReview, conclusion: 'unlawful' } };
      const filed = await t
        .http()
        .post('/api/cases')
        .set(await t.as('unit1'))
        .send({ procedure: 'riskFiling', ...unlawful })
        .expect(201);
      const officerView = await t
        .http()
        .get(`/api/cases/${filed.body.id}`)
        .set(await t.as('officer1'))
        .expect(200);
      expect(officerView.body.allowedEvents).toEqual(['RETURN_FILING']);
      const refused = await send(filed.body.id, 'officer1', 'REVIEW_FILING', { opinion: '同意' }, RT.review);
      expect(refused.body.details.conditions.map((c: { code: string }) => c.code)).toEqual(['filing.unlawful']);
      await ok(filed.body.id, 'officer1', 'RETURN_FILING', { reason: '合法性问题未解决' }, RT.returned);
      const revised = { changes: '调整方案，重新审查', legalityReview: { ...sampleFiling.legalityReview, reviewedOn: '2025-03-24', conclusion: 'lawful' } };
      const resubmitted = await ok(filed.body.id, 'unit1', 'RESUBMIT_FILING', revised, RT.resubmit);
      expect(resubmitted.state).toBe('filed');
      // A date ahead is refused at the opening too.
      t.clock.set(RT.filed);
      const ahead = await t
        .http()
        .post('/api/cases')
        .set(await t.as('unit1'))
        .send({ procedure: 'riskFiling', ...sampleFiling, approvedOn: '2025-12-01' });
      expect(ahead.status).toBe(409);
      expect(ahead.body.details.conditions).toEqual([expect.objectContaining({ code: 'date.inFuture', field: 'approvedOn' })]);
    });

    it('a tolerance application cites the filing; verification checks it against the register and the findings count it in the applicant’s favour', async () => {
      t.clock.set('2026-03-02T01:00:00.000Z');
      const opened = await t
        .http()
        .post('/api/cases')
        .set(await t.as('applicant1'))
        .send({ procedure: 'tolerance', ...toleranceSamples.creations[0].data })
        .expect(201);
      const id = opened.body.id as string;
      await ok(id, 'applicant1', 'SUBMIT', {}, '2026-03-02T02:00:00.000Z');
      await ok(id, 'officer1', 'ACCEPT', {}, '2026-03-03T02:00:00.000Z');
      await ok(id, 'officer1', 'RECORD_STATEMENT', { statement: '陈述', heardOn: '2026-03-10' }, T.hear);
      await ok(id, 'officer1', 'RECORD_UNIT_OPINION', { opinion: '建议容错' }, T.hear);
      // An assessment with nothing in it is refused with its condition (issue 23 §7), and changes nothing.
      const before = (
        await t
          .http()
          .get(`/api/cases/${id}`)
          .set(await t.as('officer1'))
          .expect(200)
      ).body.version;
      const empty = await send(id, 'officer1', 'RECORD_ASSESSMENT', {}, T.assess);
      expect(empty.status).toBeGreaterThanOrEqual(400);
      expect(empty.body.details.conditions).toEqual([
        expect.objectContaining({ code: 'assessment.empty', zh: expect.stringContaining('综合分析研判未填写任何内容') }),
      ]);
      const after = (
        await t
          .http()
          .get(`/api/cases/${id}`)
          .set(await t.as('officer1'))
          .expect(200)
      ).body;
      expect(after.version).toBe(before);
      expect(after.data.verification?.factors ?? {}).toEqual({});
      // Found, it needs the officer's view of whether it covers the matter.
      const unjudged = await send(id, 'officer1', 'RECORD_ASSESSMENT', { riskFiling: { note: '已核对' } }, T.assess);
      expect(unjudged.body.details.conditions.map((c: { code: string }) => c.code)).toEqual(['riskFiling.coversMatter']);
      await ok(id, 'officer1', 'RECORD_ASSESSMENT', fullAssessment, T.assess);
      const checked = await ok(id, 'officer1', 'SUBMIT_FINDINGS', { summary: '核实报告', recommendation: 'exemption' }, T.findings);
      expect(checked.data.verification.riskFiling).toMatchObject({
        cited: true,
        filingNo: '开改备〔2025〕7号',
        found: true,
        filing: { project: sampleFiling.project, filedOn: '2025-03-10', registeredOn: '2025-04-01' },
        decisionOn: '2025-05-10',
        coversMatter: true,
        predatesDecision: true,
        inFavour: true,
      });
      expect(checked.data.verification.findings.factorsInFavour).toContain('riskFiling');
      const trail = await t
        .http()
        .get(`/api/cases/${id}/trail`)
        .set(await t.as('auditor1'))
        .expect(200);
      const assessment = trail.body
        .filter((entry: { event: string; outcome: string }) => entry.event === 'RECORD_ASSESSMENT' && entry.outcome === 'applied')
        .at(-1);
      expect(assessment.data.facts.filing).toMatchObject({ filingNo: '开改备〔2025〕7号', registeredOn: '2025-04-01' });

      // Cited but not in the register: recorded as not found, not in the applicant's favour.
      t.clock.set('2026-03-02T01:00:00.000Z');
      const other = await t
        .http()
        .post('/api/cases')
        .set(await t.as('applicant1'))
        .send({ procedure: 'tolerance', ...toleranceSamples.creations[0].data, riskFilingNo: '开改备〔2099〕1号' })
        .expect(201);
      await ok(other.body.id, 'applicant1', 'SUBMIT', {}, '2026-03-02T02:00:00.000Z');
      await ok(other.body.id, 'officer1', 'ACCEPT', {}, '2026-03-03T02:00:00.000Z');
      const notFound = await ok(other.body.id, 'officer1', 'RECORD_ASSESSMENT', { riskFiling: { note: '登记簿中未查到' } }, T.assess);
      expect(notFound.data.verification.riskFiling).toMatchObject({ cited: true, found: false, inFavour: false });
    });
  });

  describe('the credit blacklist (失信黑名单)', () => {
    /** A false-accusation case about applicant2's report, decided with the blacklist measure. */
    async function blacklisted(): Promise<string> {
      const id = await driver.drive('falseAccusation', driver.paths('falseAccusation').get('deciding')!);
      const decided = await ok(id, 'committee1', 'DECIDE_MEASURES', blacklistDecision, '2026-04-20T08:00:00.000Z');
      expect(decided.data.decision).toMatchObject({ measures: ['creditBlacklist', 'circulatedNotice'], blacklistUntil: '2027-04-19' });
      return id;
    }

    /** A new signed report by the same person, and the identity read under a granted reveal. */
    async function revealOnNewReport(at: string): Promise<Record<string, any>> {
      t.clock.set(at);
      const lead = await t
        .http()
        .post('/api/cases')
        .set(await t.as('officer1'))
        .send({ procedure: 'clarification', ...signedLead.data, receivedOn: at.slice(0, 10) })
        .expect(201);
      const asked = await t
        .http()
        .post(`/api/cases/${lead.body.id}/reveals`)
        .set(await t.as('officer1'))
        .send({ reason: '核对检举人信用情况' })
        .expect(201);
      await t
        .http()
        .post(`/api/reveals/${asked.body.id}/decision`)
        .set(await t.as('leader1'))
        .send({ approve: true, validHours: 2 })
        .expect(201);
      // The registration itself tells nobody: neither the lead's view nor its list item mentions a blacklist.
      const view = await t
        .http()
        .get(`/api/cases/${lead.body.id}`)
        .set(await t.as('officer2'))
        .expect(200);
      expect(JSON.stringify(view.body)).not.toMatch(/blacklist|黑名单/);
      return (
        await t
          .http()
          .get(`/api/reveals/${asked.body.id}/identity`)
          .set(await t.as('officer1'))
          .expect(200)
      ).body;
    }

    it('a decision with the blacklist measure enters the accuser, sealed; the register shows the decision, never the person; each read is on the record', async () => {
      const id = await blacklisted();
      const trail = await t
        .http()
        .get(`/api/cases/${id}/trail`)
        .set(await t.as('auditor1'))
        .expect(200);
      expect(trail.body.at(-1).data.links).toEqual([{ register: 'creditBlacklist', op: 'add', entries: 1 }]);
      const register = await t
        .http()
        .get('/api/registers/blacklist')
        .set(await t.as('leader1'))
        .expect(200);
      const entry = register.body.find((item: { caseId: string }) => item.caseId === id);
      expect(entry).toMatchObject({
        decidingBody: '市纪委常委会',
        decidedOn: '2026-04-20',
        from: '2026-04-20',
        until: '2027-04-19',
        status: 'active',
        measures: ['creditBlacklist', 'circulatedNotice'],
      });
      // The accuser is the clarification's reporter, handed on sealed.
      const reporter = signedLead.data;
      for (const secret of [reporter.reporterName, reporter.reporterContact, reporter.reporterUserId])
        expect(JSON.stringify(register.body)).not.toContain(String(secret));
      await t
        .http()
        .get('/api/registers/blacklist')
        .set(await t.as('applicant1'))
        .expect(403);
      await t
        .http()
        .get('/api/registers/blacklist')
        .set(await t.as('reviewer1'))
        .expect(403);
      const reads = await t
        .http()
        .get('/api/audit/entries?stream=audit-reads&event=BLACKLIST_READ')
        .set(await t.as('auditadmin1'))
        .expect(200);
      expect(reads.body.items[0]).toMatchObject({ actorId: 'leader1', data: { register: 'creditBlacklist' } });
    });

    it('a new report by a listed person shows the reveal’s holder that the reporter is listed; the entry expires after its last day', async () => {
      const id = await blacklisted();
      const read = await revealOnNewReport('2026-06-01T02:00:00.000Z');
      expect(read.sealed).toMatchObject({ reporterUserId: 'applicant2' });
      expect(read.blacklist.listed).toBe(true);
      expect(read.blacklist.entries).toContainEqual(expect.objectContaining({ caseId: id, until: '2027-04-19', status: 'active' }));
      // Only the decision is shown: who decided, when, until when; the person is the one the reveal already shows.
      expect(Object.keys(read.blacklist.entries[0]).sort()).toEqual([
        'caseId',
        'decidedOn',
        'decidingBody',
        'from',
        'id',
        'jurisdiction',
        'measures',
        'stage',
        'status',
        'until',
        'withdrawnAt',
      ]);
      const checks = await t
        .http()
        .get('/api/audit/entries?stream=audit-reads&event=BLACKLIST_CHECKED')
        .set(await t.as('auditadmin1'))
        .expect(200);
      expect(checks.body.items[0]).toMatchObject({ actorId: 'officer1', data: { register: 'creditBlacklist' } });
      expect(checks.body.items[0].data.listed).toBeGreaterThan(0);

      // A day after the last day the entry has expired: the register says so, a new report no longer finds it.
      const later = await revealOnNewReport('2027-04-20T02:00:00.000Z');
      expect(later.blacklist.entries.filter((entry: { caseId: string }) => entry.caseId === id)).toEqual([]);
      t.clock.set('2027-04-20T02:00:00.000Z');
      const register = await t
        .http()
        .get('/api/registers/blacklist')
        .set(await t.as('leader1'))
        .expect(200);
      expect(register.body.find((item: { caseId: string }) => item.caseId === id).status).toBe('expired');
    });

    it('a review that changes the decision takes its entry off the register', async () => {
      const id = await blacklisted();
      await ok(id, 'officer1', 'RECORD_EXECUTION', { measure: 'creditBlacklist', executedOn: '2026-04-26', detail: '已纳入' }, '2026-04-26T08:00:00.000Z');
      await ok(id, 'officer1', 'RECORD_EXECUTION', { measure: 'circulatedNotice', executedOn: '2026-04-28', detail: '已通报' }, '2026-04-28T08:00:00.000Z');
      await ok(id, 'applicant2', 'REQUEST_REVIEW', { reason: '不服' }, '2026-05-10T08:00:00.000Z');
      const review = falseAccusationSamples.events.DECIDE_REVIEW[0].data;
      await ok(
        id,
        'committee1',
        'DECIDE_REVIEW',
        { ...review, outcome: 'changed', measures: ['circulatedNotice'], reasoning: '不再纳入黑名单' },
        '2026-06-01T08:00:00.000Z',
      );
      const register = await t
        .http()
        .get('/api/registers/blacklist')
        .set(await t.as('leader1'))
        .expect(200);
      expect(register.body.find((item: { caseId: string }) => item.caseId === id)).toMatchObject({ status: 'withdrawn' });
      const trail = await t
        .http()
        .get(`/api/cases/${id}/trail`)
        .set(await t.as('auditor1'))
        .expect(200);
      expect(trail.body.at(-1).data.links).toEqual([{ register: 'creditBlacklist', op: 'withdraw', entries: 1 }]);
      expect(sampleFinding.fabrication).toContain('forgedMaterial');
      expect(clarificationSamples.creations[0].data.reporterUserId).toBe('applicant2');
    });
  });
});
