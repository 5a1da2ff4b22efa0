import type { Actor, ProcedureInput, ProcedureSamples, SampleEvent } from '../core';
import { SAMPLE_COMMITTEE_MEMBERS, SAMPLE_FILING, SAMPLE_WORLD } from '../sample-world';

/**
 * Sample people, who are the demo users (src/demo/demo-users.ts), so that end-to-end tests can
 * replay the paths as them. The cases concern `applicant1` of unit `unit-jinan-dev`.
 */
export const toleranceActors = {
  cadre: { id: 'applicant1', role: 'applicant' },
  otherCadre: { id: 'applicant2', role: 'applicant' },
  unit: { id: 'unit1', role: 'unit' },
  officer: { id: 'officer1', role: 'officer' },
  reviewer: { id: 'reviewer1', role: 'reviewer' },
  committee: { id: 'committee1', role: 'committee' },
  leader: { id: 'leader1', role: 'leader', principal: true },
  system: { id: 'system', role: 'system' },
} as const satisfies Record<string, Actor>;

const { cadre, unit, officer, reviewer, committee, leader, system } = toleranceActors;

const OPENED_AT = '2026-03-02T01:00:00.000Z';

const application = {
  matter:
    '2025年牵头推进开发区“标准地”出让改革试点，为缩短项目落地周期，在规划条件尚未完全批复时先行签订投资协议，后因规划调整导致项目延期、企业损失约80万元。',
  decisionOrProject: '开发区“标准地”出让改革试点',
  grounds: '属于改革创新、先行先试中因缺乏经验出现的失误；决策经集体研究和风险评估，事后积极协调挽回大部分损失，未谋取私利。',
  claimedSituations: ['T01 先行先试探索性失误', 'T02 积极挽回损失'],
  evidence: ['管委会主任办公会议纪要（2025年第12次）', '风险评估报告', '损失挽回情况说明'],
  accountabilityStartedOn: '2026-01-20',
  accountabilityRef: '开纪问〔2026〕3号',
  decisionOn: '2025-05-10',
  riskFilingNo: SAMPLE_FILING.filingNo,
};

/**
 * When each step happens on the sample paths: business dates in the payloads (a hearing, a meeting,
 * a service) never lie after the step that records them, nor before the step they belong to.
 */
export const TOLERANCE_TIMES = {
  hear: '2026-03-10T02:00:00.000Z',
  assess: '2026-03-20T02:00:00.000Z',
  findings: '2026-03-30T02:00:00.000Z',
  defence: '2026-04-05T02:00:00.000Z',
  hearDefence: '2026-04-08T02:00:00.000Z',
  review: '2026-04-10T02:00:00.000Z',
  decide: '2026-04-20T08:00:00.000Z',
  serve: '2026-04-22T02:00:00.000Z',
  receipt: '2026-04-23T02:00:00.000Z',
  receiptDeemed: '2026-05-08T02:00:00.000Z',
  reviewRequest: '2026-05-10T02:00:00.000Z',
  reviewWindowLapsed: '2026-05-24T02:00:00.000Z',
  reviewDecision: '2026-05-20T08:00:00.000Z',
  appeal: '2026-06-05T02:00:00.000Z',
  appealWindowLapsed: '2026-06-21T02:00:00.000Z',
  appealDecision: '2026-07-15T08:00:00.000Z',
  close: '2026-07-20T08:00:00.000Z',
  talk: '2026-07-25T02:00:00.000Z',
  revoke: '2026-10-15T02:00:00.000Z',
  impactEnded: '2027-01-15T16:00:00.000Z',
} as const;
const T = TOLERANCE_TIMES;

/** The cadre applies for themselves (§3.1 step 1). */
export const toleranceByCadre: ProcedureInput = {
  at: OPENED_AT,
  actor: cadre,
  data: { unitId: 'unit-jinan-dev', ...application },
};

/** The unit applies on the cadre's behalf, starting from an incomplete draft. */
export const toleranceByUnit: ProcedureInput = {
  at: OPENED_AT,
  actor: unit,
  data: { cadreId: 'applicant1', unitId: 'unit-jinan-dev', decisionOrProject: application.decisionOrProject },
};

/** 主动容错: the officer opens it alongside accountability; it starts at verification. */
export const toleranceExOfficio: ProcedureInput = {
  at: OPENED_AT,
  actor: officer,
  data: {
    cadreId: 'applicant1',
    unitId: 'unit-jinan-dev',
    ...application,
    exOfficioReason: '问责与容错同步启动：问责调查中发现可能符合容错情形',
  },
};

export const assessAllFactors = {
  motiveAttitude: { weight: 'favourable', note: '出于推动项目尽快落地的公心，事后主动报告、积极整改' },
  objectiveConditions: { weight: 'favourable', note: '规划调整系上级统一部署，事先难以预见' },
  procedureMethod: { weight: 'neutral', note: '经办公会集体研究，但协议签订早于规划批复' },
  natureDegree: { weight: 'favourable', note: '属工作失误，不涉及违纪违法' },
  consequencesImpact: { weight: 'unfavourable', note: '项目延期约8个月，企业有一定损失' },
  lossRecovery: { weight: 'favourable', note: '协调置换地块，挽回损失约70%' },
};

