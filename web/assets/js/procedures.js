// @ts-check
import { api } from './api.js';

/**
 * The procedure tables (labels, events with roles and field specs, states with whose turn and
 * deadline, phases), fetched once per page load: forms, labels and the diagram are built from them.
 */
const versions = new Map();
let latest;

export function latestProcedures() {
  latest ??= api('/api/procedures').catch((error) => {
    latest = undefined;
    throw error;
  });
  return latest;
}

export function procedureVersion(id, version) {
  const key = `${id}/${version}`;
  if (!versions.has(key)) {
    versions.set(
      key,
      api(`/api/procedures/${encodeURIComponent(id)}/${encodeURIComponent(version)}`).catch((error) => {
        versions.delete(key);
        throw error;
      }),
    );
  }
  return versions.get(key);
}

/** Label of an event type; the engine's own entries (case opened, deadline missed) have messages. */
export function eventLabel(definition, type) {
  return definition?.events?.[type]?.label;
}

export function stateLabel(definition, state) {
  return definition?.states?.[state]?.label;
}

export function forgetProcedures() {
  versions.clear();
  latest = undefined;
}
