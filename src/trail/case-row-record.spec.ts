import { canonicalJson } from './canonical-json';
import { caseRowMismatch, caseRowRecord, type RecordedCaseRow } from './case-row-record';

const row: RecordedCaseRow = {
  procedure: 'tolerance',
  procedureVersion: 1,
  state: 'closed',
  status: 'done',
  context: '{"parties":{"cadreId":"applicant1","unitId":"unit-jinan-dev"}}',
  version: 9,
  cadreId: 'applicant1',
  applicantId: null,
  unitId: 'unit-jinan-dev',
  jurisdiction: 'jinan',
  accuserUserId: null,
  originCaseId: null,
  originRelation: null,
  createdBy: 'applicant1',
  createdAt: '2026-03-02T01:00:00.000Z',
  stateEnteredAt: '2026-03-09T01:00:00.000Z',
  integritySalt: '00112233445566778899aabbccddeeff',
};

const headRecording = (recorded: RecordedCaseRow) => ({
  toState: recorded.state,
  data: canonicalJson({ caseRow: caseRowRecord('sha256', recorded) }),
  algorithm: 'sha256',
});

describe('the case row a trail entry records', () => {
  it('matches the row it was made from, under either algorithm', () => {
    expect(caseRowMismatch(headRecording(row), row)).toBeUndefined();
    const sm3 = { toState: 'closed', data: canonicalJson({ caseRow: caseRowRecord('sm3', row) }), algorithm: 'sm3' };
    expect(caseRowMismatch(sm3, row)).toBeUndefined();
  });

  it('names a changed state, status or version, and any change to the snapshot, parties or jurisdiction', () => {
    const head = headRecording(row);
    expect(caseRowMismatch(head, { ...row, state: 'awaitingClosure' })).toBe('the case is in state awaitingClosure but its trail records closed');
    expect(caseRowMismatch(head, { ...row, status: 'active' })).toBe('the case has status active but its trail records done');
    expect(caseRowMismatch(head, { ...row, version: 8 })).toBe('the case is at version 8 but its trail records 9');
    for (const change of [
      { context: row.context.replace('applicant1', 'applicant2') },
      { context: `${row.context} ` },
      { jurisdiction: 'qingdao' },
      { unitId: 'x' },
      { accuserUserId: 'applicant2' },
      { stateEnteredAt: '2027-01-01T00:00:00.000Z' },
    ]) {
      expect(caseRowMismatch(head, { ...row, ...change })).toMatch(/differs from what its trail records/);
    }
  });

  it('is salted: the same row with another salt has another digest', () => {
    expect(caseRowRecord('sha256', row).digest).not.toBe(caseRowRecord('sha256', { ...row, integritySalt: 'ff'.repeat(16) }).digest);
  });

  it('an entry written before entries recorded their row still says which state the case was left in, and only that is compared', () => {
    const legacy = { toState: 'closed', data: '{"reason":"x"}', algorithm: 'sha256' };
    expect(caseRowMismatch(legacy, { ...row, context: 'anything', version: 1 })).toBeUndefined();
    expect(caseRowMismatch(legacy, { ...row, state: 'awaitingClosure' })).toBe('the case is in state awaitingClosure but its trail ends in closed');
  });
});
