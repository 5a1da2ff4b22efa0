import { randomBytes, randomUUID } from 'node:crypto';
import { caseRowDigestOf } from '../../src/trail/case-row-record';
import { digest, GENESIS_HASH } from '../../src/trail/chain-hash';
import type { HashAlgorithm } from '../../src/config/app-config';
import { caseNumberFormatOf, caseNumberYear, formatCaseNumber } from '../../src/config/case-number-format';
import { caseTemplates, searchText, SLOT, STEP_MS, TIME_SLOT, type CaseTemplate } from './case-templates';
import { renderTemplate } from './slot-template';

const CASE_NUMBERS = caseNumberFormatOf(undefined, undefined);
const FILL_BODY = '填';

/** How far back the filled histories reach: a province's years of cases. */
const SPAN_MS = 3 * 365 * 24 * 3600 * 1000;
const UNITS = 300;

export interface RowPlan {
  algorithm: HashAlgorithm;
  /** Total cases in the database: case `i` of them is placed in time by `i / total`. */
  total: number;
  /** "Now" in ms: histories end before it. */
  now: number;
}

/** The columns of `cases` a fill writes, in the order of the values of `CaseRows.cases`; the others keep their defaults or NULL. */
export const CASE_COLUMNS = [
  'id',
  'procedure',
  'procedure_version',
  'state',
  'status',
  'context',
  'version',
  'cadre_id',
  'applicant_id',
  'unit_id',
  'search_text',
  'case_no',
  'created_by',
  'created_at',
  'updated_at',
  'state_entered_at',
  'trail_head',
  'trail_length',
  'integrity_salt',
] as const;

/** The columns of `audit_entries` in the order of `CaseRows.entries`; every filled entry is `outcome = 'applied'`, no refusal code. */
export const ENTRY_COLUMNS = [
  'stream_id',
  'position',
  'case_id',
  'procedure',
  'procedure_version',
  'from_state',
  'event',
  'to_state',
  'actor_id',
  'actor_role',
  'at',
  'reason',
  'data',
  'prev_hash',
  'hash',
  'algorithm',
] as const;

/**
 * The columns of `deadlines` in the order of `CaseRows.deadlines`; every filled deadline is
 * `status = 'cancelled'` (the case left the state), not reminded, not claimed.
 */
export const DEADLINE_COLUMNS = ['id', 'case_id', 'state', 'rule', 'due_at', 'remind_at', 'on_expiry', 'created_at', 'closed_at'] as const;

/** Column values in the order of CASE_COLUMNS, ENTRY_COLUMNS and DEADLINE_COLUMNS. */
export interface CaseRows {
  cases: unknown[][];
  entries: unknown[][];
  deadlines: unknown[][];
}

const DAY_MS = 24 * 3600 * 1000;
/** As the engine's default `REMINDER_WORKING_DAYS` (2), in calendar days. */
const REMIND_BEFORE_MS = 2 * DAY_MS;

/**
 * The rows of cases `from`..`to` - 1: each case one of the templates (in proportion to their
 * weights), with its own id, cadre, unit and times, and its trail chained and hashed.
 */
export class CaseRowFactory {
  private readonly templates: CaseTemplate[];
  private readonly pattern: CaseTemplate[];
  private readonly end: number;

  constructor(private readonly plan: RowPlan) {
    this.templates = caseTemplates(plan.algorithm);
    this.pattern = weightPattern(this.templates);
    const longest = Math.max(...this.templates.map((template) => template.entries.length));
    this.end = plan.now - STEP_MS * (longest + 1);
  }

  rows(from: number, to: number): CaseRows {
    const { algorithm, total } = this.plan;
    const cases: unknown[][] = [];
    const entries: unknown[][] = [];
    const deadlines: unknown[][] = [];
    const values: string[] = [];
    for (let i = from; i < to; i += 1) {
      const template = this.pattern[i % this.pattern.length];
      const caseId = randomUUID();
      const cadre = `cadre-${String(i).padStart(7, '0')}`;
      const unit = `unit-${String(i % UNITS).padStart(3, '0')}`;
      const first = this.end - SPAN_MS + Math.floor((i * SPAN_MS) / total);
      values[SLOT.caseId] = caseId;
      values[SLOT.cadre] = cadre;
      values[SLOT.unit] = unit;
      for (let step = 0; step < template.entries.length; step += 1) values[TIME_SLOT + step] = new Date(first + step * STEP_MS).toISOString();
      // A series of the fill's own (body 填), numbered by the case's place in the fill: unique, and
      // apart from every series the service numbers, whose bodies have short names of their own.
      values[SLOT.caseNo] = formatCaseNumber(CASE_NUMBERS, {
        body: FILL_BODY,
        procedure: template.procedure,
        year: caseNumberYear(values[TIME_SLOT]),
        seq: i + 1,
      });
      let prevHash = GENESIS_HASH;
      const salt = randomBytes(16).toString('hex');
      template.entries.forEach((entry, step) => {
        values[SLOT.prevHash] = prevHash;
        values[SLOT.rowDigest] = caseRowDigestOf(algorithm, salt, renderTemplate(entry.rowContext, values), renderTemplate(entry.rowColumns, values));
        const hash = digest(algorithm, renderTemplate(entry.hashed, values));
        entries.push([
          caseId,
          step + 1,
          caseId,
          template.procedure,
          template.procedureVersion,
          entry.fromState,
          entry.event,
          entry.toState,
          JSON.parse(renderTemplate(entry.actorId, values)),
          entry.actorRole,
          values[TIME_SLOT + step],
          entry.reason,
          renderTemplate(entry.data, values),
          prevHash,
          hash,
          algorithm,
        ]);
        prevHash = hash;
      });
      for (const deadline of template.deadlines) {
        const due = first + deadline.enteredStep * STEP_MS + deadline.days * DAY_MS;
        deadlines.push([
          randomUUID(),
          caseId,
          deadline.state,
          deadline.rule,
          new Date(due).toISOString(),
          new Date(due - REMIND_BEFORE_MS).toISOString(),
          deadline.onExpiry,
          values[TIME_SLOT + deadline.enteredStep],
          values[TIME_SLOT + deadline.leftStep],
        ]);
      }
      const last = template.entries.length - 1;
      cases.push([
        caseId,
        template.procedure,
        template.procedureVersion,
        template.state,
        template.status,
        renderTemplate(template.context, values),
        template.entries.length,
        cadre,
        template.applicantId,
        unit,
        searchText(template.searchParts, cadre, unit),
        values[SLOT.caseNo],
        JSON.parse(renderTemplate(template.createdBy, values)),
        values[TIME_SLOT],
        values[TIME_SLOT + last],
        values[TIME_SLOT + template.stateEnteredStep],
        prevHash,
        template.entries.length,
        salt,
      ]);
    }
    return { cases, entries, deadlines };
  }
}

/** Templates repeated in proportion to their weights, in a fixed order: fills are reproducible in shape. */
function weightPattern(templates: CaseTemplate[]): CaseTemplate[] {
  const pattern: CaseTemplate[] = [];
  for (const template of templates) for (let n = Math.round(template.weight * 20); n > 0; n -= 1) pattern.push(template);
  // Interleaved so that neighbouring cases differ, as cases arriving over time would.
  return pattern
    .map((template, index) => ({ template, key: (index * 7) % pattern.length }))
    .sort((a, b) => a.key - b.key)
    .map((item) => item.template);
}
