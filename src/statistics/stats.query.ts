import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export const GROUPINGS = ['month', 'quarter', 'unit', 'jurisdiction'] as const;
export type Grouping = (typeof GROUPINGS)[number];

/** The filters every figure is computed under (docs/statistics.md). */
export class StatsQuery {
  @ApiPropertyOptional({ description: 'A year (2026), quarter (2026-Q2) or month (2026-03), China time; default: the current year' })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  period?: string;

  @ApiPropertyOptional({ description: 'Custom range: first day, YYYY-MM-DD (China time), with `to`' })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  from?: string;

  @ApiPropertyOptional({ description: 'Custom range: last day (inclusive), YYYY-MM-DD (China time), with `from`' })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  to?: string;

  @ApiPropertyOptional({ description: 'Cases of one jurisdiction (管辖范围), within the caller’s grants' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  jurisdiction?: string;

  @ApiPropertyOptional({ description: 'Cases of one body (纪委监委) and every body below it in the tree, within the caller’s grants' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  body?: string;

  @ApiPropertyOptional({ description: 'Cases of one unit' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  unit?: string;

  @ApiPropertyOptional({ description: 'Indicators of one procedure' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  procedure?: string;

  @ApiPropertyOptional({ description: 'Only this indicator (its id, e.g. `tolerance.decisions`)' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  indicator?: string;

  @ApiPropertyOptional({ enum: GROUPINGS, description: 'Also split each figure by month, quarter, unit or jurisdiction' })
  @IsOptional()
  @IsIn([...GROUPINGS])
  groupBy?: Grouping;
}

/** The cases behind one figure: the indicator's filters, and optionally one value of its breakdown. */
export class DrillDownQuery extends StatsQuery {
  @ApiPropertyOptional({ description: 'One value of the indicator’s breakdown (e.g. `exemption`)' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  value?: string;

  @ApiPropertyOptional({ description: 'With groupBy: one group’s key (a month, quarter, unit or jurisdiction)' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  group?: string;

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
  @Max(500)
  pageSize?: number;
}
