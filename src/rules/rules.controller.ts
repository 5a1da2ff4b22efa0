import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../identity/auth-user';
import { CurrentUser } from '../identity/current-user.decorator';
import { RequireRole } from '../identity/require-role.guard';
import { CataloguesService } from './catalogues.service';
import { CommitteesService } from './committees.service';

const CATALOGUE_BODY = {
  schema: {
    type: 'object',
    required: ['expectedVersion', 'entries'],
    properties: {
      expectedVersion: { type: 'integer', description: 'The version edited (the one in force)' },
      note: { type: 'string', description: 'Why the catalogue changes (the local measure, its number)' },
      entries: {
        type: 'array',
        items: {
          type: 'object',
          required: ['code', 'kind', 'zh', 'legalBasis'],
          properties: {
            code: { type: 'string', example: 'T08' },
            kind: { type: 'string', enum: ['tolerance', 'exclusion'] },
            zh: { type: 'string', description: 'The situation in Chinese' },
            en: { type: 'string', description: 'The situation in English (default: the Chinese)' },
            legalBasis: { type: 'string' },
            describe: { type: 'boolean', description: 'The “other, described” entry of its kind' },
          },
        },
      },
    },
  },
};

const COMMITTEE_BODY = {
  schema: {
    type: 'object',
    required: ['members', 'expectedVersion'],
    properties: {
      members: { type: 'array', items: { type: 'string' }, description: 'The members by name' },
      quorum: { type: 'integer', nullable: true, description: 'The fewest members who must attend; absent or null: more than half' },
      expectedVersion: { type: 'integer', description: 'The version edited (0 when none is configured)' },
    },
  },
};

/**
 * The rules a jurisdiction configures (issue 19): its catalogues of tolerance and exclusion
 * situations and its committee, kept by the system administrator. The catalogue a case is
 * assessed under is read with the case (src/cases/case-catalogue.controller.ts).
 */
@ApiTags('rules')
@ApiBearerAuth()
@Controller('api')
export class RulesController {
  constructor(
    private readonly catalogues: CataloguesService,
    private readonly committees: CommitteesService,
  ) {}

  @Get('admin/catalogues')
  @RequireRole('sysAdmin')
  @ApiOperation({ summary: 'Every jurisdiction with the version of its catalogue in force' })
  overview() {
    return this.catalogues.overview();
  }

  @Get('admin/catalogues/:jurisdiction')
  @RequireRole('sysAdmin')
  @ApiQuery({ name: 'version', required: false, type: Number })
  @ApiOperation({ summary: "A jurisdiction's catalogue (the version in force, or ?version=N) and the list of its versions" })
  catalogue(@Param('jurisdiction') jurisdiction: string, @Query('version') version?: string) {
    return this.catalogues.read(jurisdiction, parseVersion(version));
  }

  @Put('admin/catalogues/:jurisdiction')
  @RequireRole('sysAdmin')
  @ApiBody(CATALOGUE_BODY)
  @ApiOperation({ summary: 'Store a new version of the catalogue (the whole list), with its entry on the admin chain' })
  editCatalogue(@CurrentUser() admin: AuthUser, @Param('jurisdiction') jurisdiction: string, @Body() body: unknown) {
    return this.catalogues.edit(admin, jurisdiction, body);
  }

  @Get('admin/committees')
  @RequireRole('sysAdmin')
  @ApiOperation({ summary: "Each jurisdiction's committee: members, quorum, version" })
  listCommittees() {
    return this.committees.list();
  }

  @Put('admin/committees/:jurisdiction')
  @RequireRole('sysAdmin')
  @ApiBody(COMMITTEE_BODY)
  @ApiOperation({ summary: "Set a jurisdiction's committee (members by name, quorum), with its entry on the admin chain" })
  setCommittee(@CurrentUser() admin: AuthUser, @Param('jurisdiction') jurisdiction: string, @Body() body: unknown) {
    return this.committees.set(admin, jurisdiction, body);
  }
}

function parseVersion(version: string | undefined): number | undefined {
  if (version === undefined || version === '') return undefined;
  const parsed = Number(version);
  return Number.isInteger(parsed) && parsed > 0 && parsed < 1_000_000 ? parsed : -1;
}
