import { exploreGraph, MachineHarness } from '../../test/support/machine-harness';
import type { StoredSnapshot } from '../core';
import { SAMPLE_SHANDONG_COMMITTEE_MEMBERS } from '../sample-world';
import { appealV1 } from './appeal.definition';
import type { AppealContext } from './appeal.model';
import { appealActors as A, appealFromTolerance, appealSamples, APPEAL_TIMES as T, appealVote } from './appeal.samples';

const h = new MachineHarness(appealV1, appealSamples.world);
const ctx = (s: StoredSnapshot) => s.context as unknown as AppealContext;
const sample = (type: string, index = 0) => appealSamples.events[type][index];
const take = (s: StoredSnapshot, type: string, index = 0) => h.accept(s, type, sample(type, index).actor, sample(type, index).data, sample(type, index).at);
const atCommittee = () => take(take(h.open(appealFromTolerance), 'ACCEPT_APPEAL'), 'SUBMIT_REVIEW_REPORT');

describe('appeal case (申诉案件) — graph and tables', () => {
  it('reaches every state from the samples; the decision is final', () => {
    const reached = exploreGraph(appealV1, appealSamples);
    expect([...reached.keys()].sort()).toEqual(Object.keys(appealV1.states).sort());
    expect(reached.get('decided')?.snapshot.status).toBe('done');
  });

  it('has a table entry for every event and state; only the service opens it; the committee decides; every open step counts the 2 months from the filing', () => {
    const nodes = appealV1.machine.root.states as Record<string, { ownEvents: string[] }>;
    expect(Object.keys(appealV1.events).sort()).toEqual([...new Set(Object.values(nodes).flatMap((node) => node.ownEvents))].sort());
    expect(Object.keys(appealV1.states).sort()).toEqual(Object.keys(nodes).sort());
    expect(appealV1.creation.roles).toEqual(['system']);
    expect(appealV1.events.DECIDE_APPEAL).toMatchObject({ roles: ['committee'], facts: { committee: true } });
    for (const state of ['received', 'reviewing', 'atCommittee']) {
      expect(appealV1.states[state].deadline).toMatchObject({ rule: 'appeal.decision', length: 2, unit: 'months' });
      expect(appealV1.states[state].deadline?.startsAt?.day?.(ctx(atCommittee()))).toBe(T.filed);
    }
  });
});

describe('appeal case — the path', () => {
  it('given an appeal filed in a lower case, when accepted, reviewed and decided by the committee, then the decision goes back to the lower case without the vote', () => {
    const opened = h.open(appealFromTolerance);
    expect(opened.value).toBe('received');
    expect(ctx(opened)).toMatchObject({
      parties: { cadreId: 'applicant1', unitId: 'unit-jinan-dev' },
      origin: { caseId: 'tolerance-case-1', procedure: 'tolerance' },
      filed: { grounds: '对复核决定不服', filedBy: 'applicant1', at: T.filed },
    });
    const s = atCommittee();
    expect(ctx(s).reviewReport).toMatchObject({ by: A.officer.id, proposal: '维持原复核决定' });
    const decided = h.send(s, 'DECIDE_APPEAL', A.committee, sample('DECIDE_APPEAL', 1).data, T.decided);
    expect(decided.accepted).toBe(true);
    expect(decided.snapshot.value).toBe('decided');
    expect(ctx(decided.snapshot).decision).toMatchObject({
      result: 'changed',
      newOutcome: 'mitigated',
      decidedOn: '2026-07-15',
      vote: { votesFor: 3, attendees: appealVote.attendees, committee: { jurisdiction: 'shandong', members: 5, quorum: 3 } },
    });
    expect(decided.effects).toEqual([
      {
        type: 'sendToOrigin',
        params: {
          type: 'RECORD_APPEAL_DECISION',
          data: { result: 'changed', newOutcome: 'mitigated', mitigation: 'reduced', impactMonths: 3, reasoning: '变更为减轻处理', decidedOn: '2026-07-15' },
        },
      },
    ]);
  });

  it('refuses a decision without the quorum, by non-members, or a change naming no new outcome; the case is unchanged', () => {
    const s = atCommittee();
    const short = { ...sample('DECIDE_APPEAL').data, attendees: SAMPLE_SHANDONG_COMMITTEE_MEMBERS.slice(0, 2), votesFor: 2 };
    const codes = (data: Record<string, unknown>) => {
      const result = h.send(s, 'DECIDE_APPEAL', A.committee, data, T.decided);
      expect(result.accepted).toBe(false);
      expect(result.snapshot).toBe(s);
      expect(result.effects).toEqual([]);
      return h.refusal(s, 'DECIDE_APPEAL', A.committee, data, T.decided).map((c) => c.code);
    };
    expect(codes(short)).toContain('committee.quorum');
    expect(codes({ ...sample('DECIDE_APPEAL').data, attendees: ['王建国', ...appealVote.attendees.slice(1)] })).toContain('committee.notMember');
    expect(codes({ ...sample('DECIDE_APPEAL').data, result: 'changed' })).toContain('decision.newOutcome');
    expect(codes({ ...sample('DECIDE_APPEAL').data, votesFor: 1, votesAgainst: 2, dissent: [] })).not.toHaveLength(0);
  });

  it('takes the steps in order only: no decision before the review report', () => {
    const received = h.open(appealFromTolerance);
    expect(h.send(received, 'DECIDE_APPEAL', A.committee, sample('DECIDE_APPEAL').data, T.decided).accepted).toBe(false);
    expect(h.send(received, 'SUBMIT_REVIEW_REPORT', A.officer, sample('SUBMIT_REVIEW_REPORT').data, T.reviewed).accepted).toBe(false);
  });
});
