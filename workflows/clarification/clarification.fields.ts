import { bool, date, internal, objectList, oneOf, reason, shortText, text, textList, type EventsOf, type Label, type PayloadOf } from '../core';

/*
 * 澄清正名 — the vocabulary of clarification (domain.md §3.3) and the payload of every step: the
 * one schema from which the machine's event types, the API's validation, the OpenAPI document and
 * the pages' forms are derived.
 */

const l = (zh: string, en: string): Label => ({ zh, en });

/** 信访举报 channels. */
export const CHANNEL_LABELS = {
  letter: l('来信', 'Letter'),
  visit: l('来访', 'Visit'),
  phone: l('来电', 'Phone call'),
  online: l('网络举报', 'Online report'),
  other: l('其他', 'Other'),
} as const;

export const VERIFICATION_METHOD_LABELS = {
  talkAndLetter: l('谈话函询', 'Talk-and-letter inquiry'),
  preliminaryVerification: l('初步核实', 'Preliminary verification'),
} as const;

export const CONCLUSION_LABELS = {
  true: l('属实', 'True'),
  partlyTrue: l('部分属实', 'Partly true'),
  untrue: l('失实', 'Untrue'),
  unverifiable: l('无法查实', 'Cannot be verified'),
} as const;

export const CLARIFICATION_METHOD_LABELS = {
  written: l('书面澄清', 'Written'),
  inPerson: l('当面澄清', 'In person'),
  meeting: l('会议澄清', 'At a meeting'),
  notice: l('通报澄清', 'Circulated notice'),
} as const;

export const NOTICE_METHOD_LABELS = {
  inWriting: l('书面告知', 'In writing'),
  phone: l('电话告知', 'By phone'),
  inPerson: l('当面告知', 'In person'),
  online: l('网上告知', 'Online'),
  other: l('其他方式', 'Other'),
} as const;

export const FOLLOW_UP_FORM_LABELS = {
  talk: l('谈心谈话', 'Heart-to-heart talk'),
  visit: l('跟踪回访', 'Follow-up visit'),
} as const;

export const CONSEQUENCE_KIND_LABELS = {
  sanction: l('受到处理处分', 'Sanction or handling'),
  lostOpportunity: l('影响选拔任用、评先评优等', 'Lost promotion, award or other opportunity'),
  other: l('其他不良影响', 'Other harm'),
} as const;

export const CORRECTION_STATUS_LABELS = {
  corrected: l('已予纠正', 'Corrected'),
  recommended: l('已向有权机关提出纠正建议', 'Correction recommended to the competent body'),
} as const;

export type Channel = keyof typeof CHANNEL_LABELS;
export type VerificationMethod = keyof typeof VERIFICATION_METHOD_LABELS;
export type Conclusion = keyof typeof CONCLUSION_LABELS;
export type ClarificationMethod = keyof typeof CLARIFICATION_METHOD_LABELS;
export type NoticeMethod = keyof typeof NOTICE_METHOD_LABELS;
export type FollowUpForm = keyof typeof FOLLOW_UP_FORM_LABELS;
export type ConsequenceKind = keyof typeof CONSEQUENCE_KIND_LABELS;
export type CorrectionStatus = keyof typeof CORRECTION_STATUS_LABELS;

const noticeFields = () => ({
  notifiedOn: date('告知日期', 'Date told', { required: true }),
  method: oneOf('告知方式', 'How told', NOTICE_METHOD_LABELS, { required: true }),
  note: text('告知情况', 'Note', { maxLength: 2000 }),
});

/** 线索登记: what the officer registers when opening the case. */
export const CLARIFICATION_CREATION_FIELDS = {
  summary: text('反映的主要问题', 'Summary of the accusation', { required: true }),
  channel: oneOf('信访举报渠道', 'Channel', CHANNEL_LABELS, { required: true }),
  receivedOn: date('收到日期', 'Date received', { required: true }),
  signed: bool('实名检举控告', 'Signed (实名)', { required: true }),
  cadreId: shortText('被举报人', 'Accused cadre (user id)', { required: true }),
  unitId: shortText('被举报人所在单位', 'Cadre’s unit', { required: true }),
  // Art. 47: the reporter's identity is sealed; required when the report is signed.
  reporterName: shortText('检举控告人姓名', 'Reporter’s name', { sealed: true }),
  reporterContact: shortText('检举控告人联系方式', 'Reporter’s contact', { sealed: true }),
  reporterUserId: shortText('检举控告人用户账号', 'Reporter’s user id', { sealed: true }),
};

