import type { ProcedureInput } from '../core/procedure';
import type { Actor } from '../core/roles';
import type { ProcedureSamples } from '../core/samples';
import { SAMPLE_COMMITTEE_MEMBERS, SAMPLE_WORLD } from '../sample-world';

const officer: Actor = { id: 'officer1', role: 'officer' };
const accuser: Actor = { id: 'applicant2', role: 'applicant' };
const committee: Actor = { id: 'committee1', role: 'committee' };
const system: Actor = { id: 'system', role: 'system' };

/**
 * Opened by a clarification case whose verification found the report untrue (失实). In the demo the
 * accuser is a user (`applicant2`) so that the review request can be shown from their side; the
 * accused cadre is another person.
 */
export const falseAccusationFromClarification: ProcedureInput = {
  at: '2026-03-02T01:00:00.000Z',
  actor: system,
  origin: { caseId: 'clarification-case-1', procedure: 'clarification' },
  data: {
    cadreId: 'applicant1',
    unitId: 'unit-jinan-dev',
    summary: '举报某干部在项目招标中收受好处费；经初步核实，举报内容失实，所附转账截图系伪造',
    conclusion: 'untrue',
    accuserName: '李某',
    accuserContact: '138****0000',
    accuserUserId: 'applicant2',
  },
};

/** The same, with an accuser who is not a user of the system (written requests only). */
const { accuserUserId: _userId, ...withoutUser } = falseAccusationFromClarification.data;
export const falseAccusationAccuserNotAUser: ProcedureInput = { ...falseAccusationFromClarification, data: withoutUser };

/** Five of the Jinan committee's seven members; the vote against is recorded with its opinion. */
const vote = {
  meetingDate: '2026-04-20',
  attendees: SAMPLE_COMMITTEE_MEMBERS.slice(0, 5),
  votesFor: 4,
  votesAgainst: 1,
  votesAbstain: 0,
  dissent: [{ member: SAMPLE_COMMITTEE_MEMBERS[2], opinion: '主观故意证据尚可补强，建议先批评教育' }],
};

export const sampleFinding = {
  establishedFacts: '举报所附转账截图经技术鉴定系伪造，举报人与被举报人存在竞争关系',
  fabrication: ['fabricatedFacts', 'forgedMaterial'],
  intentEvidence: ['鉴定意见书', '举报人聊天记录显示其知情仍举报'],
};

export const sampleDecision = {
  ...vote,
  measures: ['disciplinarySanction', 'circulatedNotice'],
  disciplinaryLevel: 'seriousWarning',
  approvingBody: '市纪委常委会',
  reasoning: '捏造事实、伪造材料，意图使他人受到责任追究',
};

/** A decision that also lists the accuser on the credit blacklist (失信黑名单) for a year. */
export const blacklistDecision = {
  ...vote,
  measures: ['creditBlacklist', 'circulatedNotice'],
  blacklistUntil: '2027-04-19',
  approvingBody: '市纪委常委会',
  reasoning: '伪造转账截图诬告他人，情节恶劣，纳入失信黑名单并通报',
};

export const falseAccusationSamples: ProcedureSamples = {
  creations: [falseAccusationFromClarification],
  world: SAMPLE_WORLD,
  events: {
    CONCLUDE_MISTAKEN: [{ actor: officer, data: { reasoning: '举报人不了解项目全部情况，系认识偏差', educationGiven: true, educationNote: '已谈话说明' } }],
    CONCLUDE_UNDETERMINED: [{ actor: officer, data: { reasoning: '现有证据既不能证实也不能排除主观故意' } }],
    FIND_MALICIOUS: [{ actor: officer, data: sampleFinding, at: '2026-04-10T02:00:00.000Z' }],
    RETURN_FINDING: [{ actor: committee, data: { reason: '主观故意证据不足，补充核查' } }],
    DECIDE_MEASURES: [
      { actor: committee, data: sampleDecision, at: '2026-04-20T08:00:00.000Z' },
      { actor: committee, data: blacklistDecision, at: '2026-04-20T08:00:00.000Z' },
    ],
    RECORD_EXECUTION: [
      {
        actor: officer,
        data: { measure: 'disciplinarySanction', executedOn: '2026-04-25', detail: '已宣布严重警告处分决定', documentRef: '纪发〔2026〕12号' },
        at: '2026-04-25T08:00:00.000Z',
      },
      {
        actor: officer,
        data: { measure: 'circulatedNotice', executedOn: '2026-04-28', detail: '已在全市范围通报' },
        at: '2026-04-28T08:00:00.000Z',
      },
      {
        actor: officer,
        data: { measure: 'creditBlacklist', executedOn: '2026-04-26', detail: '已纳入社会诚信体系失信黑名单' },
        at: '2026-04-26T08:00:00.000Z',
      },
    ],
    REQUEST_REVIEW: [
      { actor: accuser, data: { reason: '认为处分过重' }, at: '2026-05-10T08:00:00.000Z' },
      { actor: officer, data: { reason: '收到书面复核申请' }, at: '2026-05-10T08:00:00.000Z' },
    ],
    REVIEW_WINDOW_EXPIRED: [{ actor: system, data: {}, at: '2026-05-29T00:00:00.000Z' }],
    DECIDE_REVIEW: [
      { actor: committee, data: { ...vote, meetingDate: '2026-06-01', outcome: 'upheld', reasoning: '事实清楚，处理恰当' }, at: '2026-06-01T08:00:00.000Z' },
      {
        actor: committee,
        data: {
          ...vote,
          meetingDate: '2026-06-01',
          outcome: 'changed',
          measures: ['disciplinarySanction'],
          disciplinaryLevel: 'warning',
          reasoning: '情节较轻，变更为警告，不再通报',
        },
        at: '2026-06-01T08:00:00.000Z',
      },
    ],
    RECORD_TALK: [
      { actor: officer, data: { talkedOn: '2026-04-12', talkedWith: '张明', content: '告知查处进展，消除思想顾虑' }, at: '2026-04-12T02:00:00.000Z' },
    ],
  },
};
