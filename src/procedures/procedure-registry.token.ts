/** DI token for the ProcedureRegistry the service runs (the four procedures; tests may add versions). */
export const PROCEDURE_REGISTRY = Symbol('PROCEDURE_REGISTRY');
