import { DEFAULT_CATALOGUE } from '../workflows/tolerance/tolerance.catalogue';
import {
  assessAllDistinctions,
  decideExemption,
  decideMitigated,
  decideNotTolerated,
  fullAssessment,
  TOLERANCE_TIMES as T,
  toleranceSamples,
  vote,
} from '../workflows/tolerance/tolerance.samples';
import { SAMPLE_COMMITTEE_MEMBERS } from '../workflows/sample-world';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Issue 19 over HTTP: the catalogues (edited by the system administrator, on the admin chain, a
 * case keeping the version it was assessed under), findings that bind the decision, collective
 * decisions held by the configured committee with quorum and dissent, and refusals that name
 * their conditions in both languages while the case offers only what could pass.
 */
describe('the rules, exactly (issue 19)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
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

  /** A tolerance case in verification, the cadre heard and the unit's opinion in. */
  async function inVerification(): Promise<string> {
    t.clock.set('2026-03-02T01:00:00.000Z');
    const opened = await t
      .http()
      .post('/api/cases')
      .set(await t.as('applicant1'))
      .send({ procedure: 'tolerance', ...toleranceSamples.creations[0].data })
      .expect(201);
    const id = opened.body.id as string;
    await ok(id, 'applicant1', 'SUBMIT', {}, '2026-03-02T02:00:00.000Z');
    await ok(id, 'officer1', 'ACCEPT', { note: '受理' }, '2026-03-03T02:00:00.000Z');
    await ok(id, 'officer1', 'RECORD_STATEMENT', { statement: '陈述', heardOn: '2026-03-10' }, T.hear);
    await ok(id, 'officer1', 'RECORD_UNIT_OPINION', { opinion: '建议容错' }, T.hear);
    return id;
  }

  /** Assessed, findings submitted, the defence heard: awaiting the committee. */
  async function awaitingDecision(assessment: Record<string, unknown> = fullAssessment): Promise<string> {
    const id = await inVerification();
    await ok(id, 'officer1', 'RECORD_ASSESSMENT', assessment, T.assess);
    await ok(id, 'officer1', 'SUBMIT_FINDINGS', { summary: '核实报告', recommendation: 'exemption' }, T.findings);
    await ok(id, 'reviewer1', 'RECORD_REVIEW_DEFENCE', { hearing: 'declined' }, T.hearDefence);
    await ok(id, 'reviewer1', 'PASS_TO_COMMITTEE', { opinion: '同意' }, T.review);
    return id;
  }

  describe('catalogues', () => {
    it('ships the defaults of domain.md §3.6 as version 1 of every jurisdiction, 问责条例 art. 17 included', async () => {
      const overview = await t
        .http()
        .get('/api/admin/catalogues')
        .set(await t.as('sysadmin1'))
        .expect(200);
      expect(overview.body.map((item: { jurisdiction: string }) => item.jurisdiction)).toEqual(['jinan', 'qingdao']);
      const qingdao = await t
        .http()
        .get('/api/admin/catalogues/qingdao')
        .set(await t.as('sysadmin1'))
        .expect(200);
      expect(qingdao.body).toMatchObject({ jurisdiction: 'qingdao', version: 1, createdBy: 'system' });
      expect(qingdao.body.entries).toEqual(DEFAULT_CATALOGUE);
      const art17 = qingdao.body.entries.filter((entry: { legalBasis: string }) => entry.legalBasis.includes('第十七条'));
      expect(art17.map((entry: { code: string }) => entry.code)).toEqual(['T01', 'T02', 'T03', 'T04', 'T05']);
    });

    it('an edit is a new version on the admin chain; a case keeps the version it was assessed under', async () => {
      // Case A is assessed under version 1.
      const a = await inVerification();
      await ok(a, 'officer1', 'RECORD_ASSESSMENT', { catalogue: { toleranceSituations: [{ code: 'T01' }], exclusionSituations: [] } }, T.assess);
      const before = await t
        .http()
        .get('/api/admin/catalogues/jinan')
        .set(await t.as('sysadmin1'))
        .expect(200);
      const entries = before.body.entries.map(
        (entry: { code: string; kind: string; wording: { zh: string; en: string }; legalBasis: string; describe: boolean }) => ({
          code: entry.code,
          kind: entry.kind,
          zh: entry.code === 'T01' ? '改革试点中因经验不足出现的探索性失误（2026年修订）' : entry.wording.zh,
          en: entry.wording.en,
          legalBasis: entry.legalBasis,
          describe: entry.describe,
        }),
      );
      entries.push({
        code: 'T08',
        kind: 'tolerance',
        zh: '为应对突发事件先行处置出现的失误',
        en: '',
        legalBasis: '本市容错纠错实施办法（2026年）第五条',
        describe: false,
      });
      const saved = await t
        .http()
        .put('/api/admin/catalogues/jinan')
        .set(await t.as('sysadmin1'))
        .send({ expectedVersion: before.body.version, entries, note: '依据本市实施办法修订' })
        .expect(200);
      expect(saved.body).toMatchObject({ jurisdiction: 'jinan', version: before.body.version + 1, createdBy: 'sysadmin1', note: '依据本市实施办法修订' });
      expect(saved.body.entries.find((entry: { code: string }) => entry.code === 'T08').wording).toEqual({
        zh: '为应对突发事件先行处置出现的失误',
        en: '为应对突发事件先行处置出现的失误',
      });
      const admin = await t
        .http()
        .get('/api/audit/entries?stream=admin&event=CATALOGUE_CHANGED')
        .set(await t.as('auditadmin1'))
        .expect(200);
      expect(admin.body.items[0]).toMatchObject({
        actorId: 'sysadmin1',
        data: { jurisdiction: 'jinan', version: saved.body.version, added: ['T08'], removed: [], changed: ['T01'] },
      });

      // Case A, assessed again, still reads version 1; a new case B is assessed under the new version.
      await ok(a, 'officer1', 'RECORD_ASSESSMENT', { catalogue: { toleranceSituations: [{ code: 'T01' }], exclusionSituations: [] } }, T.assess);
      const viewA = await t
        .http()
        .get(`/api/cases/${a}`)
        .set(await t.as('officer1'))
        .expect(200);
      expect(viewA.body.data.verification.catalogue).toMatchObject({
        version: 1,
        toleranceSituations: [{ code: 'T01', wording: { zh: '在推进改革中因缺乏经验、先行先试出现的失误' } }],
      });
      expect(
        (
          await t
            .http()
            .get(`/api/cases/${a}/catalogue`)
            .set(await t.as('officer1'))
            .expect(200)
        ).body.version,
      ).toBe(1);
      // T08 does not exist in version 1: the case cannot select it.
      const refused = await send(
        a,
        'officer1',
        'RECORD_ASSESSMENT',
        { catalogue: { toleranceSituations: [{ code: 'T08' }], exclusionSituations: [] } },
        T.assess,
      );
      expect(refused.status).toBe(409);
      expect(refused.body.details.conditions).toEqual([
        {
          code: 'catalogue.unknownCode',
          zh: '“T08”不是本辖区容错情形目录（第1版）中的情形',
          en: '“T08” is not a tolerance situation of this jurisdiction’s catalogue (version 1)',
          field: 'catalogue.toleranceSituations[0].code',
        },
      ]);
      const b = await inVerification();
      expect(
        (
          await t
            .http()
            .get(`/api/cases/${b}/catalogue`)
            .set(await t.as('officer1'))
            .expect(200)
        ).body.version,
      ).toBe(saved.body.version);
      await ok(
        b,
        'officer1',
        'RECORD_ASSESSMENT',
        { catalogue: { toleranceSituations: [{ code: 'T08' }, { code: 'T01' }], exclusionSituations: [] } },
        T.assess,
      );
      const viewB = await t
        .http()
        .get(`/api/cases/${b}`)
        .set(await t.as('officer1'))
        .expect(200);
      expect(viewB.body.data.verification.catalogue.version).toBe(saved.body.version);
      expect(viewB.body.data.verification.catalogue.toleranceSituations[1].wording.zh).toBe('改革试点中因经验不足出现的探索性失误（2026年修订）');
      // The trail entry shows what the assessment was made on.
      const trail = await t
        .http()
        .get(`/api/cases/${b}/trail`)
        .set(await t.as('auditor1'))
        .expect(200);
      expect(trail.body.at(-1).data.facts.catalogue).toMatchObject({ jurisdiction: 'jinan', version: saved.body.version });
    });

    it('the “other” entry needs a description at verification', async () => {
      const id = await inVerification();
      const refused = await send(
        id,
        'officer1',
        'RECORD_ASSESSMENT',
        { catalogue: { toleranceSituations: [{ code: 'T99' }], exclusionSituations: [] } },
        T.assess,
      );
      expect(refused.status).toBe(409);
      expect(refused.body.details.conditions.map((c: { code: string }) => c.code)).toEqual(['catalogue.describeOther']);
      await ok(
        id,
        'officer1',
        'RECORD_ASSESSMENT',
        { catalogue: { toleranceSituations: [{ code: 'T99', description: '抢抓政策窗口期先行启动' }], exclusionSituations: [] } },
        T.assess,
      );
    });

    it('refuses a bad edit naming every problem, a stale one, an unchanged one, and anyone but the system administrator; nothing is stored', async () => {
      const current = (
        await t
          .http()
          .get('/api/admin/catalogues/qingdao')
          .set(await t.as('sysadmin1'))
          .expect(200)
      ).body;
      const bad = await t
        .http()
        .put('/api/admin/catalogues/qingdao')
        .set(await t.as('sysadmin1'))
        .send({
          expectedVersion: current.version,
          entries: [
            { code: 't1', kind: 'tolerance', zh: '情形', legalBasis: '依据' },
            { code: 'X01', kind: 'maybe', zh: '', legalBasis: '依据' },
            { code: 'X01', kind: 'exclusion', zh: '情形', legalBasis: '依据', describe: true },
          ],
        });
      expect(bad.status).toBe(400);
      expect(bad.body.code).toBe('CATALOGUE.INVALID');
      const codes = bad.body.details.conditions.map((c: { code: string }) => c.code);
      expect(codes).toEqual(
        expect.arrayContaining(['catalogue.code', 'catalogue.kind', 'catalogue.required', 'catalogue.duplicateCode', 'catalogue.otherEntry']),
      );
      for (const condition of bad.body.details.conditions) expect(condition.zh && condition.en).toBeTruthy();
      expect(bad.body.details.conditions.find((c: { code: string }) => c.code === 'catalogue.code').field).toBe('entries[0].code');
      const entries = current.entries.map(
        (entry: { code: string; kind: string; wording: { zh: string; en: string }; legalBasis: string; describe: boolean }) => ({
          code: entry.code,
          kind: entry.kind,
          zh: entry.wording.zh,
          en: entry.wording.en,
          legalBasis: entry.legalBasis,
          describe: entry.describe,
        }),
      );
      const unchanged = await t
        .http()
        .put('/api/admin/catalogues/qingdao')
        .set(await t.as('sysadmin1'))
        .send({ expectedVersion: current.version, entries });
      expect(unchanged.status).toBe(409);
      expect(unchanged.body.code).toBe('CATALOGUE.UNCHANGED');
      const stale = await t
        .http()
        .put('/api/admin/catalogues/qingdao')
        .set(await t.as('sysadmin1'))
        .send({ expectedVersion: current.version + 5, entries });
      expect(stale.status).toBe(409);
      expect(stale.body).toMatchObject({ code: 'CATALOGUE.CHANGED', details: { currentVersion: current.version } });
      for (const user of ['officer1', 'secadmin1', 'auditor1'])
        await t
          .http()
          .put('/api/admin/catalogues/qingdao')
          .set(await t.as(user))
          .send({ expectedVersion: current.version, entries })
          .expect(403);
      await t
        .http()
        .put('/api/admin/catalogues/nowhere')
        .set(await t.as('sysadmin1'))
        .send({ expectedVersion: 1, entries })
        .expect(404);
      expect(
        (
          await t
            .http()
            .get('/api/admin/catalogues/qingdao')
            .set(await t.as('sysadmin1'))
            .expect(200)
        ).body.versions,
      ).toHaveLength(current.versions.length);
    });
  });

  describe('findings bind the decision', () => {
    it('an exclusion situation rules out exemption and mitigation alike; not tolerated is taken', async () => {
      const id = await awaitingDecision({ ...fullAssessment, catalogue: { toleranceSituations: [{ code: 'T01' }], exclusionSituations: [{ code: 'X04' }] } });
      for (const decision of [decideExemption, decideMitigated]) {
        const refused = await send(id, 'committee1', 'DECIDE', decision, T.decide);
        expect(refused.status).toBe(409);
        expect(refused.body.code).toBe('CASE.GUARD_REFUSED');
        expect(refused.body.details.conditions).toEqual([
          expect.objectContaining({ code: 'findings.exclusion', zh: expect.stringContaining('X04 同一问题重复发生的'), field: 'outcome' }),
        ]);
      }
      const decided = await ok(id, 'committee1', 'DECIDE', decideNotTolerated, T.decide);
      expect(decided.data.outcome).toMatchObject({ outcome: 'notTolerated', exclusionSituations: [{ code: 'X04' }] });
    });

    it('a distinction on the violation side refuses a tolerance outcome, naming it', async () => {
      const id = await awaitingDecision({ ...fullAssessment, distinctions: { ...assessAllDistinctions, purpose: { side: 'privateGain', note: '收受好处' } } });
      const refused = await send(id, 'committee1', 'DECIDE', decideMitigated, T.decide);
      expect(refused.status).toBe(409);
      expect(refused.body.details.conditions).toEqual([
        {
          code: 'findings.violationSide.purpose',
          zh: '“三个区分开来”认定属于“为谋取私利的违纪违法行为”，不得作出“从轻/减轻处理”',
          en: 'The distinction finds Violation for personal or private gain: no Lighter or mitigated handling',
          field: 'outcome',
        },
      ]);
    });
  });

  describe('collective decisions that are collective', () => {
    it('attendees are members of the configured committee, enough for the quorum; the dissent is recorded, the votes add up', async () => {
      const id = await awaitingDecision();
      const stranger = await send(
        id,
        'committee1',
        'DECIDE',
        { ...decideExemption, attendees: [...SAMPLE_COMMITTEE_MEMBERS.slice(0, 3), '外单位人员', SAMPLE_COMMITTEE_MEMBERS[4]] },
        T.decide,
      );
      expect(stranger.status).toBe(409);
      expect(stranger.body.details.conditions.map((c: { code: string }) => c.code)).toEqual(['committee.notMember']);
      const few = { ...decideExemption, attendees: SAMPLE_COMMITTEE_MEMBERS.slice(0, 3), votesFor: 3, votesAgainst: 0, dissent: [] };
      const quorum = await send(id, 'committee1', 'DECIDE', few, T.decide);
      expect(quorum.body.details.conditions).toEqual([
        { code: 'committee.quorum', zh: '到会委员3人，未达到法定人数4人（委员共7人）', en: '3 members attended; the quorum is 4 of 7', field: 'attendees' },
      ]);
      const undocumented = await send(id, 'committee1', 'DECIDE', { ...decideExemption, dissent: [] }, T.decide);
      expect(undocumented.body.details.conditions.map((c: { code: string }) => c.code)).toEqual(['dissent.count']);
      const exceeds = await send(id, 'committee1', 'DECIDE', { ...decideExemption, votesFor: 6, votesAgainst: 0, dissent: [] }, T.decide);
      expect(exceeds.body.details.conditions.map((c: { code: string; zh: string }) => c.zh)).toContain('赞成票（6）超过参会人数（5）');
      const future = await send(id, 'committee1', 'DECIDE', { ...decideExemption, meetingDate: '2026-04-21' }, T.decide);
      expect(future.body.details.conditions.map((c: { code: string }) => c.code)).toEqual(['date.inFuture']);
      // Refusals change nothing: the case is still waiting for its decision.
      expect(
        (
          await t
            .http()
            .get(`/api/cases/${id}`)
            .set(await t.as('auditor1'))
        ).body.state,
      ).toBe('awaitingDecision');

      const decided = await ok(id, 'committee1', 'DECIDE', decideExemption, T.decide);
      expect(decided.data.decision).toMatchObject({
        attendees: vote.attendees,
        dissent: vote.dissent,
        committee: { jurisdiction: 'jinan', members: 7, quorum: 4 },
      });
      // The cadre learns the decision, not who voted how nor who dissented.
      const cadre = await t
        .http()
        .get(`/api/cases/${id}/trail`)
        .set(await t.as('applicant1'))
        .expect(200);
      const decision = cadre.body.find((entry: { event: string }) => entry.event === 'DECIDE');
      expect(decision.data).toEqual({ outcome: 'exemption', reasoning: decideExemption.reasoning });
      expect(JSON.stringify(cadre.body)).not.toContain(SAMPLE_COMMITTEE_MEMBERS[4]);
    });

    it('the committee is the system administrator’s to configure (quorum included), on the admin chain; without one no decision is made', async () => {
      const list = await t
        .http()
        .get('/api/admin/committees')
        .set(await t.as('sysadmin1'))
        .expect(200);
      const jinan = list.body.find((item: { jurisdiction: string }) => item.jurisdiction === 'jinan');
      expect(jinan).toMatchObject({ members: SAMPLE_COMMITTEE_MEMBERS, quorum: 4, defaultQuorum: true, version: 1 });
      const bad = await t
        .http()
        .put('/api/admin/committees/jinan')
        .set(await t.as('sysadmin1'))
        .send({ members: ['甲', '甲'], expectedVersion: 1 });
      expect(bad.status).toBe(400);
      expect(bad.body.details.conditions.map((c: { code: string }) => c.code)).toEqual(['committee.duplicateMember']);
      const tooHigh = await t
        .http()
        .put('/api/admin/committees/jinan')
        .set(await t.as('sysadmin1'))
        .send({ members: SAMPLE_COMMITTEE_MEMBERS, quorum: 9, expectedVersion: 1 });
      expect(tooHigh.body.details.conditions.map((c: { code: string }) => c.code)).toEqual(['committee.quorumTooHigh']);
      await t
        .http()
        .put('/api/admin/committees/jinan')
        .set(await t.as('officer1'))
        .send({ members: SAMPLE_COMMITTEE_MEMBERS, expectedVersion: 1 })
        .expect(403);
      const set = await t
        .http()
        .put('/api/admin/committees/jinan')
        .set(await t.as('sysadmin1'))
        .send({ members: SAMPLE_COMMITTEE_MEMBERS, quorum: 6, expectedVersion: 1 })
        .expect(200);
      expect(set.body).toMatchObject({ quorum: 6, defaultQuorum: false, version: 2 });
      const admin = await t
        .http()
        .get('/api/audit/entries?stream=admin&event=COMMITTEE_CHANGED')
        .set(await t.as('auditadmin1'))
        .expect(200);
      expect(admin.body.items[0]).toMatchObject({ actorId: 'sysadmin1', data: { jurisdiction: 'jinan', version: 2, quorum: 6 } });

      // Five members now fall short of the configured quorum of six.
      const id = await awaitingDecision();
      const refused = await send(id, 'committee1', 'DECIDE', decideExemption, T.decide);
      expect(refused.body.details.conditions.map((c: { code: string }) => c.code)).toEqual(['committee.quorum']);
      await t
        .http()
        .put('/api/admin/committees/jinan')
        .set(await t.as('sysadmin1'))
        .send({ members: SAMPLE_COMMITTEE_MEMBERS, expectedVersion: 2 })
        .expect(200);
      await ok(id, 'committee1', 'DECIDE', decideExemption, T.decide);
    });
  });

  describe('refusals that say why, events offered only when they could pass', () => {
    it('offers no 「批准延期」 while nobody asked for an extension, and names why a guard refuses', async () => {
      const id = await inVerification();
      const leaderView = await t
        .http()
        .get(`/api/cases/${id}`)
        .set(await t.as('leader1'))
        .expect(200);
      expect(leaderView.body.allowedEvents).not.toContain('APPROVE_EXTENSION');
      const refused = await send(id, 'leader1', 'APPROVE_EXTENSION', {}, T.assess);
      expect(refused.status).toBe(409);
      expect(refused.body.details.conditions).toEqual([
        { code: 'extension.notPending', zh: '没有待审批的延长核实期限申请', en: 'There is no pending request to extend verification' },
      ]);
      const missing = await send(id, 'officer1', 'SUBMIT_FINDINGS', { summary: '报告', recommendation: 'exemption' }, T.findings);
      expect(missing.body.details.conditions.map((c: { zh: string }) => c.zh)).toContain('尚缺：比对容错情形和不予容错情形目录');
      await ok(id, 'officer1', 'REQUEST_EXTENSION', { reason: '调取材料' }, T.assess);
      expect(
        (
          await t
            .http()
            .get(`/api/cases/${id}`)
            .set(await t.as('leader1'))
            .expect(200)
        ).body.allowedEvents,
      ).toEqual(expect.arrayContaining(['APPROVE_EXTENSION', 'DENY_EXTENSION']));
      // Each refusal is in the trail, with its code.
      const trail = await t
        .http()
        .get(`/api/cases/${id}/trail`)
        .set(await t.as('auditor1'))
        .expect(200);
      expect(trail.body.filter((entry: { outcome: string }) => entry.outcome === 'refused').map((entry: { refusalCode: string }) => entry.refusalCode)).toEqual(
        ['CASE.GUARD_REFUSED', 'CASE.GUARD_REFUSED'],
      );
    });

    it('refuses to open a case whose dates lie ahead, naming the date', async () => {
      t.clock.set('2026-03-02T01:00:00.000Z');
      const refused = await t
        .http()
        .post('/api/cases')
        .set(await t.as('applicant1'))
        .send({ procedure: 'tolerance', ...toleranceSamples.creations[0].data, decisionOn: '2026-03-05' });
      expect(refused.status).toBe(409);
      expect(refused.body.details.conditions).toEqual([expect.objectContaining({ code: 'date.inFuture', field: 'decisionOn' })]);
    });
  });
});
