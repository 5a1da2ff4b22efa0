import { procedureRegistry } from '../../workflows';
import { acceptedEventTypes } from '../../workflows/core';
import { BACKLOG_SHEET, type BacklogKey } from './backlog-format';
import { dayStart } from './backlog-plan';
import { buildCase, IMPORTABLE_STEPS, type BacklogRow } from './backlog-steps';

const registry = procedureRegistry();

/** A row with every column filled as an office would, for any step. */
const fullRow = (): BacklogRow => ({
  ...(Object.fromEntries(BACKLOG_SHEET.columns.map((column) => [column.key, ''])) as Record<BacklogKey, string>),
  originalNo: '历下纪〔2025〕1号',
  cadreId: 'cadre-zhouhui',
  unitId: 'unit-lixia-housing',
  body: 'jinan-lixia',
  openedOn: '2026-01-05',
  stepEnteredOn: '2026-01-12',
  summary: '工程款拨付审核不严',
  matter: '老旧小区改造中调整了招标方式',
  grounds: '先行先试，未谋取私利',
  channel: '来信',
  receivedOn: '2026-01-02',
  requirement: '建立复核制度',
  responsible: '当事干部',
  dueDate: '2026-12-31',
});

describe('the importable steps (backlog-steps.ts)', () => {
  it.each(IMPORTABLE_STEPS.map((step) => [`${step.procedure} ${step.state}`, step] as const))(
    '%s: the route ends in the step, the case takes its next events, the parties are the row’s',
    (_name, step) => {
      const definition = registry.latest(step.procedure)!;
      expect(definition.states[step.state]).toBeDefined();
      const { built, unmet } = buildCase(definition, step, fullRow(), 'officer1', { opened: dayStart('2026-01-05'), step: dayStart('2026-01-12') });
      expect(unmet).toEqual([]);
      expect(built!.snapshot.value).toBe(step.state);
      expect(acceptedEventTypes(definition, built!.snapshot).length).toBeGreaterThan(0);
      expect(built!.snapshot.context).toMatchObject({ parties: { cadreId: 'cadre-zhouhui', unitId: 'unit-lixia-housing' } });
      expect(built!.route.at(-1)!.at).toBe(dayStart('2026-01-12'));
    },
  );

  it('a row the machine refuses comes back as its conditions, naming the field', () => {
    const step = IMPORTABLE_STEPS.find((candidate) => candidate.procedure === 'correction' && candidate.state === 'planning')!;
    const { built, unmet } = buildCase(registry.latest('correction')!, step, { ...fullRow(), dueDate: '2026-01-01' }, 'officer1', {
      opened: dayStart('2026-01-05'),
      step: dayStart('2026-01-12'),
    });
    expect(built).toBeUndefined();
    expect(unmet.map((condition) => condition.code)).toEqual(['order.dueDatePast']);
  });
});
