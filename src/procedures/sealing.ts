import type { FieldSpecs } from '../../workflows/core';

export const SEALED_MARK = '[sealed]';

/** The payload as the trail may keep it: sealed fields (identities) reduced to a mark. */
export function redactSealed(fields: FieldSpecs, data: Record<string, unknown>): Record<string, unknown> {
  const redacted: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    redacted[key] = fields[key]?.sealed && value !== undefined && value !== null ? SEALED_MARK : value;
  }
  return redacted;
}
