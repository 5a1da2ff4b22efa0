/**
 * What a register entry and a looked-up fact need to know of the case they come from. The cases
 * sit above the registers (docs/architecture.md, "Modules"): the engine passes its row, which has
 * these and more.
 */
export interface RegisterCase {
  id: string;
  unitId: string;
  jurisdiction: string;
}
