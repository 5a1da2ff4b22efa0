import { AsyncLocalStorage } from 'node:async_hooks';
import { isDeepStrictEqual } from 'node:util';
import type { DocumentInputs } from './document-composer';
import type { RenderedDocument } from './render-thread';

/** A document rendered before the transaction, from the inputs the previous attempt worked out. */
export interface PreparedDocument {
  inputs: DocumentInputs;
  templateVersion: number;
  rendered: RenderedDocument;
}

/**
 * Thrown inside a transaction that needs a document it has no matching rendering of: the unit is
 * rolled back (its 文号 given back, like any failed unit's), rendered outside, and run again.
 */
export class RenderOutside extends Error {
  constructor(
    readonly key: string,
    readonly inputs: DocumentInputs,
    readonly templateVersion: number,
  ) {
    super(`document ${key} is rendered outside the transaction, then the change runs again`);
  }
}

interface Attempt {
  prepared: Map<string, PreparedDocument>;
  /** False on the last attempt: whatever is still missing is rendered inside, so a change always ends. */
  mayDefer: boolean;
}

/** At most this many runs of a change: a document whose inputs keep changing is then rendered inside. */
const ATTEMPTS = 3;

const attempts = new AsyncLocalStorage<Attempt>();

/**
 * Keeps the rendering of documents out of the writer's critical section (docs/performance.md
 * "Documents"). `change` runs the whole unit of work; the first run that needs a document stops
 * with RenderOutside carrying the exact inputs it worked out (the 文号 it allocated, the template
 * in force, the issue time, the verification code), is rolled back, and the document is rendered
 * with those inputs while the writer serves others. The next run finds the rendering and uses it
 * only if it works out exactly the same inputs again (DocumentIssuer compares them): rendering is
 * deterministic, so equal inputs are equal bytes. A miss (another issue took the number first, a
 * template was saved between) renders again, outside, up to ATTEMPTS runs; the last run renders
 * whatever is still missing inside.
 */
export async function withRendersOutside<T>(render: (inputs: DocumentInputs) => Promise<RenderedDocument>, change: () => Promise<T>): Promise<T> {
  const prepared = new Map<string, PreparedDocument>();
  for (let run = 1; ; run += 1) {
    try {
      return await attempts.run({ prepared, mayDefer: run < ATTEMPTS }, change);
    } catch (error) {
      if (!(error instanceof RenderOutside)) throw error;
      prepared.set(error.key, { inputs: error.inputs, templateVersion: error.templateVersion, rendered: await render(error.inputs) });
    }
  }
}

/** The rendering the previous run prepared for this document, if any: its issue time and code are reused. */
export function preparedFor(key: string): PreparedDocument | undefined {
  return attempts.getStore()?.prepared.get(key);
}

/**
 * Inside the transaction: the prepared rendering when its inputs are exactly these; otherwise
 * RenderOutside when the change may run again, or undefined (render here).
 */
export function renderedOrDefer(key: string, inputs: DocumentInputs, templateVersion: number): RenderedDocument | undefined {
  const attempt = attempts.getStore();
  const prepared = attempt?.prepared.get(key);
  if (prepared && prepared.templateVersion === templateVersion && isDeepStrictEqual(prepared.inputs, inputs)) return prepared.rendered;
  if (attempt?.mayDefer) throw new RenderOutside(key, inputs, templateVersion);
  return undefined;
}
