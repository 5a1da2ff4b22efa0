import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CasesModule } from '../cases/cases.module';
import { DatabaseModule } from '../database/database.module';
import { TrailModule } from '../trail/trail.module';
import { BacklogImportController } from './backlog-import.controller';
import { BacklogImportService } from './backlog-import.service';
import { ImportedCaseEntity } from './imported-case.entity';

/** The import of the backlog of existing cases from a spreadsheet (issue 18 §4). */
@Module({
  imports: [DatabaseModule, TrailModule, CasesModule, TypeOrmModule.forFeature([ImportedCaseEntity])],
  controllers: [BacklogImportController],
  providers: [BacklogImportService],
})
export class BacklogImportModule {}
