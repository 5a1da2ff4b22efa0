import { collectiveDecisionFields, shortText, text, textList, type EventsOf, type Label, type PayloadOf } from '../core';
import { reviewResultFields } from '../tolerance/tolerance.fields';

/**
 * 申诉案件 — an appeal as its own case in the body one level up (issue 18 §3; domain.md §3.1 step 7
 * and §7): the appeal filed in the lower case opens it, the parent body's staff accept it (受理),
 * review the lower case's file (审查), its committee decides collectively (集体研究, vote recorded)
 * to uphold or change the decision, and the decision returns to the lower case in the same
 * transaction. Appeals exist for tolerance decisions (the only procedure with a 申诉 step), so the
 * decision carries the tolerance result fields the lower case records.
 */

const l = (zh: string, en: string): Label => ({ zh, en });

/** Default time to decide an appeal: 2 months from its filing (domain.md §3.1 step 7). */
export const APPEAL_DECISION_MONTHS = 2;

/** The lower case's procedure an appeal is heard under. */
export const APPEALED_PROCEDURE_LABELS = { tolerance: l('容错认定', 'Tolerance decision') } as const;

/** Opened by the service only, from the lower case's FILE_APPEAL (`appealOpening` in the tolerance machine). */
export const APPEAL_CREATION_FIELDS = {
  cadreId: shortText('当事干部', 'Cadre concerned', { required: true }),
  unitId: shortText('所在单位', 'Unit', { required: true }),
  grounds: text('申诉理由', 'Grounds', { required: true }),
  evidence: textList('证据材料', 'Evidence'),
  filedBy: shortText('申诉人', 'Filed by'),
};

export const APPEAL_EVENT_FIELDS = {
  ACCEPT_APPEAL: { note: text('受理意见', 'Remarks on acceptance', { maxLength: 2000 }) },
  SUBMIT_REVIEW_REPORT: {
    report: text('审查报告（对原案卷宗的审查意见）', 'Review report (on the lower case’s file)', { required: true, maxLength: 5000 }),
    proposal: text('拟处理意见', 'Proposed decision', { required: true, maxLength: 2000 }),
  },
  DECIDE_APPEAL: {
    ...reviewResultFields(),
    documentNo: shortText('申诉决定文号', 'Decision reference'),
    ...collectiveDecisionFields(),
  },
};

export type AppealEvent = EventsOf<typeof APPEAL_EVENT_FIELDS>;
export type AppealCreationData = PayloadOf<typeof APPEAL_CREATION_FIELDS>;
