import { Body, Controller, Get, Headers, HttpCode, Inject, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { ProcedureRegistry } from '../../workflows/core';
import { CSV_TYPE, XLSX_TYPE } from '../directory-import/import-format';
import type { AuthUser } from '../identity/auth-user';
import { CurrentUser } from '../identity/current-user.decorator';
import { RequireRole } from '../identity/require-role.guard';
import { PROCEDURE_REGISTRY } from '../procedures/procedure-registry.token';
import { BacklogImportService } from './backlog-import.service';
import { backlogTemplate } from './backlog-template';
import { sheetFileOf, sheetFormatOf } from '../directory-import/uploaded-sheet';

/**
 * Bringing the backlog of existing cases in (issue 18 §4): a dry run that reports every row, the
 * import (all or nothing, idempotent), and the template. A case officer (承办人) of the body: the
 * import opens cases, which the administrators never do (domain.md §2), and staff act only on
 * their own body's cases.
 */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('api/backlog-import')
export class BacklogImportController {
  constructor(
    private readonly imports: BacklogImportService,
    @Inject(PROCEDURE_REGISTRY) private readonly registry: ProcedureRegistry,
  ) {}

  @Post('dry-run')
  @HttpCode(200)
  @RequireRole('officer')
  @ApiConsumes(XLSX_TYPE, CSV_TYPE)
  @ApiBody({ description: 'The .xlsx file, or its sheet as a UTF-8 CSV file, as the body itself (at most 5 MiB)' })
  @ApiOperation({ summary: 'Check a backlog file: what each row would do (create, unchanged) or its problems per field; writes nothing' })
  dryRun(@CurrentUser() officer: AuthUser, @Body() body: unknown, @Headers('content-type') type: string | undefined) {
    return this.imports.dryRun(officer, sheetFileOf(body), sheetFormatOf(type));
  }

  @Post()
  @HttpCode(200)
  @RequireRole('officer')
  @ApiConsumes(XLSX_TYPE, CSV_TYPE)
  @ApiBody({ description: 'The same file as the dry run' })
  @ApiOperation({
    summary:
      'Import a backlog file: a case for every new row or none, in one transaction, each starting with its IMPORTED entry; rows imported before are left; one admin-chain entry',
  })
  import(@CurrentUser() officer: AuthUser, @Body() body: unknown, @Headers('content-type') type: string | undefined) {
    return this.imports.import(officer, sheetFileOf(body), sheetFormatOf(type));
  }

  @Get('template')
  @RequireRole('officer')
  @ApiOperation({ summary: 'The .xlsx template: the sheet with its Chinese headers, the importable steps and the instructions' })
  async template(@Res({ passthrough: true }) reply: FastifyReply) {
    void reply.header('Content-Type', XLSX_TYPE);
    void reply.header(
      'Content-Disposition',
      `attachment; filename="backlog-import-template.xlsx"; filename*=UTF-8''${encodeURIComponent('存量案件导入模板.xlsx')}`,
    );
    return backlogTemplate(this.registry);
  }
}
