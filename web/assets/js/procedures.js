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

/**
 * How opening a case of this procedure reads to a user with these roles: the name and the fields.
 * A user any of whose opening roles reads it as the procedure does (an officer) gets it whole; a
 * user whose every opening role has its own reading (an applicant) gets that reading, without the
 * fields that are not theirs to fill (issue 23 §12).
 * @returns {{ label: any, fields: Record<string, any> }}
 */
export function creationFor(procedure, roles) {
  const { creation } = procedure;
  const mine = creation.roles.filter((role) => roles.includes(role));
  const readings = mine.map((role) => creation.asRole?.[role]);
  if (!readings.length || readings.some((reading) => !reading)) return { label: creation.label, fields: creation.fields };
  const reading = readings[0];
  const hidden = new Set(reading.hiddenFields ?? []);
  return { label: reading.label, fields: Object.fromEntries(Object.entries(creation.fields).filter(([key]) => !hidden.has(key))) };
}
