import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { mermaidDiagram, type ProcedureDefinition, type ProcedureRegistry } from '../../workflows/core';
import { DomainError } from '../common/domain-error';
import { PROCEDURE_REGISTRY } from './procedure-registry.token';

/**
 * The procedures' tables as data: the pages build their forms and labels from them and
 * integrators learn each event's payload here.
 */
@ApiTags('procedures')
@ApiBearerAuth()
@Controller('api/procedures')
export class ProceduresController {
  constructor(@Inject(PROCEDURE_REGISTRY) private readonly registry: ProcedureRegistry) {}

  @Get()
  @ApiOperation({ summary: 'The latest version of every procedure: creation fields, events with roles and fields, states' })
  list() {
    return this.registry.ids().map((id) => describe(this.registry.latest(id)!));
  }

  @Get(':id/:version')
  @ApiOperation({ summary: 'One procedure version, with its Mermaid state diagram' })
  one(@Param('id') id: string, @Param('version') version: string) {
    const definition = this.registry.find(id, Number(version));
    if (!definition) throw new DomainError('PROCEDURE.NOT_FOUND', `No procedure ${id} v${version}`);
    return { ...describe(definition), diagram: mermaidDiagram(definition) };
  }
}

/** Everything but the machine; functions in deadline specs drop out of the JSON by themselves. */
function describe(definition: ProcedureDefinition) {
  const { machine: _machine, ...table } = definition;
  return JSON.parse(JSON.stringify(table)) as Omit<ProcedureDefinition, 'machine'>;
}
