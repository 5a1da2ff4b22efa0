import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { caseNumberYear, formatCaseNumber } from '../config/case-number-format';
import { DirectoryService } from '../org/directory.service';
import { nextInSeries } from '../org/number-series';

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
    const seq = await nextInSeries(manager, jurisdiction, year, procedure);
    // A body not yet named in the directory prints its id.
    const body = (await this.directory.body(jurisdiction, manager))?.shortName ?? jurisdiction;
    return formatCaseNumber(this.config.caseNumbers, { body, procedure, year, seq });
  }
}
