import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { ROLES, type Role } from '../../workflows/core';

export const SORTABLE = ['updatedAt', 'createdAt', 'urgency'] as const;
/** The 三色 warning ladder's colours, and `none`: running deadlines without one. */
export const WARNING_FILTERS = ['red', 'yellow', 'blue', 'none'] as const;

/** A day of the office's calendar (China time), as the date filters take it. */
function DayFilter(): PropertyDecorator {
  return (target, key) => {
    IsOptional()(target, key);
    Matches(/^\d{4}-\d{2}-\d{2}$/, { message: `${String(key)} must be a date YYYY-MM-DD` })(target, key);
    IsISO8601({ strict: true }, { message: `${String(key)} must be a valid date` })(target, key);
  };
}

export class ListCasesQuery {
  @ApiPropertyOptional({ example: 'tolerance' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  procedure?: string;

  @ApiPropertyOptional({ example: 'verifying' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  state?: string;

  @ApiPropertyOptional({ description: 'active or done' })
  @IsOptional()
  @IsIn(['active', 'done'])
  status?: 'active' | 'done';

  @ApiPropertyOptional({ example: 'applicant1' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  cadre?: string;

  @ApiPropertyOptional({ example: 'unit-jinan-dev' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  unit?: string;

  @ApiPropertyOptional({ description: "Cases where it is this role's turn", enum: ROLES })
  @IsOptional()
  @IsIn([...ROLES])
  turn?: Role;

  @ApiPropertyOptional({ description: 'One case number exactly (案件编号)', example: '济纪容〔2026〕3号' })
  @IsOptional()
  @IsString()
  @MaxLength(80)
  caseNo?: string;

  @ApiPropertyOptional({ description: "Free text over the case number, the cadre's and unit's names and ids, and the summary" })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ description: 'Cases with a running deadline due within this many days' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(366)
  dueWithinDays?: number;

  @ApiPropertyOptional({ description: 'Only cases whose current deadline has passed' })
  @IsOptional()
  @Transform(({ value }) => value === 'true' || value === true)
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ description: 'Cases whose running deadline carries this warning colour (超期预警); staff and auditors', enum: WARNING_FILTERS })
  @IsOptional()
  @IsIn([...WARNING_FILTERS])
  warning?: (typeof WARNING_FILTERS)[number];

  @ApiPropertyOptional({ description: 'Opened on or after this day (YYYY-MM-DD, China time)' })
  @DayFilter()
  openedFrom?: string;

  @ApiPropertyOptional({ description: 'Opened on or before this day (inclusive)' })
  @DayFilter()
  openedTo?: string;

  @ApiPropertyOptional({ description: 'Concluded (closed, final or settled) on or after this day' })
  @DayFilter()
  closedFrom?: string;

  @ApiPropertyOptional({ description: 'Concluded on or before this day (inclusive)' })
  @DayFilter()
  closedTo?: string;

  @ApiPropertyOptional({ description: 'A decision on the merits recorded on or after this day (docs/statistics.md)' })
  @DayFilter()
  decidedFrom?: string;

  @ApiPropertyOptional({ description: 'A decision recorded on or before this day (inclusive)' })
  @DayFilter()
  decidedTo?: string;

  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100000)
  page?: number;

  @ApiPropertyOptional({ default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  pageSize?: number;

  @ApiPropertyOptional({
    enum: SORTABLE,
    default: 'updatedAt',
    description: '`urgency`: red, yellow, blue, none, then the earliest due date (desc: most urgent first)',
  })
  @IsOptional()
  @IsIn([...SORTABLE])
  sort?: (typeof SORTABLE)[number];

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'desc' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order?: 'asc' | 'desc';
}
