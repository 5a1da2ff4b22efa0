import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsISO8601, IsInt, IsOptional, Max, Min } from 'class-validator';

/** `GET /api/notifications`: newest first, a page at a time. */
export class RemindersQuery {
  @ApiPropertyOptional({ description: 'Only the notices you have not read' })
  @IsOptional()
  @Transform(({ value }) => value === 'true' || value === true)
  @IsBoolean()
  unread?: boolean;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: 'Notices older than this instant (the last `createdAt` of the page before)', example: '2026-05-08T01:00:00.000Z' })
  @IsOptional()
  @IsISO8601({ strict: true })
  before?: string;
}
