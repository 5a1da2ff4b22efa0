import type { Actor, ProcedureInput, ProcedureSamples } from '../core';
import { SAMPLE_FILING, SAMPLE_WORLD } from '../sample-world';

/** Sample people, who are the demo users (src/demo/demo-users.ts). */
export const riskFilingActors = {
  unit: { id: 'unit1', role: 'unit' },
  officer: { id: 'officer1', role: 'officer' },
  leader: { id: 'leader1', role: 'leader', principal: true },
  system: { id: 'system', role: 'system' },
} as const satisfies Record<string, Actor>;

const { unit, officer, leader, system } = riskFilingActors;

export const RISK_FILING_TIMES = {
  filed: '2025-03-10T02:00:00.000Z',
  review: '2025-03-20T02:00:00.000Z',
  returned: '2025-03-20T02:00:00.000Z',
  resubmit: '2025-03-25T02:00:00.000Z',
  register: '2025-04-01T02:00:00.000Z',
  withdraw: '2025-03-26T02:00:00.000Z',
  expired: '2025-04-18T02:00:00.000Z',
} as const;
const T = RISK_FILING_TIMES;

/** The filing the sample tolerance application cites: the “标准地” pilot of the development zone. */
export const sampleFiling = {
  unitId: 'unit-jinan-dev',
  cadreId: 'applicant1',
  project: SAMPLE_FILING.project,
  description: '试点“标准地”出让：出让前完成区域评估，设定投资强度等控制指标，允许先签投资协议、后办规划手续，缩短项目落地周期。',
  scope: SAMPLE_FILING.scope,
  plannedStartOn: '2025-04-15',
  legalityReview: {
    reviewer: '开发区管委会法律顾问室',
    reviewedOn: '2025-03-05',
    conclusion: 'lawfulWithConditions',
    opinion: '投资协议须约定规划调整时的解除与补偿条款',
  },
  riskAssessment: {
    assessor: '开发区经济发展局',
    assessedOn: '2025-03-06',
    risks: ['规划调整导致项目延期', '企业前期投入损失'],
    measures: ['协议约定规划调整时的解除与补偿条款', '预留置换地块'],
  },
  approvingBody: '开发区管委会主任办公会',
  approvedOn: '2025-03-08',
  evidence: ['主任办公会议纪要', '合法性审查意见书', '风险评估报告'],
};

export const riskFilingByUnit: ProcedureInput = { at: T.filed, actor: unit, data: sampleFiling };

/**
 * Every step with a payload that takes it. The samples' world holds no filing yet: the registration
 * here is the one that enters `SAMPLE_FILING` into the register.
 */
export const riskFilingSamples: ProcedureSamples = {
  creations: [riskFilingByUnit],
  world: { ...SAMPLE_WORLD, filings: [] },
  events: {
    REVIEW_FILING: [{ actor: officer, data: { opinion: '合法性审查和风险评估完整，防控措施具体可行' }, at: T.review }],
    RETURN_FILING: [{ actor: officer, data: { reason: '风险评估未涉及企业损失的补偿来源', items: ['补充补偿资金来源'] }, at: T.returned }],
    RESUBMIT_FILING: [
      {
        actor: unit,
        data: {
          changes: '补充了补偿资金来源',
          riskAssessment: {
            ...sampleFiling.riskAssessment,
            assessedOn: '2025-03-24',
            measures: [...sampleFiling.riskAssessment.measures, '设立项目补偿准备金'],
          },
        },
        at: T.resubmit,
      },
    ],
    REGISTER_FILING: [{ actor: leader, data: { filingNo: SAMPLE_FILING.filingNo, note: '准予备案' }, at: T.register }],
    WITHDRAW_FILING: [{ actor: unit, data: { reason: '项目暂缓实施' }, at: T.withdraw }],
    RESUBMISSION_EXPIRED: [{ actor: system, data: {}, at: T.expired }],
  },
};
