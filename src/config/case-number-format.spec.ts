import { caseNumberFormatOf, caseNumberYear, formatCaseNumber } from './case-number-format';

describe('case number format', () => {
  it('prints the default format with each procedure’s short form', () => {
    const format = caseNumberFormatOf(undefined, undefined);
    expect(formatCaseNumber(format, { body: '济', procedure: 'tolerance', year: 2026, seq: 3 })).toBe('济纪容〔2026〕3号');
    expect(['tolerance', 'correction', 'clarification', 'falseAccusation', 'riskFiling'].map((procedure) => format.kinds[procedure])).toEqual([
      '容',
      '纠',
      '澄',
      '诬',
      '防',
    ]);
  });

  it('takes another template and short forms', () => {
    const format = caseNumberFormatOf('{body}〔{year}〕{kind}字第{seq}号', 'tolerance=容错');
    expect(formatCaseNumber(format, { body: '青', procedure: 'tolerance', year: 2027, seq: 12 })).toBe('青〔2027〕容错字第12号');
  });

  it('refuses a template without the sequence number or a part of the series, an unknown part, or two procedures with one form', () => {
    expect(() => caseNumberFormatOf('{body}纪{kind}〔{year}〕', undefined)).toThrow(/\{seq\}.*sequence number/);
    expect(() => caseNumberFormatOf('{body}纪〔{year}〕{seq}号', undefined)).toThrow(/\{kind\}/);
    expect(() => caseNumberFormatOf('{body}{kind}{year}{seq}{unit}', undefined)).toThrow(/unknown parts \{unit\}/);
    expect(() => caseNumberFormatOf(undefined, 'correction=容')).toThrow(/same short form/);
    expect(() => caseNumberFormatOf(undefined, 'tolerance')).toThrow(/procedure=short form/);
  });

  it('counts the year in China time', () => {
    expect(caseNumberYear('2026-12-31T15:59:59.999Z')).toBe(2026);
    expect(caseNumberYear('2026-12-31T16:00:00.000Z')).toBe(2027);
  });
});
