import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, In, type EntityManager } from 'typeorm';
import type { ProcedureRegistry } from '../../workflows/core';
import { CaseCommandHandler } from '../cases/command-handler';
import { Clock } from '../common/clock';
import { condition, DomainError } from '../common/domain-error';
import { TransactionRunner } from '../database/transaction-runner';
import { fileRefusal, readSpreadsheet, type ParsedFile } from '../directory-import/spreadsheet-reader';
import type { AuthUser } from '../identity/auth-user';
import { CadreEntity } from '../org/cadre.entity';
import { BodyEntity } from '../org/body.entity';
import { UnitEntity } from '../org/unit.entity';
import { PROCEDURE_REGISTRY } from '../procedures/procedure-registry.token';
import { ADMIN_STREAM, TrailWriter } from '../trail/trail-writer';
import { BACKLOG_SHEET, MAX_BACKLOG_ROWS, type BacklogSheet } from './backlog-format';
import { planBacklog, sourceRowSha256, type BacklogLookups, type BacklogReport, type PlannedCase } from './backlog-plan';
import { ImportedCaseEntity } from './imported-case.entity';

export interface BacklogImportResult extends BacklogReport {
  /** Cases were opened; false when every row had been imported before (a second import). */
  changed: boolean;
  /** The new cases: the source row, its original number and the case number given. */
  created: Array<{ row: number; originalNo: string; caseId: string; caseNo: string }>;
}

const CHUNK = 200;

/**
 * Brings the backlog of existing cases in (issue 18 §4, second bullet). The dry run reports each
 * row; the import opens every new row's case, or none, in one transaction: each case numbered as
 * an opening is, its machine state the stated step (built by the procedure's own machine), its
 * chain starting with `IMPORTED`, its deadlines counted from the row's step date; one entry on the
 * `admin` chain says who imported which file and how many rows. A row imported before (same
 * SHA-256) is left: importing the same file twice changes nothing.
 */