export const assessAllDistinctions = {
  experience: { side: 'exploratoryMistake', note: '“标准地”出让为省级试点，无成熟经验可循' },
  prohibition: { side: 'unforbiddenTrial', note: '上级未明令禁止先签协议' },
  purpose: { side: 'developmentError', note: '未发现谋取私利情形' },
};

export const catalogueClean = {
  toleranceSituations: [{ code: 'T01' }],
  exclusionSituations: [],
  note: '未发现不予容错情形',
};

export const catalogueWithExclusion = {
  toleranceSituations: [{ code: 'T01' }],
  exclusionSituations: [{ code: 'X04' }],
  note: '该干部2024年曾因同类问题被提醒',
};

/** The filing the application cites is checked against the register: it covers the matter. */
export const riskFiled = { coversMatter: true, note: '备案事项与所涉投资协议签订事项一致' };

/** The whole 综合分析研判 in one go. */
export const fullAssessment = {
  factors: assessAllFactors,
  distinctions: assessAllDistinctions,
  catalogue: catalogueClean,
  riskFiling: riskFiled,
};

/** Five of the seven members of the Jinan committee; the one vote against is recorded with its opinion. */
export const vote = {
  meetingDate: '2026-04-20',
  attendees: SAMPLE_COMMITTEE_MEMBERS.slice(0, 5),
  votesFor: 4,
  votesAgainst: 1,
  votesAbstain: 0,
  dissent: [{ member: SAMPLE_COMMITTEE_MEMBERS[4], opinion: '项目前期论证不充分，建议从轻处理而非免责' }],
};

export const decideExemption = { outcome: 'exemption', reasoning: '符合先行先试容错情形，六个因素综合研判总体有利', ...vote };
export const decideMitigated = {
  outcome: 'mitigated',
  mitigation: 'lighter',
  impactMonths: 6,
  reasoning: '程序上存在瑕疵，从轻处理',
  ...vote,
};
export const decideNotTolerated = { outcome: 'notTolerated', reasoning: '不符合容错条件', ...vote };

export const closureRecord = {
  feedbackOn: '2026-07-17',
  orgDeptNotifiedOn: '2026-07-17',
  partyCommitteeFiledOn: '2026-07-20',
  note: '已书面反馈申请人及所在单位',
};

/**
 * Every way to open a case, and payloads that take every step graph exploration needs to reach
 * every state and every guarded branch. Records that may be added any number of times in any
 * order without moving the case (department opinions, the extension, the defence at review) are
 * in `toleranceVariants`: each one multiplies the configurations the explorer walks (all five
 * together make it some fifteen times slower) without reaching anything new.
 */
