import { and, assertEvent, assign, setup } from 'xstate';
import {
  allOf,
  collectiveDecisionConditions,
  collectiveDecisionRecord,
  compact,
  guardKit,
  stamp,
  unmet,
  type Label,
  type OpenCaseParams,
  type ProcedureInput,
  type SendToOriginParams,
} from '../core';
import type { AppealCreationData, AppealEvent } from './appeal.fields';
import { decisionForLowerCase, openingRecord, type AppealContext } from './appeal.model';

/**
 * 申诉案件 (issue 18 §3): received → accepted for review (受理) → reviewed (审查, the report on the
 * lower case's file) → decided by the committee (集体研究, vote recorded), which upholds or changes
 * the lower decision and sends it to the lower case in the same transaction (`sendToOrigin`).
 */

const l = (zh: string, en: string): Label => ({ zh, en });
const { checks } = guardKit<AppealContext, AppealEvent>();

export const appealMachine = setup({
  types: {
    context: {} as AppealContext,
    events: {} as AppealEvent,
    input: {} as ProcedureInput<AppealCreationData>,
  },
  guards: {
    /** The committee's vote stands (members, quorum, majority, dissent, meeting date); a change names the new outcome. */
    isValidAppealDecision: checks(({ context, event }) => {
      assertEvent(event, 'DECIDE_APPEAL');
      return [
        ...collectiveDecisionConditions(event.data, event.facts, {
          at: event.at,
          since: { since: context.reviewReport?.at, what: l('提请集体研究', 'the appeal was passed to the committee') },
        }),
        ...allOf(
          event.data.result === 'changed' &&
            !event.data.newOutcome &&
            unmet('decision.newOutcome', '变更原决定时须写明变更后的认定结果', 'A changed decision names the new outcome', 'newOutcome'),
        ),
      ];
    }),
  },
  actions: {
    openCase: (_, _params: OpenCaseParams) => {},
    sendToOrigin: (_, _params: SendToOriginParams) => {},
    recordAcceptance: assign(({ event }) => {
      assertEvent(event, 'ACCEPT_APPEAL');
      return { acceptance: compact({ ...stamp(event), note: event.data.note }) };
    }),
    recordReviewReport: assign(({ event }) => {
      assertEvent(event, 'SUBMIT_REVIEW_REPORT');
      return { reviewReport: { ...stamp(event), report: event.data.report, proposal: event.data.proposal } };
    }),
    recordDecision: assign(({ event }) => {
      assertEvent(event, 'DECIDE_APPEAL');
      const { result, newOutcome, reasoning, documentNo, meetingDate } = event.data;
      return {
        decision: compact({
          ...stamp(event),
          result,
          newOutcome,
          reasoning,
          documentNo,
          decidedOn: meetingDate,
          vote: collectiveDecisionRecord(event.data, event.facts),
        }),
      };
    }),
  },
}).createMachine({
  id: 'appeal',
  context: ({ input }) => openingRecord(input),
  initial: 'received',
  states: {
    /** 受理: the parent body's officer registers the appeal. */
    received: { on: { ACCEPT_APPEAL: { target: 'reviewing', actions: 'recordAcceptance' } } },
    /** 审查: the lower case's file is reviewed; the report goes to the committee. */
    reviewing: { on: { SUBMIT_REVIEW_REPORT: { target: 'atCommittee', actions: 'recordReviewReport' } } },
    /** 集体研究: the parent body's committee upholds or changes the decision; the lower case records it. */
    atCommittee: {
      on: {
        DECIDE_APPEAL: {
          guard: and(['isValidAppealDecision']),
          target: 'decided',
          actions: [
            'recordDecision',
            {
              type: 'sendToOrigin',
              params: ({ event }) => {
                assertEvent(event, 'DECIDE_APPEAL');
                return decisionForLowerCase(event);
              },
            },
          ],
        },
      },
    },
    decided: { type: 'final' },
  },
});
