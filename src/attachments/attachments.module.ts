import { Module } from '@nestjs/common';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { AttachmentCitations } from './attachment-citations';
import { AttachmentContentEntity, AttachmentEntity } from './attachment.entity';
import { AttachmentSweep } from './attachment-sweep';
import { ContentStore } from './content-store';
import { DatabaseStore } from './database-store';
import { DirectoryStore } from './directory-store';

/**
 * Attachments (材料): the content-addressed store (a directory on SQLite, the database on
 * PostgreSQL), the intake's checks, the citations an event's transaction checks and marks, and
 * the sweep of uploads no event cited. Below the cases, so the engine can check citations; who
 * may upload and download is decided above them (src/case-files).
 */
@Module({
  imports: [TypeOrmModule.forFeature([AttachmentEntity, AttachmentContentEntity])],
  providers: [
    {
      provide: ContentStore,
      inject: [APP_CONFIG, getDataSourceToken()],
      useFactory: (config: AppConfig, dataSource: DataSource): ContentStore =>
        config.dbType === 'postgres' ? new DatabaseStore(dataSource) : new DirectoryStore(config.attachments.directory),
    },
    AttachmentCitations,
    AttachmentSweep,
  ],
  exports: [ContentStore, AttachmentCitations, AttachmentSweep, TypeOrmModule],
})
export class AttachmentsModule {}
