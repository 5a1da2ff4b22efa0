import { collectiveDecisionFields } from '../core/collective-decision';
import { bool, date, oneOf, reason, shortText, someOf, text, textList } from '../core/field-builders';
import type { FieldSpecs } from '../core/fields';
import type { ProcedureDefinition } from '../core/procedure';
import { falseAccusationMachine, REVIEW_WINDOW_MONTHS } from './false-accusation.machine';

const l = (zh: string, en: string) => ({ zh, en });

/** domain.md §3.4 step 3; Qingdao implementing opinions §12. */
const measureLabels = {
  dissuasionCriticismEducation: l('劝阻、批评、教育', 'Persuasion, criticism and education'),
  organisationalHandling: l('组织处理', 'Organisational handling'),
  disciplinarySanction: l('纪律处分', 'Disciplinary sanction'),
  governmentSanction: l('政务处分', 'Government sanction'),
  judicialTransfer: l('移送司法机关', 'Transfer to the judicial organs'),
  creditBlacklist: l('纳入失信"黑名单"', 'Credit blacklist'),
  circulatedNotice: l('通报', 'Circulated notice'),
};

/** 《中国共产党纪律处分条例》 art. 8. */
const disciplinaryLevelLabels = {
  warning: l('警告', 'Warning'),
  seriousWarning: l('严重警告', 'Serious warning'),
  removalFromPartyPosts: l('撤销党内职务', 'Removal from party posts'),
  probation: l('留党察看', 'Probation within the party'),
  expulsion: l('开除党籍', 'Expulsion from the party'),
};

/** 《公职人员政务处分法》 art. 7. */
const governmentLevelLabels = {
  warning: l('警告', 'Warning'),
  demerit: l('记过', 'Demerit'),
  majorDemerit: l('记大过', 'Major demerit'),
  demotion: l('降级', 'Demotion'),
  dismissalFromPost: l('撤职', 'Dismissal from post'),
  expulsion: l('开除', 'Expulsion'),
};

const measureFields = (required: boolean): FieldSpecs => ({
  measures: someOf('处理措施', 'Measures', measureLabels, required ? { required: true, minItems: 1 } : {}),
  disciplinaryLevel: oneOf('纪律处分种类(选纪律处分时必填)', 'Party sanction (with a disciplinary sanction)', disciplinaryLevelLabels),
  governmentSanctionLevel: oneOf('政务处分种类(选政务处分时必填)', 'Government sanction (with a government sanction)', governmentLevelLabels),
});

