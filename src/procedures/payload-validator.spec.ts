import { date, integer, object, objectList, oneOf, someOf, text, textList } from '../../workflows/core';
import { DomainError } from '../common/domain-error';
import { PayloadValidator } from './payload-validator';

const fields = {
  reason: text('理由', 'Reason', { required: true, maxLength: 10 }),
  on: date('日期', 'Date'),
  months: integer('月数', 'Months', 1, 24),
  outcome: oneOf('结果', 'Outcome', { a: { zh: '甲', en: 'A' }, b: { zh: '乙', en: 'B' } }),
  measures: someOf('措施', 'Measures', { x: { zh: 'X', en: 'X' }, y: { zh: 'Y', en: 'Y' } }, { minItems: 1 }),
  names: textList('名单', 'Names', { maxItems: 2 }),
  vote: object('表决', 'Vote', { for: integer('赞成', 'For', 0, 9, { required: true }) }),
  items: objectList('事项', 'Items', { requirement: text('要求', 'Requirement', { required: true }) }, { maxItems: 2 }),
};

async function problems(payload: unknown, spec: typeof fields | Record<string, never> = fields): Promise<string[]> {
  try {
    await new PayloadValidator().validate(`test-${Object.keys(spec).length}`, spec, payload);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('CASE.INVALID_PAYLOAD');
    return ((error as DomainError).details.fields as Array<{ field: string }>).map((problem) => problem.field);
  }
}

describe('PayloadValidator (class-validator classes generated from field specs)', () => {
  it('accepts a payload that fits every spec', async () => {
    const payload = {
      reason: 'ok',
      on: '2026-02-28',
      months: 6,
      outcome: 'a',
      measures: ['x', 'y'],
      names: ['甲'],
      vote: { for: 3 },
      items: [{ requirement: '整改' }],
    };
    expect(await problems(payload)).toEqual([]);
  });

  it('names each bad field, nested ones with their path', async () => {
    const payload = {
      reason: 'x'.repeat(11),
      on: '2026-02-30',
      months: 25,
      outcome: 'c',
      measures: [],
      names: ['a', 'b', 'c'],
      vote: { for: 'many' },
      items: [{ requirement: '' }, { requirement: 'x', extra: 1 }],
      unknown: true,
    };
    expect((await problems(payload)).sort()).toEqual(
      ['items[0].requirement', 'items[1].extra', 'measures', 'months', 'names', 'on', 'outcome', 'reason', 'unknown', 'vote.for'].sort(),
    );
  });

  it('requires required fields and refuses non-objects', async () => {
    expect(await problems({})).toEqual(['reason']);
    expect(await problems([])).toEqual([]);
    await expect(new PayloadValidator().validate('x', fields, 'text')).rejects.toThrow(DomainError);
  });

  it('an event without fields takes an empty payload and refuses anything else', async () => {
    expect(await problems({}, {})).toEqual([]);
    expect(await problems({ note: 'x' }, {})).toEqual(['note']);
  });
});
