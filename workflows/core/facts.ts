import type { Label } from './label';
import { officeDayOf } from './time';

/**
 * What a machine needs to know that lives outside the case: the committee's members, the
 * catalogue of tolerance and exclusion situations, the register of risk-prevention filings. The
 * machines stay pure (no database, no clock): the engine looks these up when an event arrives and
 * hands them over with it as `event.facts`, as the event's table asks (`EventSpec.facts`); the
 * trail entry of the step records them, so it shows what the decision was taken on. The graph
 * tests, the demo and the sample paths resolve them from the same kind of data (`FactWorld`).
 */

/**
 * A committee (集体研究的委员会) as configured for a jurisdiction, until a directory of bodies
 * exists: the members by name, and the quorum (the fewest members who must attend; by default
 * more than half).
 */
export interface CommitteeRoster {
  jurisdiction: string;
  members: string[];
  quorum: number;
  /** The configuration's version, so the record says which composition a meeting was held under. */
  version: number;
}

export type CatalogueKind = 'tolerance' | 'exclusion';

/** One situation of a jurisdiction's catalogue (容错情形 / 不予容错情形). */
export interface CatalogueEntry {
  code: string;
  kind: CatalogueKind;
  wording: Label;
  /** Where the situation comes from (问责条例 2019 art. 17, a local measure…). */
  legalBasis: string;
  /** The "other, described" entry: selecting it needs a description. */
  describe: boolean;
}

/**
 * The entries of one catalogue version that an event names (codes not in that version are simply
 * absent). A case keeps the version it was first assessed under.
 */
export interface CatalogueFact {
  jurisdiction: string;
  version: number;
  entries: CatalogueEntry[];
}

/** A registered risk-prevention filing (防错备案) as the register holds it. */
export interface FilingFact {
  filingNo: string;
  caseId: string;
  unitId: string;
  project: string;
  scope: string;
  /** The day the filing that was registered was submitted. */
  filedOn: string;
  registeredOn: string;
}

export interface EventFacts {
  /** The deciding committee of the case's jurisdiction; null when none is configured. */
  committee?: CommitteeRoster | null;
  catalogue?: CatalogueFact;
  /** The register's entry for the filing number the event concerns; null when there is none. */
  filing?: FilingFact | null;
}

/** What an event asks the engine to look up, read from the case's record and the payload. */
export interface FactRequest {
  committee?: true;
  /** The catalogue codes the payload names, and the version the case is held to (if any yet); none named, none looked up. */
  catalogue?: (context: any, data: any) => { codes: string[]; version?: number };
  /** The filing number whose register entry the step needs. */
  filing?: (context: any, data: any) => string | undefined;
}

/** Reference data the sample paths and the demo resolve facts from, as the service's tables hold it. */
export interface FactWorld {
  /** unit id → jurisdiction */
  units: Record<string, string>;
  committees: Record<string, Omit<CommitteeRoster, 'jurisdiction'>>;
  /** The catalogue every jurisdiction starts from (version 1). */
  catalogue: CatalogueEntry[];
  filings: FilingFact[];
}

/** The facts an event needs, resolved from a `FactWorld` as the engine resolves them from its tables. */
export function resolveFacts(world: FactWorld, request: FactRequest | undefined, context: any, data: any, at: string): EventFacts | undefined {
  if (!request) return undefined;
  const jurisdiction = world.units[context?.parties?.unitId] ?? '';
  const facts: EventFacts = {};
  if (request.committee) {
    const roster = world.committees[jurisdiction];
    facts.committee = roster ? { jurisdiction, ...roster } : null;
  }
  if (request.catalogue) {
    const { codes, version } = request.catalogue(context, data);
    // Nothing named, nothing to look up: the case is held to a version from its first named situation.
    if (codes.length > 0) facts.catalogue = { jurisdiction, version: version ?? 1, entries: world.catalogue.filter((entry) => codes.includes(entry.code)) };
  }
  if (request.filing) {
    const filingNo = request.filing(context, data);
    // The register as it stood that day: a filing registered later is not yet in it.
    const day = officeDayOf(at);
    facts.filing = filingNo ? (world.filings.find((filing) => filing.filingNo === filingNo && filing.registeredOn <= day) ?? null) : null;
  }
  return facts;
}
