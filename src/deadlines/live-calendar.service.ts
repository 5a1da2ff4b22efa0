import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { condition, type RefusalCondition } from '../common/domain-error';
import { Clock } from '../common/clock';
import { runSql } from '../database/sql';
import { localDate } from './due-date';
import type { SourcedYear } from './calendar-loader';
import { CalendarYearEntity } from './calendar-year.entity';
import { CALENDAR_BASE_YEARS } from './deadline-tokens';
import { WorkingCalendar, yearProblems } from './working-calendar';

/** A year as the calendar holds it now, with where it came from (and who loaded it, from the database). */
export interface KnownYear extends SourcedYear {
  revision?: number;
  version?: number;
  digest?: string;
  loadedBy?: string;
  loadedAt?: string;
}

/** The warning administrators get while a year the deadlines need is not loaded. */
export interface CalendarWarning {
  code: 'CALENDAR.YEAR_MISSING';
  year: number;
  zh: string;
  en: string;
}

/** From this local month and day on, next year's schedule is expected (the State Council usually publishes it in late October–November). */
const WARN_FROM_MONTH_DAY = '11-01';

/**
 * The working calendar every deadline is counted on: the shipped package, then the CALENDAR_FILE
 * file, then the years the system administrator loaded into the database, each replacing the one
 * before for its year (docs/operations.md). The database part is re-read when its version changes:
 * each scheduler tick checks (one small query), so an instance picks up a year another instance
 * loaded without a restart.
 */
@Injectable()
export class LiveCalendar implements OnModuleInit {
  private readonly logger = new Logger('Calendar');
  private calendar: WorkingCalendar;
  private known = new Map<number, KnownYear>();
  /** `year:version` of every database row read, to tell whether anything changed. */
  private fingerprint = '';
  private loadedVersion = 0;
  private lastWarningLogged = '';

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CALENDAR_BASE_YEARS) private readonly base: readonly SourcedYear[],
    private readonly clock: Clock,
  ) {
    this.calendar = this.build([]);
  }

  /** Reads the database's years before anything counts a deadline; a missing year is logged at once. */
  async onModuleInit(): Promise<void> {
    await this.refresh();
    this.logWarningOncePerDay(this.clock.now());
  }

  /** The calendar to count on now. */
  current(): WorkingCalendar {
    return this.calendar;
  }

  /** The highest database load this instance has read (0: none). */
  version(): number {
    return this.loadedVersion;
  }

  year(year: number): KnownYear | undefined {
    return this.known.get(year);
  }

  years(): KnownYear[] {
    return [...this.known.values()].sort((a, b) => a.year - b.year);
  }

  /**
   * Re-reads the database's years if any was loaded or corrected since the last read. Cheap when
   * nothing changed: one query over a table of a few rows. Returns whether the calendar changed.
   */
  async refresh(manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const { rows } = await runSql(manager, 'SELECT "year", "version" FROM "calendar_years" ORDER BY "year"', []);
    const fingerprint = rows.map((row) => `${String(row.year)}:${String(row.version)}`).join(',');
    if (fingerprint === this.fingerprint) return false;
    const stored = await manager.getRepository(CalendarYearEntity).find({ order: { year: 'ASC' } });
    this.calendar = this.build(stored);
    this.fingerprint = fingerprint;
    this.loadedVersion = stored.reduce((max, row) => Math.max(max, row.version), 0);
    return true;
  }

  /**
   * The year deadlines will soon need and that is not loaded: the current year at any time, and
   * from 1 November the next one. Undefined when both are there.
   */
  warning(now: Date): CalendarWarning | undefined {
    const today = localDate(now.toISOString());
    const thisYear = Number(today.slice(0, 4));
    const missing = !this.calendar.hasYear(thisYear)
      ? thisYear
      : today.slice(5) >= WARN_FROM_MONTH_DAY && !this.calendar.hasYear(thisYear + 1)
        ? thisYear + 1
        : undefined;
    if (missing === undefined) return undefined;
    const text = missingYearText(missing);
    return { code: 'CALENDAR.YEAR_MISSING', year: missing, zh: text.zh, en: text.en };
  }

  /** Logs the warning at start-up and then once a day (China time) while it lasts. */
  logWarningOncePerDay(now: Date): void {
    const warning = this.warning(now);
    const today = localDate(now.toISOString());
    if (!warning || this.lastWarningLogged === today) return;
    this.lastWarningLogged = today;
    this.logger.warn(`${warning.en} (${warning.zh})`);
  }

  private build(stored: CalendarYearEntity[]): WorkingCalendar {
    const known = new Map<number, KnownYear>(this.base.map((entry) => [entry.year, entry]));
    for (const row of stored) {
      const entry: KnownYear = {
        year: row.year,
        holidays: JSON.parse(row.holidays) as string[],
        workdays: JSON.parse(row.workdays) as string[],
        labels: JSON.parse(row.labels) as Record<string, string>,
        ...(row.note ? { note: row.note } : {}),
        source: 'database',
        revision: row.revision,
        version: row.version,
        digest: row.digest,
        loadedBy: row.loadedBy,
        loadedAt: row.loadedAt,
      };
      // Stored rows were checked when loaded; one that fails now was changed behind the service's
      // back, and counting on it could be wrong in any direction, so it is left out, loudly.
      const [problem] = yearProblems(entry);
      if (problem) {
        this.logger.error(`calendar_years ${row.year} is not used: ${problem.message}`);
        continue;
      }
      known.set(row.year, entry);
    }
    this.known = known;
    return new WorkingCalendar([...known.values()]);
  }
}

function missingYearText(year: number): RefusalCondition {
  return condition(
    'CALENDAR.YEAR_MISSING',
    `尚未载入${year}年节假日安排：涉及${year}年的期限暂按周一至周五计算。请系统管理员在国务院办公厅发布通知后及时载入。`,
    `The ${year} public holiday schedule is not loaded: deadlines reaching into ${year} are counted Monday to Friday for now. The system administrator should load it once the State Council publishes it.`,
  );
}
