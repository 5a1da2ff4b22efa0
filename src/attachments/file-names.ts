import { attachmentRefusals } from './attachment-refusals';

const MAX_NAME = 200;

/**
 * The display name of an upload: the name the client's file had, checked, never used as a path
 * (the store keys content by its digest). A name with a path separator or a control character is
 * refused rather than silently changed, so the uploader knows what will be shown; Unicode is
 * normalised (NFC) and surrounding blanks trimmed.
 */
export function displayNameOf(raw: string | undefined): string {
  const name = (raw ?? '').normalize('NFC').trim();
  if (name.length === 0) throw attachmentRefusals.badName('blank');
  if (/[/\\]/.test(name)) throw attachmentRefusals.badName('separator');
  // C0 and C1 controls, DEL, and the bidirectional overrides that make a name read otherwise.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(name)) throw attachmentRefusals.badName('control');
  if ([...name].length > MAX_NAME) throw attachmentRefusals.badName('long');
  if (name === '.' || name === '..') throw attachmentRefusals.badName('separator');
  return name;
}
