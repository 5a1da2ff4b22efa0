import { Controller, Get, Query } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { DataSource, In } from 'typeorm';
import type { Role } from '../../workflows/core';
import type { AuthUser } from '../identity/auth-user';
import { CurrentUser } from '../identity/current-user.decorator';
import { RequireRole } from '../identity/require-role.guard';
import { DirectoryService } from './directory.service';
import { UnitsService } from './units.service';
import { UnitEntity } from './unit.entity';

export class SearchCadresQuery {
  @ApiPropertyOptional({ description: 'Part of the name, its pinyin initials or the code', example: 'zm' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  q?: string;
}

export class SearchBodiesQuery extends SearchCadresQuery {
  @ApiPropertyOptional({
    description:
      'Comma-separated ids: those records (at most 50), in place of a search — how a page names the ids a record cites or a picker shows an id it was filled in with',
    example: 'jinan,qingdao',
  })
  @IsOptional()
  @IsString()
  @MaxLength(3300)
  ids?: string;
}

/** The ids asked for (at most 50), or undefined: a search. */
function idsOf(query: SearchBodiesQuery): string[] | undefined {
  return query.ids?.split(',').filter(Boolean).slice(0, 50);
}

/** Roles whose grant names a body: they pick among the cadres of that body's units. */
const BODY_SCOPED: readonly Role[] = ['officer', 'reviewer', 'committee', 'leader', 'auditor'];

/**
 * The pickers' search of the directory: a cadre by name, pinyin initials or code, with position,
 * rank and unit, within what the caller works on (a unit account its own units, staff their
 * body's units, leaders and auditors also those of the bodies below, `*` every unit).
 */
@ApiTags('directory')
@ApiBearerAuth()
@Controller('api/directory')
export class DirectoryController {
  constructor(
    private readonly directory: DirectoryService,
    private readonly unitDirectory: UnitsService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Get('cadres')
  @RequireRole('officer', 'reviewer', 'committee', 'leader', 'auditor', 'unit', 'sysAdmin')
  @ApiOperation({ summary: 'Cadres whose name, pinyin initials or code contain q (at most 20), or the cadres named by ids, with their unit' })
  async cadres(@CurrentUser() user: AuthUser, @Query() query: SearchBodiesQuery) {
    const units = await this.unitsOf(user);
    const ids = idsOf(query);
    const found = ids ? await this.directory.cadresByIds(ids, units) : await this.directory.searchCadres(query.q ?? '', 20, units);
    const names = await this.directory.names(
      this.dataSource.manager,
      [],
      found.map((cadre) => cadre.unitId),
    );
    return found.map((cadre) => ({
      id: cadre.id,
      name: cadre.name,
      position: cadre.position,
      rank: cadre.rank,
      unit: { id: cadre.unitId, name: names.units.get(cadre.unitId) ?? cadre.unitId },
    }));
  }

  @Get('units')
  // The security administrator picks a grant's unit; the organisation department filters its register by unit.
  @RequireRole('officer', 'reviewer', 'committee', 'leader', 'auditor', 'orgDept', 'unit', 'sysAdmin', 'secAdmin')
  @ApiOperation({ summary: 'Units whose name, pinyin initials or code contain q (at most 20), or the units named by ids, with their body' })
  async units(@Query() query: SearchBodiesQuery) {
    const ids = idsOf(query);
    const found = ids ? await this.unitDirectory.byIds(ids) : await this.unitDirectory.search(query.q ?? '', 20);
    const { bodies } = await this.directory.names(
      this.dataSource.manager,
      [],
      [],
      found.map((unit) => unit.jurisdiction),
    );
    return found.map((unit) => ({ id: unit.id, name: unit.name, body: { id: unit.jurisdiction, name: bodies.get(unit.jurisdiction) ?? unit.jurisdiction } }));
  }

  @Get('bodies')
  // The audit administrator too: the trail they read cites bodies by id (audit-page.js names them).
  // The security administrator too: a grant's scope is picked among the bodies.
  @RequireRole('officer', 'reviewer', 'committee', 'leader', 'auditor', 'orgDept', 'auditAdmin', 'unit', 'sysAdmin', 'secAdmin')
  @ApiOperation({ summary: 'Bodies whose name, pinyin initials or code contain q (at most 20), or the bodies named by ids' })
  async bodies(@Query() query: SearchBodiesQuery) {
    const ids = idsOf(query);
    const found = ids ? await this.directory.bodiesByIds(ids) : await this.directory.searchBodies(query.q ?? '', 20);
    return found.map((body) => ({ id: body.id, name: body.name, kind: body.kind, parentId: body.parentId }));
  }

  /** The units whose cadres the caller may pick; undefined: every unit. */
  private async unitsOf(user: AuthUser): Promise<string[] | undefined> {
    const grants = user.roles.filter((grant) => grant.role === 'sysAdmin' || grant.role === 'unit' || BODY_SCOPED.includes(grant.role));
    if (grants.some((grant) => grant.scope === '*')) return undefined;
    const units = grants.filter((grant) => grant.role === 'unit').map((grant) => grant.scope);
    // A leader or auditor reads down the tree (issue 18 §3), and a leader hands matters down (交办): the cadres below too.
    const bodies = grants.filter((grant) => BODY_SCOPED.includes(grant.role)).flatMap((grant) => [grant.scope, ...(grant.below ?? [])]);
    if (bodies.length > 0) {
      const rows = await this.dataSource.getRepository(UnitEntity).find({ select: { id: true }, where: { jurisdiction: In(bodies) } });
      units.push(...rows.map((row) => row.id));
    }
    return units;
  }
}
