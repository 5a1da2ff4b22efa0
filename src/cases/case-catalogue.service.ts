import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CaseAccessPolicy } from './case-access.policy';
import { CaseEntity } from './case.entity';
import { storedSnapshotOf } from './case-snapshot';
import { DomainError } from '../common/domain-error';
import { TransactionRunner } from '../database/transaction-runner';
import type { AuthUser } from '../identity/auth-user';
import { CataloguesService, type CatalogueVersionView } from '../rules/catalogues.service';

/**
 * The catalogue a case is assessed under: the version its first assessment recorded, or the one in
 * force while it has none. Staff and auditors who see the case in full read it (the verification
 * form offers its situations); for anyone else the case does not exist.
 */
@Injectable()
export class CaseCatalogue {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: CaseAccessPolicy,
    private readonly catalogues: CataloguesService,
    private readonly transactions: TransactionRunner,
  ) {}

  async of(user: AuthUser, caseId: string): Promise<CatalogueVersionView> {
    const row = await this.dataSource.getRepository(CaseEntity).findOneBy({ id: caseId });
    if (!row || this.access.viewLevel(user, row) !== 'full') throw new DomainError('CASE.NOT_FOUND', `No case ${caseId}`);
    const context = storedSnapshotOf(row).context as { verification?: { catalogue?: { version?: number } } };
    const held = context.verification?.catalogue?.version;
    const { versions: _versions, ...version } = await this.catalogues.read(row.jurisdiction, held);
    return version;
  }
}