/** False-accusation handling (诬告陷害查处), domain.md §3.4. */
export const falseAccusationV1: ProcedureDefinition<typeof falseAccusationMachine> = {
  id: 'falseAccusation',
  version: 1,
  label: l('诬告陷害查处', 'False-accusation handling'),
  machine: falseAccusationMachine,
  creation: {
    // Opened only from a clarification case (domain.md §3.3 step 8, §3.4 step 1).
    roles: ['system'],
    label: l('启动诬告陷害查处', 'Open a false-accusation case'),
    fields: {
      cadreId: shortText('被诬告干部', 'Cadre accused', { required: true }),
      unitId: shortText('所在单位', 'Unit', { required: true }),
      // Keys as the clarification case sends them (clarification.machine.ts `falseAccusationOpening`).
      summary: text('检举控告内容摘要', 'Summary of the accusation', { required: true }),
      conclusion: shortText('澄清正名案件核查结论', 'Verification conclusion in the clarification case'),
      accuserName: shortText('检举控告人姓名', "Accuser's name", { required: true, sealed: true }),
      accuserContact: shortText('检举控告人联系方式', "Accuser's contact", { sealed: true }),
      accuserUserId: shortText('检举控告人用户账号', "Accuser's user account", { sealed: true }),
    },
  },
  accuserIsSubject: true,
  protectedPerson: { role: 'accuser', label: l('被处理人', 'Person handled') },
  phases: [
    l('核查', 'Investigation'),
    l('集体研究决定', 'Collective decision'),
    l('执行', 'Execution'),
    l('复核', 'Review'),
    l('办结', 'Closed'),
  ],
  events: {
    CONCLUDE_MISTAKEN: {
      label: l('认定为错告', 'Conclude: mistaken report (错告)'),
      roles: ['officer'],
      applicantMilestone: true,
      fields: {
        reasoning: text('认定理由(属认识偏差或不了解全部情况)', 'Reasoning (honest error, incomplete knowledge)', {
          required: true,
          maxLength: 2000,
        }),
        educationGiven: bool('已进行批评教育', 'Education given'),
        educationNote: text('教育情况', 'Education note', { maxLength: 2000 }),
      },
    },
    CONCLUDE_UNDETERMINED: {
      label: l('无法认定诬告陷害', 'Conclude: cannot be determined'),
      roles: ['officer'],
      applicantMilestone: true,
      fields: { reasoning: text('理由', 'Reasoning', { required: true, maxLength: 2000 }) },
    },
    FIND_MALICIOUS: {
      label: l('认定为诬告陷害,提请集体研究', 'Find malicious false accusation (诬告陷害)'),
      roles: ['officer'],
      fields: {
        establishedFacts: text('查明的事实', 'Facts established', { required: true }),
        fabrication: someOf(
          '诬告方式',
          'How',
          { fabricatedFacts: l('捏造事实', 'Fabricated facts'), forgedMaterial: l('伪造材料', 'Forged material') },
          { required: true, minItems: 1 },
        ),
        intentEvidence: textList('主观故意的证据', 'Evidence of intent', { required: true, minItems: 1, maxLength: 2000 }),
        reasoning: text('认定意见', 'Opinion', { maxLength: 2000 }),
      },
    },
    RETURN_FINDING: {
      label: l('退回补充核查', 'Return for further investigation'),
      roles: ['committee'],
      fields: { reason: reason({ required: true }) },
    },
    DECIDE_MEASURES: {
      label: l('集体研究作出处理决定', 'Decide the measures (collective)'),
      roles: ['committee'],
      applicantMilestone: true,
      fields: {
        ...measureFields(true),
        approvingBody: shortText('审批机关(层级)', 'Approving body (level)', { required: true }),
        reasoning: text('处理理由', 'Reasoning', { required: true, maxLength: 2000 }),
        ...collectiveDecisionFields(),
      },
    },
    RECORD_EXECUTION: {
      label: l('记录处理措施执行情况', 'Record the execution of a measure'),
      roles: ['officer'],
      fields: {
        measure: oneOf('处理措施', 'Measure', measureLabels, { required: true }),
        executedOn: date('执行日期', 'Executed on', { required: true }),
        detail: text('执行情况', 'What was done', { required: true, maxLength: 2000 }),
        documentRef: shortText('文书编号', 'Document reference'),
      },
    },
    REQUEST_REVIEW: {
      label: l('申请复核', 'Request a review'),
      roles: ['applicant', 'officer'],
      applicantMilestone: true,
      fields: { reason: reason({ required: true }) },
    },
    REVIEW_WINDOW_EXPIRED: {
      label: l('复核申请期满', 'Review window expired'),
      roles: ['system'],
      fields: {},
    },
    DECIDE_REVIEW: {
      label: l('复核决定', 'Review decision'),
      roles: ['committee'],
      applicantMilestone: true,
      fields: {
        outcome: oneOf('复核结论', 'Outcome', { upheld: l('维持原决定', 'Upheld'), changed: l('变更原决定', 'Changed') }, {
          required: true,
        }),
        ...measureFields(false),
        reasoning: text('复核理由', 'Reasoning', { required: true, maxLength: 2000 }),
        ...collectiveDecisionFields(),
      },
    },
  },
  states: {
    investigating: {
      label: l('核查', 'Investigation'),
      turn: ['officer'],
      phase: 0,
      deadline: {
        rule: 'falseAccusation.investigation',
        label: l('核查期限', 'Investigation period'),
        length: 60,
        unit: 'calendarDays',
      },
    },
    deciding: {
      label: l('集体研究', 'Collective decision'),
      turn: ['committee'],
      phase: 1,
    },
    executing: {
      label: l('执行处理决定', 'Executing the measures'),
      turn: ['officer'],
      phase: 2,
    },
    reviewWindow: {
      label: l('复核申请期', 'Review window'),
      turn: ['applicant', 'officer'],
      phase: 3,
      deadline: {
        rule: 'falseAccusation.reviewRequest',
        label: l('申请复核期限', 'Review request window'),
        length: REVIEW_WINDOW_MONTHS,
        unit: 'months',
        onExpiry: 'REVIEW_WINDOW_EXPIRED',
      },
    },
    reviewing: {
      label: l('复核', 'Review'),
      turn: ['committee'],
      phase: 3,
      deadline: {
        rule: 'falseAccusation.review',
        label: l('复核办理期限', 'Review period'),
        length: 1,
        unit: 'months',
      },
    },
    closed: {
      label: l('查处办结', 'Closed'),
      turn: [],
      phase: 4,
    },
    closedMistaken: {
      label: l('属错告,不以诬告陷害论处', 'Closed: mistaken report'),
      turn: [],
      phase: 4,
    },
    closedUndetermined: {
      label: l('无法认定诬告陷害,办结', 'Closed: cannot be determined'),
      turn: [],
      phase: 4,
    },
  },
};
