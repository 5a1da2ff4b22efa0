import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { FilingFact, RegisterParams } from '../../workflows/core';
import { condition, DomainError } from '../common/domain-error';
import { lockNameUntilCommit } from '../database/row-locks';
import { runSql } from '../database/sql';
import type { RegisterCase } from './register-case';

export interface FilingView extends FilingFact {
  jurisdiction: string;
  registeredBy: string;
}

const COLUMNS = '"filing_no", "case_id", "unit_id", "jurisdiction", "project", "scope", "filed_on", "registered_on", "registered_by"';

/**
 * The register of risk-prevention filings (防错备案登记簿, domain.md §3.5): a filing enters it
 * when its case registers it (the machine's `register` effect, in the same transaction), under
 * a number no other filing has. Verification of a tolerance application looks a cited number up
 * here (`event.facts.filing`), as the register stood on that day.
 */
@Injectable()
export class FilingRegister {
  async add(manager: EntityManager, row: RegisterCase, params: RegisterParams, actorId: string): Promise<number> {
    const entry = params.entry as { filingNo: string; project: string; scope: string; filedOn: string; registeredOn: string };
    await lockNameUntilCommit(manager, `filing:${entry.filingNo}`);
    if (await this.find(manager, entry.filingNo)) throw numberTaken(entry.filingNo);
    await runSql(manager, `INSERT INTO "risk_filings" (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
      entry.filingNo,
      row.id,
      row.unitId,
      row.jurisdiction,
      entry.project,
      entry.scope,
      entry.filedOn,
      entry.registeredOn,
      actorId,
    ]);
    return 1;
  }

  /** The register's entry for a number, as the register stood on `day` (a later registration is not yet there). */
  async find(manager: EntityManager, filingNo: string, day?: string): Promise<FilingView | null> {
    const { rows } = await runSql(manager, `SELECT ${COLUMNS} FROM "risk_filings" WHERE "filing_no" = ?`, [filingNo]);
    const found = rows[0] ? toView(rows[0]) : null;
    return found && (day === undefined || found.registeredOn <= day) ? found : null;
  }

  async list(manager: EntityManager, jurisdictions: string[] | '*'): Promise<FilingView[]> {
    const { rows } = await runSql(manager, `SELECT ${COLUMNS} FROM "risk_filings" ORDER BY "registered_on" DESC, "filing_no"`, []);
    return rows.map(toView).filter((filing) => jurisdictions === '*' || jurisdictions.includes(filing.jurisdiction));
  }
}

function toView(row: Record<string, unknown>): FilingView {
  return {
    filingNo: String(row.filing_no),
    caseId: String(row.case_id),
    unitId: String(row.unit_id),
    jurisdiction: String(row.jurisdiction),
    project: String(row.project),
    scope: String(row.scope),
    filedOn: String(row.filed_on),
    registeredOn: String(row.registered_on),
    registeredBy: String(row.registered_by),
  };
}

function numberTaken(filingNo: string): DomainError {
  return new DomainError('CASE.GUARD_REFUSED', `Filing number ${filingNo} is taken`, {
    conditions: [
      condition('filing.numberTaken', `备案编号“${filingNo}”已被其他备案使用`, `The filing number ${filingNo} is already used by another filing`, 'filingNo'),
    ],
  });
}
