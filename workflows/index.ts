import { appealV1 } from './appeal/appeal.definition';
import { appealSamples } from './appeal/appeal.samples';
import { clarificationV1 } from './clarification/clarification.definition';
import { clarificationSamples } from './clarification/clarification.samples';
import { ProcedureRegistry, type ProcedureSamples } from './core';
import { correctionV1 } from './correction/correction.definition';
import { correctionSamples } from './correction/correction.samples';
import { falseAccusationV1 } from './false-accusation/false-accusation.definition';
import { falseAccusationSamples } from './false-accusation/false-accusation.samples';
import { toleranceV1 } from './tolerance/tolerance.definition';
import { toleranceSamples } from './tolerance/tolerance.samples';
import { riskFilingV1 } from './risk-filing/risk-filing.definition';
import { riskFilingSamples } from './risk-filing/risk-filing.samples';

export const PROCEDURE_DEFINITIONS = [toleranceV1, correctionV1, clarificationV1, falseAccusationV1, riskFilingV1, appealV1];

/** Samples per procedure id: graph tests, demo data and end-to-end tests drive the machines with them. */
export const PROCEDURE_SAMPLES: Record<string, ProcedureSamples> = {
  tolerance: toleranceSamples,
  correction: correctionSamples,
  clarification: clarificationSamples,
  falseAccusation: falseAccusationSamples,
  riskFiling: riskFilingSamples,
  appeal: appealSamples,
};

/** A fresh registry with every shipped procedure version. */
export function procedureRegistry(): ProcedureRegistry {
  return new ProcedureRegistry(PROCEDURE_DEFINITIONS);
}
