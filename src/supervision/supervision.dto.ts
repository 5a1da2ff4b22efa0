import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Length, Matches } from 'class-validator';

export class OpenSupervisionDto {
  @ApiProperty({ enum: ['supervise', 'assign'], description: '督办 (supervise) or 交办 (assign)' })
  @IsIn(['supervise', 'assign'])
  kind: 'supervise' | 'assign';

  @ApiProperty({ example: '2026-08-31', description: 'The date the lower body reports back by (YYYY-MM-DD)' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  dueOn: string;

  @ApiProperty({ description: 'What the higher body asks for (2-2000 characters)' })
  @IsString()
  @Length(2, 2000)
  instructions: string;
}

export class SupervisionReportDto {
  @ApiProperty({ description: 'The lower body’s report back (2-5000 characters)' })
  @IsString()
  @Length(2, 5000)
  report: string;
}
