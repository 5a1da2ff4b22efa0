import type { Actor, ProcedureInput, ProcedureSamples } from '../core';
import { SAMPLE_SHANDONG_COMMITTEE_MEMBERS, SAMPLE_WORLD } from '../sample-world';

/** Sample people: the provincial body's staff who hear an appeal from a Jinan case (demo users play them in tests). */
export const appealActors = {
  officer: { id: 'officer1', role: 'officer' },
  committee: { id: 'committee1', role: 'committee' },
  system: { id: 'system', role: 'system' },
} as const satisfies Record<string, Actor>;

const { officer, committee, system } = appealActors;

export const APPEAL_TIMES = {
  filed: '2026-06-05T02:00:00.000Z',
  accepted: '2026-06-08T02:00:00.000Z',
  reviewed: '2026-06-30T02:00:00.000Z',
  decided: '2026-07-15T08:00:00.000Z',
} as const;
const T = APPEAL_TIMES;

/** Opened by the appeal filed in a Jinan tolerance case (tolerance.rules.ts `appealOpening`). */
export const appealFromTolerance: ProcedureInput = {
  at: T.filed,
  actor: system,
  origin: { caseId: 'tolerance-case-1', procedure: 'tolerance' },
  data: { cadreId: 'applicant1', unitId: 'unit-jinan-dev', grounds: '对复核决定不服', filedBy: 'applicant1' },
};

/** Three of the provincial committee's five members: the quorum, all for. */
export const appealVote = {
  meetingDate: '2026-07-15',
  attendees: SAMPLE_SHANDONG_COMMITTEE_MEMBERS.slice(0, 3),
  votesFor: 3,
  votesAgainst: 0,
  votesAbstain: 0,
  dissent: [],
};

/**
 * The appeal is heard by the body above the cadre's unit's body: in the samples' world the unit's
 * appeal cases are the provincial body's (the engine files the case there; the world resolves the
 * committee from the unit).
 */
export const appealSamples: ProcedureSamples = {
  creations: [appealFromTolerance],
  world: { ...SAMPLE_WORLD, units: { ...SAMPLE_WORLD.units, 'unit-jinan-dev': 'shandong' } },
  events: {
    ACCEPT_APPEAL: [{ actor: officer, data: { note: '申诉材料齐全，予以受理' }, at: T.accepted }],
    SUBMIT_REVIEW_REPORT: [
      {
        actor: officer,
        data: { report: '调阅原案卷宗，复核决定认定事实清楚，程序合法', proposal: '维持原复核决定' },
        at: T.reviewed,
      },
    ],
    DECIDE_APPEAL: [
      { actor: committee, data: { result: 'upheld', documentNo: '鲁纪申〔2026〕2号', reasoning: '原决定认定事实清楚，维持', ...appealVote }, at: T.decided },
      {
        actor: committee,
        data: { result: 'changed', newOutcome: 'mitigated', mitigation: 'reduced', impactMonths: 3, reasoning: '变更为减轻处理', ...appealVote },
        at: T.decided,
      },
    ],
  },
};
