import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { ListCasesQuery } from '../cases/list-cases.query';
import { EXPORT_FORMATS, type ExportFormat } from './table-export';
import { DrillDownQuery, StatsQuery } from './stats.query';

export class StatsExportQuery extends StatsQuery {
  @ApiProperty({ enum: EXPORT_FORMATS })
  @IsIn([...EXPORT_FORMATS])
  format: ExportFormat;
}

export class DrillDownExportQuery extends DrillDownQuery {
  @ApiProperty({ enum: EXPORT_FORMATS })
  @IsIn([...EXPORT_FORMATS])
  format: ExportFormat;
}

/** A case list's filters (as `GET /api/cases` takes them; paging aside) and the file's format. */
export class CasesExportQuery extends ListCasesQuery {
  @ApiProperty({ enum: EXPORT_FORMATS })
  @IsIn([...EXPORT_FORMATS])
  format: ExportFormat;
}
