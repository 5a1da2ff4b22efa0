import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { condition, DomainError } from '../common/domain-error';
import type { AuthUser } from '../identity/auth-user';
import { CurrentUser } from '../identity/current-user.decorator';
import { RequireRole } from '../identity/require-role.guard';
import { DocumentTemplates } from './document-templates.service';
import { DocumentVerification } from './document-verification.service';
import { PDF_TYPE } from './pdf-upload-parser';

/** Checking a printed or forwarded copy: any logged-in user, by its code or by the file. */
@ApiTags('documents')
@ApiBearerAuth()
@Controller('api/documents/verify')
export class DocumentVerificationController {
  constructor(private readonly verification: DocumentVerification) {}

  @Get()
  @ApiOperation({ summary: 'Check a document by its verification code: match (what, by whom, when) or no match' })
  byCode(@Query('code') code: string) {
    return this.verification.byCode(code);
  }

  @Post('file')
  @HttpCode(200)
  @ApiConsumes(PDF_TYPE)
  @ApiOperation({ summary: 'Check a PDF copy (the body, application/pdf) by its SHA-256 against the trail' })
  byFile(@Body() body: unknown) {
    if (!Buffer.isBuffer(body) || body.length === 0) {
      throw new DomainError('DOCUMENT.VERIFY_INVALID', 'Send the PDF as the body, typed application/pdf', {
        conditions: [condition('document.verifyFile', '请选择要核验的PDF文件', 'Choose the PDF file to check')],
      });
    }
    return this.verification.byBytes(body);
  }
}

/** The templates of the documents, kept by the system administrator (new versions on the admin chain). */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('api/admin/document-templates')
export class DocumentTemplatesController {
  constructor(
    private readonly templates: DocumentTemplates,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Get()
  @RequireRole('sysAdmin')
  @ApiOperation({ summary: 'Every kind of document with its template in force and the placeholders it may use' })
  list() {
    return this.templates.list(this.dataSource.manager);
  }

  @Get(':kind')
  @RequireRole('sysAdmin')
  @ApiOperation({ summary: "A kind's template versions, oldest first" })
  history(@Param('kind') kind: string) {
    return this.templates.history(this.dataSource.manager, kind);
  }

  @Put(':kind')
  @RequireRole('sysAdmin')
  @ApiOperation({ summary: 'Save a new version: {source, expectedVersion}; a fault is refused naming its line' })
  @ApiBody({ schema: { type: 'object', required: ['source'], properties: { source: { type: 'string' }, expectedVersion: { type: 'integer' } } } })
  save(@CurrentUser() user: AuthUser, @Param('kind') kind: string, @Body() body: { source?: unknown; expectedVersion?: unknown }) {
    return this.templates.save(user, kind, body?.source, body?.expectedVersion);
  }
}
