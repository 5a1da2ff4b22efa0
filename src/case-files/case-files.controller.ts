import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { attachmentRefusals } from '../attachments/attachment-refusals';
import type { AuthUser } from '../identity/auth-user';
import { CurrentUser } from '../identity/current-user.decorator';
import { CaseFilesService } from './case-files.service';

/** The route that takes multipart bodies (src/case-files/multipart.ts refuses them anywhere else). */
export const UPLOAD_ROUTE = /^\/api\/cases\/[^/]+\/attachments(\?|$)/;

@ApiTags('attachments')
@ApiBearerAuth()
@Controller('api/cases/:id/attachments')
export class CaseFilesController {
  constructor(private readonly files: CaseFilesService) {}

  @Post()
  @HttpCode(201)
  @ApiConsumes('multipart/form-data')
  @ApiOperation({ summary: 'Upload one file (multipart part "file"); cite its id in the next event\'s "attachments", or record it now with record=true' })
  @ApiQuery({ name: 'protected', required: false, enum: ['true', 'false'] })
  @ApiQuery({ name: 'record', required: false, enum: ['true', 'false'] })
  async upload(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) caseId: string,
    @Req() request: FastifyRequest,
    @Query('protected') protectedFlag?: string,
    @Query('record') record?: string,
  ) {
    const options = { protected: protectedFlag === 'true', record: record === 'true' };
    // Who may upload is settled before a byte of the file is read.
    await this.files.assertMayUpload(user, caseId, options);
    if (!request.isMultipart()) throw attachmentRefusals.noFile();
    const part = await request.file();
    if (!part || part.fieldname !== 'file') {
      part?.file.resume();
      throw attachmentRefusals.noFile();
    }
    return this.files.upload(user, caseId, { stream: part.file, filename: part.filename }, options);
  }

  @Get()
  @ApiOperation({ summary: "The case's files the caller may see" })
  list(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) caseId: string) {
    return this.files.list(user, caseId);
  }

  @Get(':attachmentId/content')
  @ApiOperation({ summary: "A file's content as uploaded (a protected one under a granted reveal, the download on the case's chain)" })
  async download(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) caseId: string,
    @Param('attachmentId', ParseUUIDPipe) attachmentId: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { stream, row } = await this.files.download(user, caseId, attachmentId);
    await reply
      .header('Content-Type', row.mediaType)
      .header('Content-Length', String(row.size))
      .header(
        'Content-Disposition',
        `attachment; filename="${row.kind === 'txt' ? 'file.txt' : `file.${row.kind}`}"; filename*=UTF-8''${encodeURIComponent(row.protected ? `file.${row.kind}` : row.name)}`,
      )
      .header('Cache-Control', 'private, no-store')
      .header('ETag', `"${row.algorithm}-${row.digest}"`)
      .send(stream);
  }
}
