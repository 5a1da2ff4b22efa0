import { Inject, Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { readerRole } from '../cases/case-access.policy';
import type { CaseView } from '../cases/case-view';
import { CasesService, type ListCursor } from '../cases/cases.service';
import { condition, DomainError } from '../common/domain-error';
import { TransactionRunner } from '../database/transaction-runner';
import type { AuthUser } from '../identity/auth-user';
import { ReadsOnRecord } from '../trail/reads-on-record';
import type { ProcedureRegistry } from '../../workflows/core';
import { PROCEDURE_REGISTRY } from '../procedures/procedure-registry.token';
import type { CasesExportQuery, DrillDownExportQuery, StatsExportQuery } from './export.query';
import { StatisticsService } from './statistics.service';
import { streamTable, type ExportFormat } from './table-export';

/** Who may export a case list: the staff and auditors who read cases in full (a list is sensitive). */
const CASE_LIST_EXPORTERS = ['officer', 'reviewer', 'committee', 'leader', 'auditor'];
const PAGE = 200;
/** Entries the service writes itself, outside the procedures' tables. */
const SYSTEM_EVENTS: Record<string, string> = { WARNING_CHANGED: '预警颜色变化' };

/** An instant in China time, as a spreadsheet shows it: 2026-04-20 16:00. */
export function chinaTime(at: string): string {
  return new Date(Date.parse(at) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

const STATUS_TEXT = (view: Pick<CaseView, 'status' | 'revocable'>) => (view.status === 'done' ? (view.revocable ? '已办结（可撤销）' : '已办结') : '办理中');

export interface ExportFile {
  filename: string;
  format: ExportFormat;
  stream: Readable;
}

/**
 * Statistics tables and case lists as .xlsx or CSV with Chinese headers. A list of cases is
 * sensitive: each export is on the `audit-reads` chain first (who, in which role, which filter,
 * how many rows), as trail exports are. No column ever holds a reporter's or accuser's identity:
 * the rows are built from the figures' entries and the case views, which carry neither.
 */
@Injectable()
export class StatisticsExports {
  constructor(
    private readonly statistics: StatisticsService,
    private readonly cases: CasesService,
    private readonly transactions: TransactionRunner,
    private readonly reads: ReadsOnRecord,
    @Inject(PROCEDURE_REGISTRY) private readonly registry: ProcedureRegistry,
  ) {}

  async figures(user: AuthUser, query: StatsExportQuery): Promise<ExportFile> {
    const { format, ...filters } = query;
    const answer = await this.statistics.figures(user, filters);
    const period = `${answer.period.firstDay} 至 ${answer.period.lastDay}`;
    const rows: unknown[][] = [];
    for (const figure of answer.indicators) {
      rows.push([figure.group.zh, figure.label.zh, '合计', '', figure.total, period, figure.definition.zh]);
      for (const value of figure.breakdown?.values ?? []) rows.push([figure.group.zh, figure.label.zh, value.label.zh, '', value.count, period, '']);
      for (const group of figure.groups ?? []) rows.push([figure.group.zh, figure.label.zh, '合计', group.key, group.count, period, '']);
    }
    const columns = [
      { header: '类别', width: 14 },
      { header: '指标', width: 24 },
      { header: '分类', width: 22 },
      { header: '分组', width: 16 },
      { header: '数量', width: 10 },
      { header: '统计期间（北京时间）', width: 26 },
      { header: '统计口径', width: 80 },
    ];
    return {
      filename: `statistics-${answer.period.firstDay}-${answer.period.lastDay}`,
      format,
      stream: streamTable(format, '统计表', columns, fromArray(rows)),
    };
  }

  async drillDown(user: AuthUser, indicatorId: string, query: DrillDownExportQuery): Promise<ExportFile> {
    const { format, page: _page, pageSize: _pageSize, ...filters } = query;
    const spec = this.statistics.indicator(indicatorId);
    const { period, scope } = await this.statistics.checked(user, filters);
    const entries = await this.statistics.named(await this.statistics.drillDownEntries(spec, filters, period, scope));
    await this.record(user, 'STATS_CASES_EXPORTED', { indicator: spec.id, filter: defined(filters), format, rows: entries.length });
    const valueLabel = (value: string) => spec.breakdown?.values[value]?.zh ?? value;
    const columns = [
      { header: '记录序号', width: 10 },
      { header: '案件编号', width: 30 },
      { header: '程序', width: 14 },
      { header: '办理环节', width: 20 },
      { header: '记录时间（北京时间）', width: 20 },
      { header: '分类', width: 20 },
      { header: '当事干部', width: 16 },
      { header: '单位', width: 20 },
      { header: '管辖范围', width: 12 },
    ];
    const rows = entries.map((entry) => [
      entry.entryId,
      entry.caseNo ?? entry.caseId,
      this.registry.latest(entry.procedure)?.label.zh ?? entry.procedure,
      this.registry.latest(entry.procedure)?.events[entry.event]?.label.zh ?? SYSTEM_EVENTS[entry.event] ?? entry.event,
      chinaTime(entry.at),
      entry.values.map(valueLabel).join('、'),
      entry.cadreName,
      entry.unitName,
      entry.jurisdiction,
    ]);
    return {
      filename: `${spec.id}-${period.firstDay}-${period.lastDay}`,
      format,
      stream: streamTable(format, spec.label.zh.slice(0, 31), columns, fromArray(rows)),
    };
  }

  /** The case list as `GET /api/cases` gives it to the caller, every page, streamed. */
  async caseList(user: AuthUser, query: CasesExportQuery): Promise<ExportFile> {
    if (!user.roles.some((grant) => CASE_LIST_EXPORTERS.includes(grant.role))) {
      throw new DomainError('AUTH.FORBIDDEN', 'Case lists are exported by staff and auditors', {
        conditions: [condition('EXPORT.ROLE', '案件清单仅限办案人员、领导和审计人员导出', 'Case lists are exported by staff and auditors')],
      });
    }
    const { format, page: _page, pageSize: _pageSize, ...filters } = query;
    // The filters are checked (a bad one refuses before anything is recorded) and counted first.
    const total = await this.cases.count(user, filters);
    await this.record(user, 'CASES_EXPORTED', { filter: defined(filters), format, rows: total });
    const columns = [
      { header: '案件编号', width: 30 },
      { header: '程序', width: 14 },
      { header: '当前环节', width: 22 },
      { header: '状态', width: 16 },
      { header: '当事干部', width: 16 },
      { header: '单位', width: 20 },
      { header: '登记启动时间（北京时间）', width: 20 },
      { header: '最近更新（北京时间）', width: 20 },
    ];
    const row = (view: CaseView) => {
      return [
        view.caseNo ?? view.id,
        view.procedureLabel.zh,
        view.stateLabel.zh,
        STATUS_TEXT(view),
        view.cadre.name,
        view.unit.name,
        chinaTime(view.createdAt),
        chinaTime(view.updatedAt),
      ];
    };
    const cases = this.cases;
    // Keyset pages in the order the cases were opened (a key that does not change while the file
    // streams): one page in memory at a time, each page as quick as the first however long the list.
    async function* rows(): AsyncGenerator<unknown[]> {
      for (let after: ListCursor | null = null, first = true; first || after !== null; first = false) {
        const page: { items: CaseView[]; next: ListCursor | null } = await cases.listAfter(user, filters, after, PAGE);
        for (const view of page.items) yield row(view);
        after = page.next;
      }
    }
    return { filename: `cases-${new Date().toISOString().slice(0, 10)}`, format, stream: streamTable(format, '案件清单', columns, rows()) };
  }

  private record(user: AuthUser, event: string, data: Record<string, unknown>): Promise<void> {
    return this.transactions.run((manager) => this.reads.append(manager, { id: user.id, role: readerRole(user) }, event, data));
  }
}

function defined(filters: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== undefined && value !== ''));
}

async function* fromArray(rows: unknown[][]): AsyncGenerator<unknown[]> {
  for (const row of rows) yield row;
}
