import { Module } from '@nestjs/common';
import { TransactionRunner } from './transaction-runner';

/**
 * The transaction runner, one per application: on SQLite it is the queue every write waits in,
 * so every module imports this one (the data source itself comes from `TypeOrmModule.forRoot`).
 */
@Module({ providers: [TransactionRunner], exports: [TransactionRunner] })
export class DatabaseModule {}
