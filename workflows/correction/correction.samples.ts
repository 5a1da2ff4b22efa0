import type { ProcedureInput } from '../core/procedure';
import type { Actor } from '../core/roles';
import type { ProcedureSamples } from '../core/samples';
import { SAMPLE_COMMITTEE_MEMBERS, SAMPLE_WORLD } from '../sample-world';

const officer: Actor = { id: 'officer1', role: 'officer' };
const cadre: Actor = { id: 'applicant1', role: 'applicant' };
const unit: Actor = { id: 'unit1', role: 'unit' };
const leader: Actor = { id: 'leader1', role: 'leader' };
const committee: Actor = { id: 'committee1', role: 'committee' };
const system: Actor = { id: 'system', role: 'system' };

/** Opened by an officer on the organ's own motion (抓早抓小). */
export const correctionOwnMotion: ProcedureInput = {
  at: '2026-03-02T01:00:00.000Z',
  actor: officer,
  data: {
    cadreId: 'applicant1',
    unitId: 'unit-jinan-dev',
    summary: '招商引资项目合同审查流于形式，存在苗头性、倾向性问题',
  },
};

/** Opened by a tolerance decision (作出容错决定时,立即启动纠错程序). */
export const correctionFromTolerance: ProcedureInput = {
  at: '2026-03-02T01:00:00.000Z',
  actor: system,
  origin: { caseId: 'tolerance-case-1', procedure: 'tolerance' },
  data: {
    cadreId: 'applicant1',
    unitId: 'unit-jinan-dev',
    summary: '容错免责：先行先试项目因经验不足造成损失，已认定容错',
  },
};

export const sampleOrder = {
  items: [
    { requirement: '完善合同合法性审查流程', responsible: 'unit', dueDate: '2026-05-29' },
    { requirement: '挽回项目损失并书面说明', responsible: 'cadre', dueDate: '2026-06-02' },
  ],
  basis: '《青岛市实施意见》第11条',
};

/** Four of the Jinan committee's seven members: the quorum, all for. */
const vote = {
  meetingDate: '2026-07-10',
  attendees: SAMPLE_COMMITTEE_MEMBERS.slice(0, 4),
  votesFor: 4,
  votesAgainst: 0,
  votesAbstain: 0,
  dissent: [],
};
/** The committee meets on the meeting date, after the escalation. */
const MEETING_AT = '2026-07-10T08:00:00.000Z';

export const correctionSamples: ProcedureSamples = {
  creations: [correctionOwnMotion, correctionFromTolerance],
  world: SAMPLE_WORLD,
  events: {
    ISSUE_ORDER: [{ actor: officer, data: sampleOrder }],
    SUBMIT_PLAN: [{ actor: unit, data: { content: '三个月内修订合同审查制度并追偿损失', measures: ['修订制度', '追偿损失'] } }],
    PLAN_OVERDUE: [{ actor: system, data: {} }],
    APPROVE_PLAN: [{ actor: officer, data: { note: '方案可行' } }],
    RETURN_PLAN: [{ actor: officer, data: { reason: '措施不具体，未明确完成时限' } }],
    REPORT_PROGRESS: [{ actor: cadre, data: { progress: '已追回部分损失', evidence: ['还款凭证'] } }],
    REQUEST_EXTENSION: [{ actor: officer, data: { reason: '诉讼追偿程序尚未结束', newDueDate: '2026-07-31' } }],
    APPROVE_EXTENSION: [{ actor: leader, data: { note: '同意延期一次' } }],
    REJECT_EXTENSION: [{ actor: leader, data: { reason: '延期理由不充分' } }],
    RECTIFICATION_OVERDUE: [{ actor: system, data: {} }],
    REPORT_COMPLETION: [{ actor: unit, data: { summary: '各项整改已完成', evidence: ['新制度文本', '追偿判决书'] } }],
    CHECK_ITEMS: [
      {
        actor: officer,
        data: {
          results: [
            { itemNo: 1, result: 'passed' },
            { itemNo: 2, result: 'passed' },
          ],
          summary: '全部通过',
        },
      },
      {
        actor: officer,
        data: {
          results: [
            { itemNo: 1, result: 'passed' },
            { itemNo: 2, result: 'failed', note: '损失尚未全部追回' },
          ],
          redoDueDate: '2026-04-30',
        },
      },
      // The re-check rules only on the item that failed.
      { actor: officer, data: { results: [{ itemNo: 2, result: 'passed' }] } },
      { actor: officer, data: { results: [{ itemNo: 2, result: 'failed', note: '仍未追回' }] } },
    ],
    CONFIRM_COMPLETION: [
      {
        actor: officer,
        data: {
          rootCauseAnalysis: '合同审查环节缺少法律顾问把关',
          mechanismImprovements: ['建立法律顾问前置审查制度', '重大合同集体研究'],
        },
      },
    ],
    DECIDE_CONSEQUENCE: [
      { actor: committee, data: { ...vote, consequences: ['criticismEducation'], reasoning: '逾期未完成整改' }, at: MEETING_AT },
      {
        actor: committee,
        data: { ...vote, consequences: ['admonishment', 'revokeTolerance'], reasoning: '拒不整改，撤销容错认定' },
        at: MEETING_AT,
      },
    ],
    RECORD_TALK: [{ actor: officer, data: { talkedOn: '2026-03-02', talkedWith: '张明', content: '帮助分析问题成因，鼓励放下包袱' } }],
  },
};
