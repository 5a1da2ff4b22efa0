import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches, ValidateIf } from 'class-validator';
import type { AuthUser } from '../identity/auth-user';
import { CurrentUser } from '../identity/current-user.decorator';
import { RequireRole } from '../identity/require-role.guard';
import { DirectoryService } from '../org/directory.service';
import { DirectoryAdminService } from './directory-admin.service';

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export class CreateBodyDto {
  @ApiProperty({ example: 'jinan-lixia', description: 'The id staff grants and units name as their jurisdiction' })
  @Matches(ID)
  id: string;

  @ApiProperty({ example: '济南市历下区纪委监委' })
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiProperty({ example: '历下', description: 'What case numbers begin with (unique)' })
  @IsString()
  @Length(1, 20)
  @Matches(/^[^{}\s]+$/)
  shortName: string;

  @ApiPropertyOptional({ enum: ['commission', 'stationed'], description: '纪委监委 or 派驻纪检监察组' })
  @IsOptional()
  @IsIn(['commission', 'stationed'])
  kind?: 'commission' | 'stationed';

  @ApiPropertyOptional({ example: 'jinan', description: 'The body one level up; none for the top of the tree' })
  @IsOptional()
  @Matches(ID)
  parentId?: string;
}

export class MoveBodyDto {
  @ApiProperty({ example: 'jinan', nullable: true, description: 'The body to move under; null: the top of the tree' })
  @ValidateIf((_, value) => value !== null)
  @Matches(ID)
  parentId: string | null;
}

export class CreateCadreDto {
  @ApiProperty({ example: 'cadre-0042', description: "A directory code; a cadre with a login uses the login's id" })
  @Matches(ID)
  id: string;

  @ApiProperty({ example: '张明' })
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiPropertyOptional({ example: '副主任', description: '职务' })
  @IsOptional()
  @IsString()
  @Length(0, 100)
  position?: string;

  @ApiPropertyOptional({ example: '二级调研员', description: '职级' })
  @IsOptional()
  @IsString()
  @Length(0, 40)
  rank?: string;

  @ApiProperty({ example: 'unit-jinan-dev' })
  @Matches(ID)
  unitId: string;

  @ApiPropertyOptional({ example: 'jinan', description: "The body that manages the cadre (干部管理权限); the unit's body if omitted" })
  @IsOptional()
  @Matches(ID)
  managingBody?: string;

  @ApiPropertyOptional({ example: 'applicant1', description: 'The login the cadre acts through (equal to id)' })
  @IsOptional()
  @Matches(ID)
  userId?: string;

  @ApiPropertyOptional({ example: 'zm', description: "The name's pinyin initials, for the pickers' search" })
  @IsOptional()
  @Matches(/^[a-z]{0,20}$/)
  initials?: string;
}

/** The system administrator keeps the directory: bodies in their tree, cadres under their units. */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('api/admin')
export class DirectoryAdminController {
  constructor(
    private readonly admin: DirectoryAdminService,
    private readonly directory: DirectoryService,
  ) {}

  @Get('bodies')
  @RequireRole('sysAdmin', 'secAdmin')
  @ApiOperation({ summary: 'The bodies (纪委监委, 派驻纪检监察组) with their parents' })
  listBodies() {
    return this.directory.bodies();
  }

  @Post('bodies')
  @RequireRole('sysAdmin')
  @ApiOperation({ summary: 'Add a body under its parent (or as a root)' })
  createBody(@CurrentUser() admin: AuthUser, @Body() body: CreateBodyDto) {
    return this.admin.createBody(admin, body);
  }

  @Patch('bodies/:id')
  @RequireRole('sysAdmin')
  @ApiOperation({ summary: 'Move a body under another (its cases, units and grants go with it); a cycle is refused' })
  moveBody(@CurrentUser() admin: AuthUser, @Param('id') id: string, @Body() body: MoveBodyDto) {
    return this.admin.moveBody(admin, id, body.parentId);
  }

  @Post('cadres')
  @RequireRole('sysAdmin')
  @ApiOperation({ summary: 'Add a cadre to a unit' })
  createCadre(@CurrentUser() admin: AuthUser, @Body() body: CreateCadreDto) {
    return this.admin.createCadre(admin, body);
  }
}
