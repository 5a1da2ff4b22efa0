import { Body, Controller, Get, Headers, HttpCode, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuthUser } from '../identity/auth-user';
import { CurrentUser } from '../identity/current-user.decorator';
import { RequireRole } from '../identity/require-role.guard';
import { CSV_TYPE, XLSX_TYPE } from './import-format';
import { DirectoryImportService } from './directory-import.service';
import { importTemplate } from './import-template';
import { sheetFileOf, sheetFormatOf } from './uploaded-sheet';

/**
 * Bringing an existing directory in (issue 18 §4): a dry run that reports every row, the import
 * (all or nothing, idempotent), and the template. The system administrator only.
 */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('api/admin/directory-import')
export class DirectoryImportController {
  constructor(private readonly imports: DirectoryImportService) {}

  @Post('dry-run')
  @HttpCode(200)
  @RequireRole('sysAdmin')
  @ApiConsumes(XLSX_TYPE, CSV_TYPE)
  @ApiBody({ description: 'The .xlsx file, or one sheet as a UTF-8 CSV file, as the body itself (at most 5 MiB, 10 000 rows)' })
  @ApiOperation({ summary: 'Check a directory file: what each row would do (create, unchanged, conflict) or its problems per field; writes nothing' })
  dryRun(@Body() body: unknown, @Headers('content-type') type: string | undefined) {
    return this.imports.dryRun(sheetFileOf(body), sheetFormatOf(type));
  }

  @Post()
  @HttpCode(200)
  @RequireRole('sysAdmin')
  @ApiConsumes(XLSX_TYPE, CSV_TYPE)
  @ApiBody({ description: 'The same file as the dry run' })
  @ApiOperation({
    summary:
      'Import a directory file: every new row or none, in one transaction with its admin-chain entry; rows held unchanged are left, conflicting rows reported and left; new accounts get a one-time initial password',
  })
  import(@CurrentUser() admin: AuthUser, @Body() body: unknown, @Headers('content-type') type: string | undefined) {
    return this.imports.import(admin, sheetFileOf(body), sheetFormatOf(type));
  }

  @Get('template')
  @RequireRole('sysAdmin')
  @ApiOperation({ summary: 'The .xlsx template: the four sheets with their Chinese headers, and a sheet of instructions' })
  async template(@Res({ passthrough: true }) reply: FastifyReply) {
    void reply.header('Content-Type', XLSX_TYPE);
    void reply.header(
      'Content-Disposition',
      `attachment; filename="directory-import-template.xlsx"; filename*=UTF-8''${encodeURIComponent('名录导入模板.xlsx')}`,
    );
    return importTemplate();
  }
}
