import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsObject, IsOptional, IsString, Length, Matches, ValidateIf, ValidateNested } from 'class-validator';
import { ROLES } from '../../workflows/core';

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$/;
/** A name as people write it: no control characters (line breaks, tabs, escapes). */
const NO_CONTROL = /^[^\p{Cc}]*$/u;
const NAME_MESSAGE = 'displayName must not contain control characters';
const UNIT_MESSAGE = 'unitId: the id of a registered unit (letters, digits, dot, dash or underscore), or null for none';
const GRANTABLE = ROLES.filter((role) => role !== 'system');

export class CreateUserDto {
  @ApiProperty({ example: 'officer9' })
  @Matches(ID, { message: 'id: 2-64 letters, digits, dot, dash or underscore' })
  id: string;

  @ApiProperty()
  @IsString()
  @Length(1, 100)
  @Matches(NO_CONTROL, { message: NAME_MESSAGE })
  displayName: string;

  @ApiPropertyOptional({ description: 'A registered unit (GET /api/admin/units)', nullable: true })
  @IsOptional()
  @Matches(ID, { message: UNIT_MESSAGE })
  unitId?: string | null;

  @ApiProperty({ description: 'Meets the password policy' })
  @IsString()
  @Length(1, 200)
  password: string;
}

/**
 * Each field may be left out; one that is sent must hold a value (null is not "unchanged": it was a
 * 500 when the column refused it), except unitId, where null means "no unit".
 */
export class UpdateUserDto {
  @ApiPropertyOptional()
  @ValidateIf((body: UpdateUserDto) => body.displayName !== undefined)
  @IsString()
  @Length(1, 100)
  @Matches(NO_CONTROL, { message: NAME_MESSAGE })
  displayName?: string;

  @ApiPropertyOptional({ description: 'A registered unit (GET /api/admin/units), or null for none', nullable: true })
  @ValidateIf((body: UpdateUserDto) => body.unitId !== undefined && body.unitId !== null)
  @Matches(ID, { message: UNIT_MESSAGE })
  unitId?: string | null;

  @ApiPropertyOptional({ description: 'false disables the account and ends its sessions (an administrator: on another administrator’s approval)' })
  @ValidateIf((body: UpdateUserDto) => body.active !== undefined)
  @IsBoolean()
  active?: boolean;
}

export class ResetPasswordDto {
  @ApiProperty()
  @IsString()
  @Length(1, 200)
  password: string;
}

export class RoleGrantDto {
  @ApiProperty({ enum: GRANTABLE })
  @IsIn(GRANTABLE)
  role: (typeof GRANTABLE)[number];

  @ApiProperty({ description: '`*`, a jurisdiction (staff, auditor, organisation department) or a unit (applicant, unit)' })
  @Matches(/^(\*|[A-Za-z0-9][A-Za-z0-9._-]{0,63})$/)
  scope: string;

  @ApiPropertyOptional({ description: "On a leader's grant: the body's principal leader (主要负责人) for that scope (art. 50: approves clarification plans)" })
  @IsOptional()
  @IsBoolean()
  principal?: boolean;
}

export class SetRolesDto {
  @ApiProperty({ type: [RoleGrantDto] })
  @IsArray()
  @IsObject({ each: true, message: 'each of roles must be an object {role, scope}' })
  @ValidateNested({ each: true })
  @Type(() => RoleGrantDto)
  @ArrayMaxSize(20)
  roles: RoleGrantDto[];
}

export class CreateUnitDto {
  @ApiProperty({ example: 'unit-yantai-port' })
  @Matches(ID)
  id: string;

  @ApiProperty()
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiProperty({ example: 'yantai' })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/)
  jurisdiction: string;
}

export class DecideApprovalDto {
  @ApiProperty({ description: 'true applies the change; false refuses it' })
  @IsBoolean()
  approve: boolean;

  @ApiPropertyOptional({ description: 'Why (on the admin chain)' })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  note?: string;
}
