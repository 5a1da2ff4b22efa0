import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { mermaidDiagram, type ProcedureDefinition, type ProcedureRegistry } from '../../workflows/core';
import { DomainError } from '../common/domain-error';
import { Revalidated } from '../common/revalidation';
import { LimitsInForce } from '../deadlines/limits-in-force';
import { WarningRules } from '../deadlines/warning-rules';
import { PROCEDURE_REGISTRY } from '../procedures/procedure-registry.token';

/**
 * The procedures' tables as data: the pages build their forms and labels from them and
 * integrators learn each event's payload here. Each state's time limit is the one in force: the
 * jurisdiction's length where its rules file sets one (with the table's default beside it), the
 * day it counts from, and the warning ladder's thresholds.
 */
@ApiTags('procedures')
@ApiBearerAuth()
@Controller('api/procedures')
export class ProceduresController {
  constructor(
    @Inject(PROCEDURE_REGISTRY) private readonly registry: ProcedureRegistry,
    private readonly limits: LimitsInForce,
    private readonly warnings: WarningRules,
  ) {}

  @Get()
  @Revalidated()
  @ApiOperation({ summary: 'The latest version of every procedure: creation fields, events with roles and fields, states with the time limits in force' })
  list() {
    return this.registry.ids().map((id) => this.describe(this.registry.latest(id)!));
  }

  @Get(':id/:version')
  @Revalidated()
  @ApiOperation({ summary: 'One procedure version, with its Mermaid state diagram' })
  one(@Param('id') id: string, @Param('version') version: string) {
    const definition = this.registry.find(id, Number(version));
    if (!definition) throw new DomainError('PROCEDURE.NOT_FOUND', `No procedure ${id} v${version}`);
    return { ...this.describe(definition), diagram: mermaidDiagram(definition) };
  }

  /** Everything but the machine; the deadlines as in force here (functions drop out of the JSON). */
  private describe(definition: ProcedureDefinition) {
    const { machine: _machine, ...table } = definition;
    const states = Object.fromEntries(
      Object.entries(definition.states).map(([name, state]) => [
        name,
        // The 三色 warning ladder's thresholds in force for the rule (null: no ladder, the limit is the party's).
        state.deadline ? { ...state, deadline: { ...this.limits.describe(state.deadline), warning: this.warnings.thresholdsOf(state.deadline.rule) } } : state,
      ]),
    );
    return JSON.parse(JSON.stringify({ ...table, states })) as Omit<ProcedureDefinition, 'machine'>;
  }
}
