/**
 * The format of case numbers (案件编号, issue 18 §2), e.g. 济纪容〔2026〕3号: the body's short name, the
 * procedure's short form, the year (China time) and the number within that series. A series is one
 * body, one year, one procedure; its numbers run 1, 2, 3, … and are never reused.
 *
 * `CASE_NUMBER_FORMAT` sets the template; it must name every part of the series and the sequence
 * number, or two series could print the same number (the unique index on `cases.case_no` would then
 * refuse openings). `CASE_NUMBER_KINDS` overrides the procedures' short forms (`tolerance=容,…`).
 */

/** The template's placeholders; every one is required. */
export const CASE_NUMBER_PARTS = ['body', 'kind', 'year', 'seq'] as const;

export const DEFAULT_CASE_NUMBER_FORMAT = '{body}纪{kind}〔{year}〕{seq}号';

/**
 * The procedures' short forms: 容 (容错, tolerance), 纠 (纠错, correction), 澄 (澄清正名,
 * clarification), 诬 (诬告陷害查处, false accusation), 防 (防错备案, risk-prevention filing), 申 (申诉案件,
 * an appeal heard one level up). A procedure not listed prints its id.
 */
export const DEFAULT_CASE_NUMBER_KINDS: Readonly<Record<string, string>> = {
  tolerance: '容',
  correction: '纠',
  clarification: '澄',
  falseAccusation: '诬',
  riskFiling: '防',
  appeal: '申',
};

export interface CaseNumberFormat {
  template: string;
  kinds: Record<string, string>;
}

export interface CaseNumberParts {
  /** The body's short name (简称), e.g. 济. */
  body: string;
  procedure: string;
  year: number;
  seq: number;
}

/** The format from the environment, checked once at start-up (a bad template stops the start with its reason). */
export function caseNumberFormatOf(template: string | undefined, kinds: string | undefined): CaseNumberFormat {
  const chosen = template && template.trim() !== '' ? template.trim() : DEFAULT_CASE_NUMBER_FORMAT;
  const placeholders = [...chosen.matchAll(/\{([^}]*)\}/g)].map((match) => match[1]);
  const unknown = placeholders.filter((name) => !(CASE_NUMBER_PARTS as readonly string[]).includes(name));
  if (unknown.length > 0)
    throw new Error(`CASE_NUMBER_FORMAT names unknown parts {${unknown.join('}, {')}}: use ${CASE_NUMBER_PARTS.map((p) => `{${p}}`).join(' ')}`);
  const missing = CASE_NUMBER_PARTS.filter((part) => !placeholders.includes(part));
  if (missing.length > 0) {
    throw new Error(
      `CASE_NUMBER_FORMAT must contain {${missing.join('}, {')}}: without ${missing.includes('seq') ? 'the sequence number' : 'every part of the series'} two cases could get the same number`,
    );
  }
  if (chosen.length > 60) throw new Error('CASE_NUMBER_FORMAT is longer than 60 characters');
  const merged: Record<string, string> = { ...DEFAULT_CASE_NUMBER_KINDS, ...kindsOf(kinds) };
  const forms = Object.values(merged);
  if (new Set(forms).size !== forms.length) throw new Error('CASE_NUMBER_KINDS gives two procedures the same short form: their numbers would collide');
  return { template: chosen, kinds: merged };
}

function kindsOf(raw: string | undefined): Record<string, string> {
  if (!raw || raw.trim() === '') return {};
  return Object.fromEntries(
    raw.split(',').map((pair) => {
      const [procedure, form] = pair.split('=').map((part) => part?.trim() ?? '');
      if (!procedure || !form || form.length > 8 || /[{}]/.test(form))
        throw new Error(`CASE_NUMBER_KINDS: "${pair}" is not procedure=short form (at most 8 characters)`);
      return [procedure, form];
    }),
  );
}

/** The number as printed. */
export function formatCaseNumber(format: CaseNumberFormat, parts: CaseNumberParts): string {
  const values: Record<(typeof CASE_NUMBER_PARTS)[number], string> = {
    body: parts.body,
    kind: format.kinds[parts.procedure] ?? parts.procedure,
    year: String(parts.year),
    seq: String(parts.seq),
  };
  return format.template.replace(/\{(body|kind|year|seq)\}/g, (_, name: (typeof CASE_NUMBER_PARTS)[number]) => values[name]);
}

/** The year a case number carries: the office's year (China Standard Time, UTC+8) at the instant of opening. */
export function caseNumberYear(at: string): number {
  return new Date(Date.parse(at) + 8 * 3600 * 1000).getUTCFullYear();
}
