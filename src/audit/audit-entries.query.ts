import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { ROLES } from '../../workflows/core';

/** Filters of the auditors' trail browser; every one optional, all combined with AND. */
export class AuditEntriesQuery {
  @ApiPropertyOptional({ description: 'Entries of one case' })
  @IsOptional()
  @IsUUID()
  caseId?: string;

  @ApiPropertyOptional({ description: 'Entries of the case with this number (案件编号)', example: '济纪容〔2026〕3号' })
  @IsOptional()
  @IsString()
  @MaxLength(80)
  caseNo?: string;

  @ApiPropertyOptional({ description: 'Entries of one chain: a case id, `security`, `admin` or `audit-reads` (exports, searches and case files read)' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  stream?: string;

  @ApiPropertyOptional({ description: 'Who acted: the account id, `system`, or the display name (every account of that name)' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  actor?: string;

  @ApiPropertyOptional({ description: 'The role they acted in', enum: ROLES })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  role?: string;

  @ApiPropertyOptional({ example: 'ACCEPT' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  event?: string;

  @ApiPropertyOptional({ example: 'tolerance' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  procedure?: string;

  @ApiPropertyOptional({ description: 'From this instant (inclusive), ISO 8601' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'Before this instant (exclusive), ISO 8601' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ description: 'Only refused attempts' })
  @IsOptional()
  @Transform(({ value }) => value === 'true' || value === true)
  @IsBoolean()
  refused?: boolean;

  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100000)
  page?: number;

  @ApiPropertyOptional({ default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  pageSize?: number;

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'desc', description: 'By time' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order?: 'asc' | 'desc';
}
