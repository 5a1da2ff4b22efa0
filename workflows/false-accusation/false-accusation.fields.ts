import {
  bool,
  collectiveDecisionFields,
  date,
  oneOf,
  reason,
  shortText,
  someOf,
  talkFields,
  text,
  textList,
  type EventsOf,
  type Label,
  type PayloadOf,
} from '../core';

/**
 * The vocabulary of false-accusation handling (诬告陷害查处, domain.md §3.4; Qingdao implementing
 * opinions §12) and the payload of every step: the one schema from which the machine's event
 * types, the API's validation, the OpenAPI document and the pages' forms are derived.
 */

const l = (zh: string, en: string): Label => ({ zh, en });

/** The measures a collective decision may take against a malicious accuser (domain.md §3.4 step 3). */
export const MEASURE_LABELS = {
  dissuasionCriticismEducation: l('劝阻、批评、教育', 'Persuasion, criticism and education'),
  organisationalHandling: l('组织处理', 'Organisational handling'),
  disciplinarySanction: l('纪律处分', 'Disciplinary sanction'),
  governmentSanction: l('政务处分', 'Government sanction'),
  judicialTransfer: l('移送司法机关', 'Transfer to the judicial organs'),
  creditBlacklist: l('纳入失信"黑名单"', 'Credit blacklist'),
  circulatedNotice: l('通报', 'Circulated notice'),
} as const;
export type Measure = keyof typeof MEASURE_LABELS;
export const MEASURES = Object.keys(MEASURE_LABELS) as Measure[];

/** 《中国共产党纪律处分条例》 art. 8: the five party sanctions, warning to expulsion. */
export const DISCIPLINARY_LEVEL_LABELS = {
  warning: l('警告', 'Warning'),
  seriousWarning: l('严重警告', 'Serious warning'),
  removalFromPartyPosts: l('撤销党内职务', 'Removal from party posts'),
  probation: l('留党察看', 'Probation within the party'),
  expulsion: l('开除党籍', 'Expulsion from the party'),
} as const;
export type DisciplinaryLevel = keyof typeof DISCIPLINARY_LEVEL_LABELS;

/** 《公职人员政务处分法》 art. 7: the six government sanctions. */
export const GOVERNMENT_LEVEL_LABELS = {
  warning: l('警告', 'Warning'),
  demerit: l('记过', 'Demerit'),
  majorDemerit: l('记大过', 'Major demerit'),
  demotion: l('降级', 'Demotion'),
  dismissalFromPost: l('撤职', 'Dismissal from post'),
  expulsion: l('开除', 'Expulsion'),
} as const;
export type GovernmentSanctionLevel = keyof typeof GOVERNMENT_LEVEL_LABELS;

/** 检举控告工作规则 art. 39: malice means fabricated facts or forged material. */
export const FABRICATION_LABELS = {
  fabricatedFacts: l('捏造事实', 'Fabricated facts'),
  forgedMaterial: l('伪造材料', 'Forged material'),
} as const;

export const REVIEW_OUTCOME_LABELS = {
  upheld: l('维持原决定', 'Upheld'),
  changed: l('变更原决定', 'Changed'),
} as const;

/** The kind of a party or government sanction, and how long a blacklisting lasts, when the measures include them. */
const sanctionLevelFields = () => ({
  disciplinaryLevel: oneOf('纪律处分种类（选纪律处分时必填）', 'Party sanction (with a disciplinary sanction)', DISCIPLINARY_LEVEL_LABELS),
  governmentSanctionLevel: oneOf('政务处分种类（选政务处分时必填）', 'Government sanction (with a government sanction)', GOVERNMENT_LEVEL_LABELS),
  blacklistUntil: date('失信黑名单期限至（选纳入失信黑名单时必填）', 'On the credit blacklist until (with the blacklist measure)'),
});

