import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DatabaseModule } from '../database/database.module';
import { AuditEntryEntity } from './audit-entry.entity';
import { ReadsOnRecord } from './reads-on-record';
import { Refusals } from './refusals';
import { TrailWriter } from './trail-writer';

/** The entities the trail owns; the offline commands (src/operations) open a database with them. */
export const TRAIL_ENTITIES = [AuditEntryEntity];

/** Writing the trail: the writer that joins the caller's transaction, refusals after a rollback, reads on the record. */
@Module({
  imports: [DatabaseModule, TypeOrmModule.forFeature(TRAIL_ENTITIES)],
  providers: [TrailWriter, Refusals, ReadsOnRecord],
  exports: [TrailWriter, Refusals, ReadsOnRecord],
})
export class TrailModule {}
