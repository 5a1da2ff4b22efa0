import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DatabaseModule } from '../database/database.module';
import { OrgModule } from '../org/org.module';
import { TrailModule } from '../trail/trail.module';
import { documentFontsProvider } from './document-fonts.provider';
import { DocumentIssuer } from './document-issuer';
import { DocumentTemplateEntity } from './document-template.entity';
import { DocumentTemplates } from './document-templates.service';
import { DocumentVerification } from './document-verification.service';
import { DocumentTemplatesController, DocumentVerificationController } from './documents.controller';
import { IssuedDocumentEntity } from './issued-document.entity';
import { RenderThread } from './render-thread';

/**
 * Official documents (文书, issue 20 §2): templates and their versions, the GB/T 9704 layout and
 * PDF rendering (on its own thread, outside the writer's transaction), 文号, issuing inside a
 * step's transaction, verification. Below the cases: the
 * engine calls the issuer; the case's documents are read through the cases' access policy.
 */
@Module({
  imports: [TypeOrmModule.forFeature([IssuedDocumentEntity, DocumentTemplateEntity]), DatabaseModule, OrgModule, TrailModule],
  controllers: [DocumentVerificationController, DocumentTemplatesController],
  providers: [documentFontsProvider, DocumentTemplates, DocumentIssuer, DocumentVerification, RenderThread],
  exports: [DocumentIssuer, RenderThread],
})
export class DocumentsModule {}
