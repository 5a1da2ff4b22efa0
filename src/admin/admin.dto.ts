import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { ROLES } from '../../workflows/core';

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$/;
const GRANTABLE = ROLES.filter((role) => role !== 'system');

export class CreateUserDto {
  @ApiProperty({ example: 'officer9' }) @Matches(ID, { message: 'id: 2-64 letters, digits, dot, dash or underscore' })
  id: string;

  @ApiProperty() @IsString() @Length(1, 100)
  displayName: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 64)
  unitId?: string;

  @ApiProperty({ description: 'Meets the password policy' }) @IsString() @Length(1, 200)
  password: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 100)
  displayName?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 64)
  unitId?: string;

  @ApiPropertyOptional({ description: 'false disables the account and ends its sessions' }) @IsOptional() @IsBoolean()
  active?: boolean;
}

export class ResetPasswordDto {
  @ApiProperty() @IsString() @Length(1, 200)
  password: string;
}

export class RoleGrantDto {
  @ApiProperty({ enum: GRANTABLE }) @IsIn(GRANTABLE)
  role: (typeof GRANTABLE)[number];

  @ApiProperty({ description: '`*`, a jurisdiction (staff, auditor, organisation department) or a unit (applicant, unit)' })
  @Matches(/^(\*|[A-Za-z0-9][A-Za-z0-9._-]{0,63})$/)
  scope: string;
}

export class SetRolesDto {
  @ApiProperty({ type: [RoleGrantDto] }) @IsArray() @ValidateNested({ each: true }) @Type(() => RoleGrantDto) @ArrayMaxSize(20)
  roles: RoleGrantDto[];
}

export class CreateUnitDto {
  @ApiProperty({ example: 'unit-yantai-port' }) @Matches(ID)
  id: string;

  @ApiProperty() @IsString() @Length(1, 100)
  name: string;

  @ApiProperty({ example: 'yantai' }) @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/)
  jurisdiction: string;
}
