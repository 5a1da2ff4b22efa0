import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { GroupCommit } from './group-commit';

/**
 * Runs units of work in database transactions. SQLite has one connection and one writer, and
 * TypeORM would interleave two async transactions on it, so they are queued here one after the
 * other; PostgreSQL gets real concurrent transactions (the engine locks the case row). With
 * GROUP_COMMIT=on, queued SQLite units share transactions (see GroupCommit).
 */
@Injectable()
export class TransactionRunner {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly group: GroupCommit | undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.group = config.groupCommit && dataSource.options.type !== 'postgres' ? new GroupCommit(dataSource) : undefined;
  }

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (this.dataSource.options.type === 'postgres') return this.dataSource.transaction(work);
    if (this.group) return this.group.run(work);
    const result = this.tail.then(() => this.dataSource.transaction(work));
    this.tail = result.catch(() => undefined);
    return result;
  }
}
