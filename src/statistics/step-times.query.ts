import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { StatsQuery } from './stats.query';

/** The filters of the processing-time figures: those of every indicator, and one step of a procedure. */
export class StepTimesQuery extends StatsQuery {
  @ApiPropertyOptional({ description: 'One step (state) of `procedure`; needs `procedure`' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  step?: string;
}

/** The cases behind one step's figure (or, without `step`, behind the procedure's run time), paged. */
export class StepTimesCasesQuery extends StepTimesQuery {
  @ApiPropertyOptional({ enum: ['true'], description: 'Only the stays left after their deadline had passed' })
  @IsOptional()
  @IsIn(['true'])
  overdue?: 'true';

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