@Injectable()
export class BacklogImportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(PROCEDURE_REGISTRY) private readonly registry: ProcedureRegistry,
    private readonly handler: CaseCommandHandler,
    private readonly transactions: TransactionRunner,
    private readonly writer: TrailWriter,
    private readonly clock: Clock,
  ) {}

  async dryRun(importer: AuthUser, body: Buffer, format: 'xlsx' | 'csv'): Promise<BacklogReport> {
    const file = await read(body, format);
    return planBacklog(file, sha256(body), this.registry, importer, await this.lookups(this.dataSource.manager, file), this.now()).report;
  }

  async import(importer: AuthUser, body: Buffer, format: 'xlsx' | 'csv'): Promise<BacklogImportResult> {
    const file = await read(body, format);
    const digest = sha256(body);
    assertImportable(planBacklog(file, digest, this.registry, importer, await this.lookups(this.dataSource.manager, file), this.now()).report);
    return this.transactions.run(async (manager) => {
      const at = this.now();
      // Planned again inside the transaction: what changed meanwhile (another import of the same rows) counts.
      const { report, cases } = planBacklog(file, digest, this.registry, importer, await this.lookups(manager, file), at);
      assertImportable(report);
      const created: BacklogImportResult['created'] = [];
      for (const planned of cases) created.push(await this.write(manager, importer, planned, digest, at));
      if (created.length > 0) {
        await this.writer.record(manager, ADMIN_STREAM, {
          event: 'BACKLOG_IMPORTED',
          actorId: importer.id,
          actorRole: 'officer',
          outcome: 'applied',
          data: { sha256: digest, format, rows: report.counts.rows, created: created.length, unchanged: report.counts.unchanged },
        });
      }
      return { ...report, changed: created.length > 0, created };
    });
  }

  private async write(manager: EntityManager, importer: AuthUser, planned: PlannedCase, fileSha256: string, at: string) {
    const record = {
      originalNo: planned.originalNo,
      step: planned.step.state,
      openedOn: planned.openedOn,
      stepEnteredOn: planned.stepEnteredOn,
      source: { rowSha256: planned.sourceSha256, fileSha256, row: planned.row, importedBy: importer.id },
      route: planned.built.route,
    };
    const row = await this.handler.importCase(
      manager,
      planned.definition,
      {
        snapshot: planned.built.snapshot,
        cadreId: planned.cadreId,
        unitId: planned.unitId,
        jurisdiction: planned.jurisdiction,
        stateEnteredAt: planned.stepEnteredAt,
        record,
      },
      { id: importer.id, role: 'officer' },
      at,
    );
    await manager.getRepository(ImportedCaseEntity).insert({
      sourceSha256: planned.sourceSha256,
      caseId: row.id,
      fileSha256,
      sourceRow: planned.row,
      originalNo: planned.originalNo,
      importedBy: importer.id,
      importedAt: at,
    });
    return { row: planned.row, originalNo: planned.originalNo, caseId: row.id, caseNo: row.caseNo ?? '' };
  }

  /** What the rows name: rows imported before, units, bodies, cadres by id and by name. */
  private async lookups(manager: EntityManager, file: ParsedFile<BacklogSheet>): Promise<BacklogLookups> {
    const rows = file.sheets.flatMap((sheet) => sheet.rows);
    const values = (key: string) => [...new Set(rows.map((row) => row.values[key] ?? '').filter(Boolean))];
    const importedRows = new Set<string>();
    for (const part of chunks(rows.map((row) => sourceRowSha256(row.values)))) {
      for (const found of await manager.getRepository(ImportedCaseEntity).findBy({ sourceSha256: In(part) })) importedRows.add(found.sourceSha256);
    }
    const importedNumbers = new Set<string>();
    for (const part of chunks(values('originalNo'))) {
      for (const found of await manager.getRepository(ImportedCaseEntity).findBy({ originalNo: In(part) })) importedNumbers.add(found.originalNo);
    }
    const units = new Map<string, { jurisdiction: string }>();
    for (const part of chunks(values('unitId'))) for (const unit of await manager.getRepository(UnitEntity).findBy({ id: In(part) })) units.set(unit.id, unit);
    const bodies = new Set<string>();
    for (const part of chunks(values('body'))) for (const body of await manager.getRepository(BodyEntity).findBy({ id: In(part) })) bodies.add(body.id);
    const cadres = new Map<string, { unitId: string }>();
    for (const part of chunks(values('cadreId')))
      for (const cadre of await manager.getRepository(CadreEntity).findBy({ id: In(part) })) cadres.set(cadre.id, cadre);
    const cadresByName = new Map<string, Array<{ id: string; unitId: string }>>();
    for (const part of chunks(values('cadreName'))) {
      for (const cadre of await manager.getRepository(CadreEntity).findBy({ name: In(part) })) {
        cadresByName.set(cadre.name, [...(cadresByName.get(cadre.name) ?? []), { id: cadre.id, unitId: cadre.unitId }]);
      }
    }
    return { importedRows, importedNumbers, units, bodies, cadres, cadresByName };
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}

async function read(body: Buffer, format: 'xlsx' | 'csv'): Promise<ParsedFile<BacklogSheet>> {
  const file = await readSpreadsheet(body, format, [BACKLOG_SHEET]);
  const rows = file.sheets.reduce((sum, sheet) => sum + sheet.rows.length, 0);
  if (rows > MAX_BACKLOG_ROWS) {
    throw fileRefusal(
      'import.tooManyRows',
      `一次最多导入 ${MAX_BACKLOG_ROWS} 件案件，本文件有 ${rows} 行：请分成几个文件导入`,
      `At most ${MAX_BACKLOG_ROWS} cases per file, this one has ${rows} rows: split it into several files`,
    );
  }
  return file;
}

function assertImportable(report: BacklogReport): void {
  if (report.ok) return;
  const bad = report.counts.invalid;
  throw new DomainError('IMPORT.ROWS_INVALID', `${bad} row(s) have problems; nothing was imported`, {
    conditions: [
      condition(
        'import.rowsInvalid',
        `文件中有 ${bad} 行不符合要求，未导入任何案件：请按预检报告修改后重新导入`,
        `${bad} row(s) have problems; no case was imported. Correct them as the report says and import again`,
      ),
    ],
    report,
  });
}

function sha256(body: Buffer): string {
  return createHash('sha256').update(body).digest('hex');
}

function chunks<T>(items: T[]): T[][] {
  const parts: T[][] = [];
  for (let index = 0; index < items.length; index += CHUNK) parts.push(items.slice(index, index + CHUNK));
  return parts;
}
