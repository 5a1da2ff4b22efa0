import type { ProcedureDefinition, ProcedureId } from './procedure';

/**
 * Maps (procedure id, version) to its definition. New cases start on the latest version; a stored
 * case keeps the version it started on until it finishes, so old versions stay registered.
 */
export class ProcedureRegistry {
  private readonly byId = new Map<string, Map<number, ProcedureDefinition>>();

  constructor(definitions: readonly ProcedureDefinition[] = []) {
    definitions.forEach((definition) => this.register(definition));
  }

  register(definition: ProcedureDefinition): this {
    const versions = this.byId.get(definition.id) ?? new Map<number, ProcedureDefinition>();
    if (versions.has(definition.version)) {
      throw new Error(`procedure ${definition.id} v${definition.version} is registered twice`);
    }
    versions.set(definition.version, definition);
    this.byId.set(definition.id, versions);
    return this;
  }

  /** The definition a stored case runs on; undefined when that version is not registered. */
  find(id: string, version: number): ProcedureDefinition | undefined {
    return this.byId.get(id)?.get(version);
  }

  /** The version new cases start on. */
  latest(id: string): ProcedureDefinition | undefined {
    const versions = this.byId.get(id);
    if (!versions) return undefined;
    return versions.get(Math.max(...versions.keys()));
  }

  ids(): ProcedureId[] {
    return [...this.byId.keys()] as ProcedureId[];
  }

  all(): ProcedureDefinition[] {
    return [...this.byId.values()].flatMap((versions) => [...versions.values()]);
  }
}
