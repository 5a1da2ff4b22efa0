import type { ProcedureInput } from '../core/procedure';
import type { ProcedureSamples } from '../core/samples';
import type { Actor } from '../core/roles';
import type { LeadData } from './clarification.fields';
import { SAMPLE_WORLD } from '../sample-world';

const officer: Actor = { id: 'officer1', role: 'officer' };
/** The body's principal leader (主要负责人): art. 50 reserves the plan's approval to them. */
const leader: Actor = { id: 'leader1', role: 'leader', principal: true };
const cadre: Actor = { id: 'applicant1', role: 'applicant' };
const system: Actor = { id: 'system', role: 'system' };

/** The allegations of the sample lead; the conclusions and the plan refer to them by text. */
export const SAMPLE_POINTS = {
  tendering: '反映其违规插手工程招投标',
  gifts: '反映其收受管理服务对象礼金',
  hospitality: '反映其公务接待超标准',
} as const;

const leadFacts: LeadData = {
  summary: '来信反映济南市某区开发区管委会干部违规插手工程招投标、收受管理服务对象礼金、公务接待超标准等问题。',
  channel: 'letter',
  receivedOn: '2026-02-27',
  signed: true,
  cadreId: 'applicant1',
  unitId: 'unit-jinan-dev',
};

const lead: LeadData = { ...leadFacts, reporterName: '王某某', reporterContact: '138-0000-0000', reporterUserId: 'applicant2' };

/** A signed report with the reporter's identity on file. */
export const signedLead: ProcedureInput<LeadData> = {
  at: '2026-03-02T02:00:00.000Z',
  actor: officer,
  data: lead,
};

/** An anonymous report: no acceptance or result notice. */
export const anonymousLead: ProcedureInput<LeadData> = {
  at: '2026-03-02T02:00:00.000Z',
  actor: officer,
  data: {
    summary: '网络举报反映济南市某区开发区管委会干部收受管理服务对象礼金。',
    channel: 'online',
    receivedOn: '2026-03-01',
    signed: false,
    cadreId: 'applicant1',
    unitId: 'unit-jinan-dev',
  },
};

/** A signed report registered before the reporter's contact was taken down. */
export const signedLeadWithoutIdentity: ProcedureInput<LeadData> = {
  at: '2026-03-02T02:00:00.000Z',
  actor: officer,
  data: leadFacts,
};

const conclusion = {
  method: 'preliminaryVerification',
  findings: '经调取招投标档案、询问有关人员，反映问题与事实不符。',
};

