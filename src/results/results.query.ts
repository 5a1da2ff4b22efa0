import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, MaxLength } from 'class-validator';
import { VETTING_PURPOSES, type VettingPurpose } from './vetting-inquiry.entity';
import type { ResultUse } from './result-effect';

const USES: ResultUse[] = ['normal', 'impactPeriod', 'reference'];

/** The register's search: a cadre's name (or pinyin initials), a unit, a procedure, a standing. */
export class RegisterQuery {
  @ApiPropertyOptional({ description: 'Part of a cadre’s name, pinyin initials or id' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ description: 'Results of one unit' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  unit?: string;

  @ApiPropertyOptional({ description: 'Results of one procedure' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  procedure?: string;

  @ApiPropertyOptional({ enum: USES, description: 'Cadres whose standing on the day is this' })
  @IsOptional()
  @IsIn(USES)
  use?: ResultUse;

  @ApiPropertyOptional({ description: 'The day the standing is read for (YYYY-MM-DD, China time; default today): from the trail as it stood then' })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  asOf?: string;

  @ApiPropertyOptional({ description: 'At most this many cadres (1–200, default 50)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  limit?: number;
}

export class CadreResultsQuery {
  @ApiPropertyOptional({ description: 'The day the results in force are read for (YYYY-MM-DD, China time; default today)' })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  asOf?: string;
}

export class AskVettingBody {
  @ApiProperty({ description: 'The cadre asked about (directory id)' })
  @IsString()
  @MaxLength(64)
  cadreId!: string;

  @ApiProperty({ enum: Object.keys(VETTING_PURPOSES) })
  @IsIn(Object.keys(VETTING_PURPOSES))
  purpose!: VettingPurpose;

  @ApiPropertyOptional({ description: 'The day the answer speaks for (default today)' })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  asOf?: string;

  @ApiPropertyOptional({ description: 'The body asked (default: the cadre’s managing body)' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  jurisdiction?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class InquiriesQuery {
  @ApiPropertyOptional({ enum: ['open', 'answered'] })
  @IsOptional()
  @IsIn(['open', 'answered'])
  status?: 'open' | 'answered';

  @ApiPropertyOptional({ description: 'Inquiries about one cadre' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  cadreId?: string;
}
