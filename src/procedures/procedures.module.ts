import { Module } from '@nestjs/common';
import { ProceduresController } from './procedures.controller';

/** `GET /api/procedures`: the tables of the registry (PROCEDURE_REGISTRY, provided at the application's root). */
@Module({ controllers: [ProceduresController] })
export class ProceduresModule {}
