import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { caseNumberYear, formatCaseNumber } from '../config/case-number-format';
import { runSql } from '../database/sql';
import { DirectoryService } from '../org/directory.service';

// The series row is created if missing (a twin insert waits for the first and then does nothing),
// then raised by one under its row lock: on PostgreSQL a concurrent opening, on this instance or
// another, waits on the UPDATE until the first commits and then counts from its number; SQLite
// has one writer. The number is read back inside the same transaction.
const ENSURE_SERIES = 'INSERT INTO "case_number_series" ("jurisdiction", "year", "procedure", "last_no") VALUES (?, ?, ?, 0) ON CONFLICT DO NOTHING';
const NEXT_IN_SERIES = 'UPDATE "case_number_series" SET "last_no" = "last_no" + 1 WHERE "jurisdiction" = ? AND "year" = ? AND "procedure" = ?';
const LAST_IN_SERIES = 'SELECT "last_no" FROM "case_number_series" WHERE "jurisdiction" = ? AND "year" = ? AND "procedure" = ?';

/**
 * Case numbers (案件编号, issue 18 §2): allocated inside the opening's transaction, per body, year
 * (China time) and procedure. An opening that is refused or rolled back takes its number back with
 * it, so a series has no gaps and no number is given twice; the unique index on `cases.case_no`
 * is the backstop.
 */
@Injectable()
export class CaseNumbers {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly directory: DirectoryService,
  ) {}

  async allocate(manager: EntityManager, jurisdiction: string, procedure: string, at: string): Promise<string> {
    const year = caseNumberYear(at);
    const series = [jurisdiction, year, procedure];
    await runSql(manager, ENSURE_SERIES, series);
    await runSql(manager, NEXT_IN_SERIES, series);
    const { rows } = await runSql(manager, LAST_IN_SERIES, series);
    const seq = Number(rows[0].last_no);
    // A body not yet named in the directory prints its id.
    const body = (await this.directory.body(jurisdiction, manager))?.shortName ?? jurisdiction;
    return formatCaseNumber(this.config.caseNumbers, { body, procedure, year, seq });
  }
}
