import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { TransactionRunner } from '../database/transaction-runner';
import type { AuthUser } from '../identity/auth-user';
import { BlacklistRegister, type BlacklistEntryView } from './blacklist.service';
import { FilingRegister, type FilingView } from './filing-register.service';

/** Roles that read a jurisdiction's registers, as they read its cases. */
const READERS = ['officer', 'reviewer', 'committee', 'leader', 'auditor'];

/** The registers as a member of staff may read them: the jurisdictions their grants name. */
@Injectable()
export class RegistersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly filingRegister: FilingRegister,
    private readonly blacklistRegister: BlacklistRegister,
  ) {}

  filings(user: AuthUser): Promise<FilingView[]> {
    return this.filingRegister.list(this.dataSource.manager, jurisdictionsOf(user));
  }

  /** The read is recorded in the same transaction as it is made. */
  blacklist(user: AuthUser): Promise<BlacklistEntryView[]> {
    return this.transactions.run((manager) => this.blacklistRegister.list(manager, user, jurisdictionsOf(user)));
  }
}

function jurisdictionsOf(user: AuthUser): string[] | '*' {
  const scopes = user.roles.filter((grant) => READERS.includes(grant.role)).map((grant) => grant.scope);
  return scopes.includes('*') ? '*' : scopes;
}
