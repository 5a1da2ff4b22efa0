import { and, assertEvent, assign, setup } from 'xstate';
import {
  allOf,
  compact,
  guardKit,
  officeDayOf,
  stamp,
  unmet,
  type OpenCaseParams,
  type ProcedureInput,
  type RegisterParams,
  type SendToOriginParams,
} from '../core';
import type { RiskFilingCreationData, RiskFilingEvent } from './risk-filing.fields';
import { filedOnOf, legalityConditions, openingRecord, registerEntry, reviewDateConditions, type RiskFilingContext } from './risk-filing.model';

/**
 * 防错备案 — risk-prevention filing (domain.md §3.5): filed → reviewed → registered, or returned
 * for changes and filed again. An officer reviews, a leader registers it under a filing number no
 * other filing has (the engine hands the machine the register's entry for that number as
 * `event.facts.filing`) and the registration enters the register of filings.
 */

const { requires, checks } = guardKit<RiskFilingContext, RiskFilingEvent>();

export const riskFilingMachine = setup({
  types: {
    context: {} as RiskFilingContext,
    events: {} as RiskFilingEvent,
    input: {} as ProcedureInput<RiskFilingCreationData>,
  },
  guards: {
    /** A project its legality review found unlawful cannot pass review as it stands. */
    isLawful: requires(({ context }) => legalityConditions(context.filing)),
    /** The number is the register's own: no other filing holds it. */
    isNewFilingNo: checks(({ event }) => {
      assertEvent(event, 'REGISTER_FILING');
      const taken = event.facts?.filing;
      return allOf(
        !!taken &&
          unmet(
            'filing.numberTaken',
            `备案编号“${event.data.filingNo}”已被其他备案（${taken.project}）使用`,
            `The filing number ${event.data.filingNo} is already used by another filing`,
            'filingNo',
          ),
      );
    }),
    /** Only the unit that filed changes or withdraws its filing. */
    isFilingUnit: requires(({ context, event }) =>
      allOf(
        event.actor.role === 'unit' &&
          context.parties.applicantId !== undefined &&
          event.actor.id !== context.parties.applicantId &&
          unmet('party.notFilingUnit', '只有提交备案的单位可以修改或撤回备案', 'Only the unit that filed may change or withdraw the filing'),
      ),
    ),
    /** A revised review or assessment took place, not ahead of time and not before the filing was returned. */
    hasValidRevision: checks(({ context, event }) => {
      assertEvent(event, 'RESUBMIT_FILING');
      const returned = context.returns[context.returns.length - 1];
      return reviewDateConditions(event.data, event.at, { since: returned?.at, what: { zh: '退回修改', en: 'the filing was returned' } });
    }),
  },
  actions: {
    openCase: (_, _params: OpenCaseParams) => {},
    sendToOrigin: (_, _params: SendToOriginParams) => {},
    register: (_, _params: RegisterParams) => {},
    recordReview: assign(({ event }) => {
      assertEvent(event, 'REVIEW_FILING');
      return { review: { ...stamp(event), opinion: event.data.opinion } };
    }),
    recordReturn: assign(({ context, event }, params: { stage: 'review' | 'registration' }) => {
      assertEvent(event, 'RETURN_FILING');
      const entry = compact({ ...stamp(event), stage: params.stage, reason: event.data.reason, items: event.data.items });
      // A returned filing is reviewed afresh once resubmitted.
      return { returns: [...context.returns, entry], review: undefined };
    }),
    recordResubmission: assign(({ context, event }) => {
      assertEvent(event, 'RESUBMIT_FILING');
      const { changes, description, scope, legalityReview, riskAssessment } = event.data;
      return {
        filing: { ...context.filing, ...(compact({ description, scope, legalityReview, riskAssessment }) as Partial<RiskFilingContext['filing']>) },
        submissions: [...context.submissions, { ...stamp(event), changes }],
      };
    }),
    recordRegistration: assign(({ context, event }) => {
      assertEvent(event, 'REGISTER_FILING');
      const { filingNo, note } = event.data;
      return { registration: compact({ ...stamp(event), filingNo: filingNo.trim(), filedOn: filedOnOf(context), registeredOn: officeDayOf(event.at), note }) };
    }),
    recordWithdrawal: assign(({ event }) => {
      assertEvent(event, ['WITHDRAW_FILING', 'RESUBMISSION_EXPIRED']);
      const reason = event.type === 'WITHDRAW_FILING' ? event.data.reason : '逾期未修改重新提交，视为撤回';
      return { withdrawal: { ...stamp(event), deemed: event.type === 'RESUBMISSION_EXPIRED', reason } };
    }),
  },
}).createMachine({
  id: 'riskFiling',
  context: ({ input }) => openingRecord(input),
  initial: 'filed',
  states: {
    /** 审查: an officer checks the legality review and the risk assessment. */
    filed: {
      on: {
        REVIEW_FILING: { guard: 'isLawful', target: 'reviewed', actions: 'recordReview' },
        RETURN_FILING: { target: 'returned', actions: { type: 'recordReturn', params: { stage: 'review' } } },
        WITHDRAW_FILING: { guard: 'isFilingUnit', target: 'withdrawn', actions: 'recordWithdrawal' },
      },
    },
    /** 登记: a leader registers the filing under its number, or returns it. */
    reviewed: {
      on: {
        REGISTER_FILING: {
          guard: and(['isLawful', 'isNewFilingNo']),
          target: 'registered',
          actions: [
            'recordRegistration',
            {
              type: 'register',
              params: ({ context, event }) => {
                assertEvent(event, 'REGISTER_FILING');
                return registerEntry(context, event.data.filingNo, event.at);
              },
            },
          ],
        },
        RETURN_FILING: { target: 'returned', actions: { type: 'recordReturn', params: { stage: 'registration' } } },
        WITHDRAW_FILING: { guard: 'isFilingUnit', target: 'withdrawn', actions: 'recordWithdrawal' },
      },
    },
    /** 退回修改: the unit changes the filing and files it again, or withdraws it. */
    returned: {
      on: {
        RESUBMIT_FILING: { guard: and(['isFilingUnit', 'hasValidRevision']), target: 'filed', actions: 'recordResubmission' },
        WITHDRAW_FILING: { guard: 'isFilingUnit', target: 'withdrawn', actions: 'recordWithdrawal' },
        RESUBMISSION_EXPIRED: { target: 'withdrawn', actions: 'recordWithdrawal' },
      },
    },
    registered: { type: 'final' },
    withdrawn: { type: 'final' },
  },
});
