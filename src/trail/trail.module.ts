import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DatabaseModule } from '../database/database.module';
import { AuditEntryEntity } from './audit-entry.entity';
import { ReadsOnRecord } from './reads-on-record';
import { Refusals } from './refusals';
import { TrailWriter } from './trail-writer';
import { TransparencyLog } from './transparency-log.service';
import { WitnessClient } from './witness-client';
import { TransparencyWitness } from './witness.service';

/** The entities the trail owns; the offline commands (src/operations) open a database with them. */
export const TRAIL_ENTITIES = [AuditEntryEntity];

/**
 * Writing the trail: the writer that joins the caller's transaction, refusals after a rollback, reads
 * on the record; and the transparency log over it (sequencer, signed checkpoints, proofs: issue 22).
 */
@Module({
  imports: [DatabaseModule, TypeOrmModule.forFeature(TRAIL_ENTITIES)],
  providers: [TrailWriter, Refusals, ReadsOnRecord, TransparencyLog, TransparencyWitness, WitnessClient],
  exports: [TrailWriter, Refusals, ReadsOnRecord, TransparencyLog, TransparencyWitness],
})
export class TrailModule {}
