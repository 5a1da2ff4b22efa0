import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { officeDayOf, type EventFacts, type FactRequest } from '../../workflows/core';
import type { RegisterCase } from '../registers/register-case';
import { FilingRegister } from '../registers/filing-register.service';
import { CataloguesService } from './catalogues.service';
import { CommitteesService } from './committees.service';

/**
 * Looks up what an event's table asks for (`EventSpec.facts`) inside the step's transaction, so the
 * machine decides on data outside the case without reading a database itself: the committee of
 * the case's jurisdiction, the catalogue entries the payload names (from the version the case is
 * held to), the register entry of a cited filing as the register stood that day.
 */
@Injectable()
export class FactResolver {
  constructor(
    private readonly committees: CommitteesService,
    private readonly catalogues: CataloguesService,
    private readonly filings: FilingRegister,
  ) {}

  async resolve(
    manager: EntityManager,
    row: RegisterCase,
    request: FactRequest | undefined,
    context: unknown,
    data: Record<string, unknown>,
    at: string,
  ): Promise<EventFacts | undefined> {
    if (!request) return undefined;
    const facts: EventFacts = {};
    if (request.committee) facts.committee = await this.committees.roster(manager, row.jurisdiction);
    if (request.catalogue) {
      const { codes, version } = request.catalogue(context, data);
      if (codes.length > 0) facts.catalogue = await this.catalogues.resolve(manager, row.jurisdiction, codes, version);
    }
    if (request.filing) {
      const filingNo = request.filing(context, data);
      const found = filingNo ? await this.filings.find(manager, filingNo, officeDayOf(at)) : null;
      facts.filing = found && {
        filingNo: found.filingNo,
        caseId: found.caseId,
        unitId: found.unitId,
        project: found.project,
        scope: found.scope,
        filedOn: found.filedOn,
        registeredOn: found.registeredOn,
      };
    }
    return facts;
  }
}
