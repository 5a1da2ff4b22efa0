import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CasesModule } from '../cases/cases.module';
import { DatabaseModule } from '../database/database.module';
import { DocumentsModule } from '../documents/documents.module';
import { OrgModule } from '../org/org.module';
import { TrailModule } from '../trail/trail.module';
import { ResultsRegister } from './results-register.service';
import { ResultsController } from './results.controller';
import { IssuedDocumentEntity } from '../documents/issued-document.entity';
import { VettingInquiryEntity } from './vetting-inquiry.entity';
import { VettingService } from './vetting.service';

/** The organisation department's results register and the vetting inquiries (issue 21 §3). */
@Module({
  imports: [DatabaseModule, DocumentsModule, OrgModule, TrailModule, CasesModule, TypeOrmModule.forFeature([VettingInquiryEntity, IssuedDocumentEntity])],
  controllers: [ResultsController],
  providers: [ResultsRegister, VettingService],
  exports: [ResultsRegister],
})
export class ResultsModule {}
