import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsObject, IsString, Length, Matches } from 'class-validator';

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

/** The procedures a higher body hands down as a new matter (交办新事项). */
export const ASSIGNABLE_PROCEDURES = ['clarification'] as const;

export class AssignNewMatterDto {
  @ApiProperty({ example: 'jinan', description: 'The lower body the matter goes to (a body below the caller’s)' })
  @IsString()
  @Length(1, 64)
  bodyId: string;

  @ApiProperty({ enum: ASSIGNABLE_PROCEDURES, description: 'The procedure the lower body opens: 澄清正名 (a report lead handed down)' })
  @IsIn(ASSIGNABLE_PROCEDURES)
  procedure: (typeof ASSIGNABLE_PROCEDURES)[number];

  @ApiProperty({ example: '2026-08-31', description: 'The date the lower body reports back by (YYYY-MM-DD)' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  dueOn: string;

  @ApiProperty({ description: 'What the higher body asks for (2-2000 characters)' })
  @IsString()
  @Length(2, 2000)
  instructions: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The opening fields of the procedure (GET /api/procedures/:id), validated as a normal opening',
  })
  @IsObject()
  opening: Record<string, unknown>;
}
