import { Module } from '@nestjs/common';
import { DeadlinesModule } from '../deadlines/deadlines.module';
import { ProceduresController } from './procedures.controller';

/**
 * `GET /api/procedures`: the tables of the registry (PROCEDURE_REGISTRY, provided at the application's
 * root) with the limits and warning thresholds in force, which the deadline rules decide.
 */
@Module({ imports: [DeadlinesModule], controllers: [ProceduresController] })
export class ProceduresModule {}
