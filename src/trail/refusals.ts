import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { TransactionRunner } from '../database/transaction-runner';
import { SECURITY_STREAM, TrailWriter, type EntrySealing, type SecurityEvent } from './trail-writer';

/**
 * Writes what it records, given the transaction; true when the refusal is now on the record (or
 * is deliberately left off it), false to leave it to the error filter's `security` entry.
 */
export type RefusalRecord = (manager: EntityManager, error: DomainError) => Promise<boolean>;

/**
 * The one place where a refused attempt is rolled back and then put on the record. A refusal
 * changes nothing, yet auditors must see it (wrong state, wrong role, stale, invalid, probing):
 * so its entry is written after the rollback, in a transaction of its own, and the error goes on
 * marked `recorded`, which tells the error filter not to write it a second time.
 */
@Injectable()
export class Refusals {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly writer: TrailWriter,
  ) {}

  /** Runs a change in one transaction; a `DomainError` undoes all of it and is then recorded by `record`. */
  async change<T>(work: (manager: EntityManager) => Promise<T>, record: RefusalRecord): Promise<T> {
    try {
      return await this.transactions.run(work);
    } catch (error) {
      if (error instanceof DomainError) {
        const recorded = await this.transactions.run((manager) => record(manager, error));
        if (recorded) error.recorded = true;
      }
      throw error;
    }
  }

  /** A refusal at the request's edge, where nothing was attempted to roll back (401, 403, 404): on the `security` chain. */
  onSecurityChain(entry: SecurityEvent, sealing?: EntrySealing): Promise<void> {
    return this.transactions.run((manager) => this.writer.record(manager, SECURITY_STREAM, entry, sealing));
  }
}
