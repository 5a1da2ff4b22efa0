import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { ShutdownState } from './shutdown-state';

export interface Readiness {
  status: 'ready';
  database: string;
}

const CHECK_TIMEOUT_MS = 3000;

/**
 * Whether this instance should get traffic: its database answers, no migration is pending, and
 * it is not shutting down. A load balancer polls it and stops sending requests to an instance
 * that says no, while that instance finishes the requests it has.
 */
@Injectable()
export class ReadinessService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly shutdown: ShutdownState,
  ) {}

  async check(): Promise<Readiness> {
    const database = this.dataSource.options.type === 'postgres' ? 'postgres' : 'sqlite';
    if (this.shutdown.draining) throw new DomainError('SERVICE.NOT_READY', 'The instance is shutting down', { database, draining: true });
    let pending: boolean;
    try {
      await withTimeout(this.dataSource.query('SELECT 1'), CHECK_TIMEOUT_MS);
      pending = await withTimeout(this.dataSource.showMigrations(), CHECK_TIMEOUT_MS);
    } catch (error) {
      throw new DomainError('SERVICE.NOT_READY', 'The database does not answer', { database, error: (error as Error).message });
    }
    if (pending) throw new DomainError('SERVICE.NOT_READY', 'Migrations are pending', { database, migrationsPending: true });
    return { status: 'ready', database };
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
