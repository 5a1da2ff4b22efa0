import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';

export class RevealRequestDto {
  @ApiProperty({ description: 'Why the identity is needed (4-1000 characters)' })
  @IsString()
  @Length(4, 1000)
  reason: string;
}

export class RevealDecisionDto {
  @ApiProperty()
  @IsBoolean()
  approve: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  note?: string;

  @ApiPropertyOptional({ description: 'How long an approval lasts, in hours (1-72, default 24)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(72)
  validHours?: number;
}