export const toleranceSamples: ProcedureSamples = {
  creations: [toleranceByCadre, toleranceByUnit, toleranceExOfficio],
  world: SAMPLE_WORLD,
  events: {
    UPDATE_DRAFT: [{ actor: unit, data: { matter: application.matter, grounds: application.grounds } }],
    SUBMIT: [{ actor: cadre, data: {} }],
    WITHDRAW: [{ actor: cadre, data: { reason: '问责程序已终止，无需申请' } }],
    ACCEPT: [{ actor: officer, data: { note: '材料齐全，予以受理' } }],
    REJECT: [{ actor: officer, data: { ground: 'outOfScope', reason: '所涉事项不属于容错受理范围' } }],
    REQUEST_SUPPLEMENT: [{ actor: officer, data: { items: ['项目风险评估报告原件', '损失挽回情况的证明材料'] } }],
    RESUBMIT: [{ actor: cadre, data: { supplement: '已补充风险评估报告原件及损失挽回证明', evidence: ['风险评估报告原件'] } }],
    SUPPLEMENT_EXPIRED: [{ actor: system, data: {} }],
    RECORD_STATEMENT: [{ actor: officer, data: { statement: '本人承认协议签订时间过早，但出于加快项目落地的考虑', heardOn: '2026-03-10' }, at: T.hear }],
    RECORD_UNIT_OPINION: [{ actor: officer, data: { opinion: '该同志一贯表现良好，建议予以容错', unitName: '开发区党工委' }, at: T.hear }],
    RECORD_ASSESSMENT: [{ actor: officer, data: fullAssessment, at: T.assess }],
    SUBMIT_FINDINGS: [{ actor: officer, data: { summary: '经核实，符合先行先试容错情形', recommendation: 'exemption' }, at: T.findings }],
    RECORD_REVIEW_DEFENCE: [
      { actor: reviewer, data: { hearing: 'heard', defence: '申请人补充说明了挽回损失的后续进展', heardOn: '2026-04-08' }, at: T.hearDefence },
    ],
    PASS_TO_COMMITTEE: [{ actor: reviewer, data: { opinion: '事实清楚，证据充分，程序合规', recommendation: 'exemption' }, at: T.review }],
    RETURN_FOR_VERIFICATION: [{ actor: reviewer, data: { reason: '损失数额依据不足，需补充核实' }, at: T.review }],
    DECIDE: [
      { actor: committee, data: decideExemption, at: T.decide },
      { actor: committee, data: decideMitigated, at: T.decide },
      { actor: committee, data: decideNotTolerated, at: T.decide },
    ],
    SERVE_DECISION: [
      {
        actor: officer,
        data: {
          documentNo: '开纪容〔2026〕1号',
          servedToApplicantOn: '2026-04-22',
          servedToUnitOn: '2026-04-22',
          method: 'inPerson',
        },
        at: T.serve,
      },
    ],
    ACKNOWLEDGE_RECEIPT: [{ actor: cadre, data: { note: '本人已收到决定书' }, at: T.receipt }],
    RECEIPT_DEEMED: [{ actor: system, data: {}, at: T.receiptDeemed }],
    REQUEST_REVIEW: [{ actor: cadre, data: { grounds: '影响期过长，请求复核' }, at: T.reviewRequest }],
    ACCEPT_RESULT: [{ actor: cadre, data: { note: '服从决定' }, at: T.reviewRequest }],
    REVIEW_WINDOW_EXPIRED: [{ actor: system, data: {}, at: T.reviewWindowLapsed }],
    DECIDE_REVIEW: [
      { actor: committee, data: { result: 'upheld', reasoning: '原认定事实清楚，维持', ...vote, meetingDate: '2026-05-20' }, at: T.reviewDecision },
      {
        actor: committee,
        data: {
          result: 'changed',
          newOutcome: 'exemption',
          exclusionSituations: [],
          reasoning: '同类问题不成立，变更为容错免责',
          ...vote,
          meetingDate: '2026-05-20',
        },
        at: T.reviewDecision,
      },
    ],
    FILE_APPEAL: [{ actor: cadre, data: { grounds: '对复核决定不服' }, at: T.appeal }],
    APPEAL_WINDOW_EXPIRED: [{ actor: system, data: {}, at: T.appealWindowLapsed }],
    RECORD_APPEAL_DECISION: [
      {
        // Sent by the appeal case in the body one level up when its committee decides (appeal.machine.ts).
        actor: system,
        data: { result: 'upheld', documentNo: '鲁纪申〔2026〕2号', decidedOn: '2026-07-15', reasoning: '维持' },
        at: T.appealDecision,
      },
      {
        actor: system,
        data: {
          result: 'changed',
          newOutcome: 'mitigated',
          mitigation: 'reduced',
          impactMonths: 3,
          decidedOn: '2026-07-15',
          reasoning: '变更为减轻处理',
        },
        at: T.appealDecision,
      },
    ],
    CLOSE: [{ actor: officer, data: closureRecord, at: T.close }],
    IMPACT_PERIOD_ENDED: [{ actor: system, data: {}, at: T.impactEnded }],
    DECISION_REVOKED: [
      { actor: system, data: { reason: '逾期未完成整改，撤销容错认定', meetingDate: '2026-09-15', correctionCaseId: 'correction-case-1' }, at: T.revoke },
    ],
  },
};

/**
 * Further payloads: the optional records left out of `toleranceSamples`, a unit submitting its own
 * draft, an assessment that hits an exclusion situation (which rules every tolerance outcome out),
 * the cadre declining a defence at review, and a talk after a mitigated decision. The spec checks
 * each is accepted where it belongs; demo data may add them to a case.
 */
export const toleranceVariants: Record<string, SampleEvent[]> = {
  SUBMIT: [{ actor: unit, data: { matter: application.matter, grounds: application.grounds } }],
  RECORD_ASSESSMENT: [{ actor: officer, data: { ...fullAssessment, catalogue: catalogueWithExclusion }, at: T.assess }],
  RECORD_DEPARTMENT_OPINION: [{ actor: officer, data: { department: '市自然资源和规划局', opinion: '规划调整系全市统一部署' }, at: T.hear }],
  REQUEST_EXTENSION: [{ actor: officer, data: { reason: '需向省级主管部门调取试点政策文件' }, at: T.hear }],
  APPROVE_EXTENSION: [{ actor: leader, data: { comment: '同意延长30日' }, at: T.hear }],
  DENY_EXTENSION: [{ actor: leader, data: { comment: '现有材料足以认定' }, at: T.hear }],
  SUBMIT_REVIEW_DEFENCE: [
    { actor: cadre, data: { defence: '协议先签系为保住项目落地窗口期，已全力挽回损失', evidence: ['损失挽回情况说明（补充）'] }, at: T.defence },
  ],
  RECORD_REVIEW_DEFENCE: [{ actor: reviewer, data: { hearing: 'declined' }, at: T.hearDefence }],
  RECORD_TALK: [{ actor: officer, data: { talkedOn: '2026-07-25', talkedWith: '张明', content: '肯定其担当精神，提醒今后严格履行决策程序' }, at: T.talk }],
};