/** Every event's payload, in the order of the procedure. */
export const CLARIFICATION_EVENT_FIELDS = {
  RECORD_REPORTER_IDENTITY: {
    reporterName: shortText('检举控告人姓名', 'Reporter’s name', { required: true, sealed: true }),
    reporterContact: shortText('检举控告人联系方式', 'Reporter’s contact', { required: true, sealed: true }),
    reporterUserId: shortText('检举控告人用户账号', 'Reporter’s user id', { sealed: true }),
  },
  NOTIFY_ACCEPTANCE: noticeFields(),
  CONCLUDE_VERIFICATION: {
    method: internal(oneOf('核查方式', 'Verification method', VERIFICATION_METHOD_LABELS, { required: true })),
    conclusion: oneOf('核查结论', 'Conclusion', CONCLUSION_LABELS, { required: true }),
    findings: internal(text('核查情况', 'Findings', { required: true })),
    untruePoints: textList('失实问题', 'Points found untrue'),
    truePoints: internal(textList('属实问题（依规另行处理）', 'Points found true (handled under the ordinary rules)')),
    harmful: internal(bool('对被举报人工作生活造成较大影响或造成不良社会影响', 'Harmed the cadre’s work or life, or had a bad social effect')),
    harmDescription: internal(text('不良影响情况', 'Harm done', { maxLength: 2000 })),
    suspectedMalice: internal(bool('涉嫌诬告陷害', 'Malice suspected')),
    maliceGrounds: internal(text('涉嫌诬告陷害的依据', 'Grounds for suspecting malice', { maxLength: 2000 })),
  },
  CONSULT_CADRE: {
    proposal: text('澄清建议', 'Proposal to clarify', { required: true, maxLength: 2000 }),
    proposedMethod: oneOf('拟采取的澄清方式', 'Proposed method', CLARIFICATION_METHOD_LABELS),
    proposedScope: text('拟澄清范围', 'Proposed scope', { maxLength: 2000 }),
  },
  APPLY_FOR_CLARIFICATION: {
    application: text('申请内容', 'Application', { required: true }),
  },
  ACCEPT_CLARIFICATION: {
    opinion: text('意见', 'Opinion', { maxLength: 2000 }),
  },
  DECLINE_CLARIFICATION: {
    opinion: text('意见', 'Opinion', { maxLength: 2000 }),
  },
  CONSENT_EXPIRED: {},
  SUBMIT_PLAN: {
    method: oneOf('澄清方式', 'Method', CLARIFICATION_METHOD_LABELS, { required: true }),
    withWrittenClarification: bool('同时书面澄清', 'Accompanied by a written clarification'),
    rally: bool('召开澄清正名大会', 'Held as a 澄清正名大会 (clarification meeting)'),
    scope: text('澄清范围（与不实举报影响范围相当）', 'Scope (where the untrue report spread)', { required: true, maxLength: 2000 }),
    points: textList('澄清的具体失实问题', 'Untrue points to clarify', { required: true, minItems: 1 }),
    plannedOn: date('拟澄清日期', 'Planned date'),
    notes: text('其他说明', 'Notes', { maxLength: 2000 }),
  },
  APPROVE_PLAN: {
    opinion: text('审批意见', 'Opinion', { maxLength: 2000 }),
  },
  RETURN_PLAN: {
    reason: reason({ required: true }),
  },
  RECORD_CLARIFICATION: {
    clarifiedOn: date('澄清日期', 'Date clarified', { required: true }),
    audience: text('澄清对象及范围', 'Audience', { required: true, maxLength: 2000 }),
    writtenClarification: text('书面澄清材料', 'Written clarification', { required: true }),
    notes: text('其他说明', 'Notes', { maxLength: 2000 }),
  },
  RECORD_CONSEQUENCES: {
    hadConsequences: bool('不实举报是否已导致处理处分或错失机会', 'Did the untrue report lead to a sanction or lost opportunity?', {
      required: true,
    }),
    items: objectList('纠正情况', 'Corrections', {
      kind: oneOf('不良后果类型', 'Kind of consequence', CONSEQUENCE_KIND_LABELS, { required: true }),
      description: text('具体情况', 'What happened', { required: true, maxLength: 2000 }),
      correction: text('纠正措施', 'Correction', { required: true, maxLength: 2000 }),
      status: oneOf('纠正状态', 'Status', CORRECTION_STATUS_LABELS, { required: true }),
      competentBody: shortText('有权机关', 'Competent body'),
    }),
  },
  RECORD_FOLLOW_UP: {
    visitedOn: date('回访日期', 'Date', { required: true }),
    form: oneOf('回访方式', 'Form', FOLLOW_UP_FORM_LABELS, { required: true }),
    findings: text('回访情况', 'What was found', { required: true }),
  },
  NOTIFY_RESULT: noticeFields(),
  HAND_OVER_CLARIFICATION: {
    toOfficer: shortText('接手澄清的承办人（用户账号）', 'Officer taking over (user id)', { required: true }),
    reason: reason({ required: true }),
  },
  OPEN_FALSE_ACCUSATION_CASE: {
    grounds: text('涉嫌诬告陷害的依据', 'Grounds for suspecting malice', { required: true, maxLength: 2000 }),
  },
};

export type ClarificationEvent = EventsOf<typeof CLARIFICATION_EVENT_FIELDS>;
export type ClarificationEventType = ClarificationEvent['type'];
/** 线索登记: the lead as registered (the reporter's identity only under `context.sealed`). */
export type LeadData = PayloadOf<typeof CLARIFICATION_CREATION_FIELDS>;
