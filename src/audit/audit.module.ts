import { TypeOrmModule } from '@nestjs/typeorm';
import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module';
import { SealedModule } from '../sealed/sealed.module';
import { TrailModule } from '../trail/trail.module';
import { AuditReadPolicy } from './audit-read.policy';
import { AuditReads } from './audit-reads.service';
import { AuditSearchService } from './audit-search.service';
import { AuditTrailService } from './audit-trail.service';
import { AuditController } from './audit.controller';
import { ProofsController } from './proofs.controller';
import { WitnessController } from './witness.controller';
import { RetentionController } from './retention.controller';
import { RetentionService } from './retention.service';
import { RetirementProposalEntity } from './retirement-proposal.entity';
import { RetirementProposalsService } from './retirement-proposals.service';

/** The trail as auditors read it: verification, search and export, each read on the record; the transparency log's checkpoints, keys and proofs. */
@Module({
  imports: [DatabaseModule, TrailModule, SealedModule, TypeOrmModule.forFeature([RetirementProposalEntity])],
  controllers: [AuditController, ProofsController, WitnessController, RetentionController],
  providers: [AuditTrailService, AuditReadPolicy, AuditSearchService, AuditReads, RetentionService, RetirementProposalsService],
})
export class AuditModule {}
