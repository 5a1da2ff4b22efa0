import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AttachmentsModule } from '../attachments/attachments.module';
import { CasesModule } from '../cases/cases.module';
import { DatabaseModule } from '../database/database.module';
import { UserEntity } from '../identity/user.entity';
import { IdentityRevealEntity } from '../reveals/identity-reveal.entity';
import { CaseFilesController } from './case-files.controller';
import { CaseFilesService } from './case-files.service';

/** Uploading to a case and reading its files, as the case's visibility, its parties and its reveals allow. */
@Module({
  imports: [DatabaseModule, AttachmentsModule, CasesModule, TypeOrmModule.forFeature([IdentityRevealEntity, UserEntity])],
  controllers: [CaseFilesController],
  providers: [CaseFilesService],
})
export class CaseFilesModule {}