/** Opened only from a clarification case (domain.md §3.3 step 8, §3.4 step 1). */
export const FALSE_ACCUSATION_CREATION_FIELDS = {
  cadreId: shortText('被诬告干部', 'Cadre accused', { required: true }),
  unitId: shortText('所在单位', 'Unit', { required: true }),
  // Keys as the clarification case sends them (clarification.model.ts `falseAccusationOpening`).
  summary: text('检举控告内容摘要', 'Summary of the accusation', { required: true }),
  conclusion: shortText('澄清正名案件核查结论', 'Verification conclusion in the clarification case'),
  accuserName: shortText('检举控告人姓名', "Accuser's name", { required: true, sealed: true }),
  accuserContact: shortText('检举控告人联系方式', "Accuser's contact", { sealed: true }),
  accuserUserId: shortText('检举控告人用户账号', "Accuser's user account", { sealed: true }),
};

/** Every event's payload, in the order of the procedure. */
export const FALSE_ACCUSATION_EVENT_FIELDS = {
  CONCLUDE_MISTAKEN: {
    reasoning: text('认定理由（属认识偏差或不了解全部情况）', 'Reasoning (honest error, incomplete knowledge)', {
      required: true,
      maxLength: 2000,
    }),
    educationGiven: bool('已进行批评教育', 'Education given'),
    educationNote: text('教育情况', 'Education note', { maxLength: 2000 }),
  },
  CONCLUDE_UNDETERMINED: { reasoning: text('理由', 'Reasoning', { required: true, maxLength: 2000 }) },
  FIND_MALICIOUS: {
    establishedFacts: text('查明的事实', 'Facts established', { required: true }),
    fabrication: someOf('诬告方式', 'How', FABRICATION_LABELS, { required: true, minItems: 1 }),
    intentEvidence: textList('主观故意的证据', 'Evidence of intent', { required: true, minItems: 1, maxLength: 2000 }),
    reasoning: text('认定意见', 'Opinion', { maxLength: 2000 }),
  },
  RETURN_FINDING: { reason: reason({ required: true }) },
  DECIDE_MEASURES: {
    measures: someOf('处理措施', 'Measures', MEASURE_LABELS, { required: true, minItems: 1 }),
    ...sanctionLevelFields(),
    approvingBody: shortText('审批机关（层级）', 'Approving body (level)', { required: true }),
    reasoning: text('处理理由', 'Reasoning', { required: true, maxLength: 2000 }),
    ...collectiveDecisionFields(),
  },
  RECORD_EXECUTION: {
    measure: oneOf('处理措施', 'Measure', MEASURE_LABELS, { required: true }),
    executedOn: date('执行日期', 'Executed on', { required: true }),
    detail: text('执行情况', 'What was done', { required: true, maxLength: 2000 }),
    documentRef: shortText('文书编号', 'Document reference'),
  },
  REQUEST_REVIEW: { reason: reason({ required: true }) },
  REVIEW_WINDOW_EXPIRED: {},
  DECIDE_REVIEW: {
    outcome: oneOf('复核结论', 'Outcome', REVIEW_OUTCOME_LABELS, { required: true }),
    measures: someOf('处理措施', 'Measures', MEASURE_LABELS),
    ...sanctionLevelFields(),
    reasoning: text('复核理由', 'Reasoning', { required: true, maxLength: 2000 }),
    ...collectiveDecisionFields(),
  },
  RECORD_TALK: talkFields(),
};

export type FalseAccusationEvent = EventsOf<typeof FALSE_ACCUSATION_EVENT_FIELDS>;
export type FalseAccusationEventType = FalseAccusationEvent['type'];
export type FalseAccusationCreationData = PayloadOf<typeof FALSE_ACCUSATION_CREATION_FIELDS>;
/** The measures part of a decision or a changed review. */
export type MeasureData = {
  measures?: Measure[];
  disciplinaryLevel?: DisciplinaryLevel;
  governmentSanctionLevel?: GovernmentSanctionLevel;
  blacklistUntil?: string;
};