export const clarificationSamples: ProcedureSamples = {
  creations: [signedLead, anonymousLead, signedLeadWithoutIdentity],
  world: SAMPLE_WORLD,
  events: {
    RECORD_REPORTER_IDENTITY: [
      {
        actor: officer,
        at: '2026-03-03T02:00:00.000Z',
        data: { reporterName: '王某某', reporterContact: '138-0000-0000' },
      },
    ],
    NOTIFY_ACCEPTANCE: [{ actor: officer, at: '2026-03-05T02:00:00.000Z', data: { notifiedOn: '2026-03-05', method: 'phone' } }],
    CONCLUDE_VERIFICATION: [
      // 失实 with bad effect: clarification required.
      {
        actor: officer,
        at: '2026-04-20T02:00:00.000Z',
        data: {
          ...conclusion,
          conclusion: 'untrue',
          untruePoints: [SAMPLE_POINTS.tendering, SAMPLE_POINTS.gifts],
          harmful: true,
          harmDescription: '举报信在单位内部传播，其年度考核评优被暂缓。',
        },
      },
      // 部分属实 with bad effect and suspected malice: the linked false-accusation case opens at once.
      {
        actor: officer,
        at: '2026-04-20T02:00:00.000Z',
        data: {
          ...conclusion,
          conclusion: 'partlyTrue',
          untruePoints: [SAMPLE_POINTS.tendering],
          truePoints: [SAMPLE_POINTS.hospitality],
          harmful: true,
          suspectedMalice: true,
          maliceGrounds: '举报人明知招投标由区公共资源交易中心组织，仍捏造其插手事实并多处散布。',
        },
      },
      // 失实 without bad effect: not clarified.
      {
        actor: officer,
        at: '2026-04-20T02:00:00.000Z',
        data: { ...conclusion, method: 'talkAndLetter', conclusion: 'untrue', untruePoints: [SAMPLE_POINTS.gifts], harmful: false },
      },
      // 无法查实: closed without clarification.
      { actor: officer, at: '2026-04-20T02:00:00.000Z', data: { ...conclusion, conclusion: 'unverifiable' } },
      // 属实: transferred to the ordinary disciplinary procedure.
      { actor: officer, at: '2026-04-20T02:00:00.000Z', data: { ...conclusion, conclusion: 'true' } },
    ],
    OPEN_FALSE_ACCUSATION_CASE: [
      {
        actor: officer,
        at: '2026-04-21T02:00:00.000Z',
        data: { grounds: '举报人与被举报人存在经济纠纷，多次以同一不实内容举报。' },
      },
    ],
    CONSULT_CADRE: [
      {
        actor: officer,
        at: '2026-04-22T02:00:00.000Z',
        data: {
          proposal: '经核查，反映你违规插手工程招投标问题失实，拟在单位干部大会上予以澄清，请提出意见。',
          proposedMethod: 'meeting',
          proposedScope: '开发区管委会全体干部',
        },
      },
    ],
    APPLY_FOR_CLARIFICATION: [
      {
        actor: cadre,
        at: '2026-04-22T02:00:00.000Z',
        data: { application: '不实举报在单位传播，影响本人工作开展，申请在原范围内澄清正名。' },
      },
    ],
    ACCEPT_CLARIFICATION: [{ actor: cadre, at: '2026-04-27T02:00:00.000Z', data: { opinion: '同意在单位干部大会上澄清。' } }],
    DECLINE_CLARIFICATION: [{ actor: cadre, at: '2026-04-27T02:00:00.000Z', data: { opinion: '影响范围有限，不希望再次扩散。' } }],
    CONSENT_EXPIRED: [{ actor: system, at: '2026-05-07T02:00:00.000Z', data: {} }],
    SUBMIT_PLAN: [
      {
        actor: officer,
        at: '2026-05-08T02:00:00.000Z',
        data: {
          method: 'meeting',
          withWrittenClarification: true,
          rally: false,
          scope: '开发区管委会全体干部（不实举报信的传播范围）',
          points: [SAMPLE_POINTS.tendering],
          plannedOn: '2026-05-20',
        },
      },
    ],
    APPROVE_PLAN: [{ actor: leader, at: '2026-05-12T02:00:00.000Z', data: { opinion: '同意。' } }],
    RETURN_PLAN: [{ actor: leader, at: '2026-05-12T02:00:00.000Z', data: { reason: '澄清范围应与不实举报的传播范围一致，请补充说明。' } }],
    RECORD_CLARIFICATION: [
      {
        actor: officer,
        at: '2026-05-20T08:00:00.000Z',
        data: {
          clarifiedOn: '2026-05-20',
          audience: '开发区管委会干部大会，参会干部45人',
          writtenClarification: '经核查，反映该同志违规插手工程招投标的问题失实，予以澄清。',
        },
      },
    ],
    RECORD_CONSEQUENCES: [
      {
        actor: officer,
        at: '2026-05-25T02:00:00.000Z',
        data: {
          hadConsequences: true,
          items: [
            {
              kind: 'lostOpportunity',
              description: '因被举报，年度考核评优被暂缓。',
              correction: '建议恢复其年度考核评优资格。',
              status: 'recommended',
              competentBody: '区委组织部',
            },
          ],
        },
      },
    ],
    RECORD_FOLLOW_UP: [
      {
        actor: officer,
        at: '2026-08-10T02:00:00.000Z',
        data: { visitedOn: '2026-08-10', form: 'talk', findings: '该同志思想稳定，工作积极，已放下思想包袱。' },
      },
    ],
    HAND_OVER_CLARIFICATION: [
      { actor: leader, at: '2026-04-21T02:00:00.000Z', data: { toOfficer: 'officer2', reason: '原承办人借调省纪委，澄清工作移交同组承办人' } },
    ],
    NOTIFY_RESULT: [{ actor: officer, at: '2026-08-12T02:00:00.000Z', data: { notifiedOn: '2026-08-12', method: 'inWriting' } }],
  },
};
