/**
 * The minimum a password must meet (GB/T 22239-2019 §8.1.4.1 asks for complexity and periodic
 * change; NIST SP 800-63B for length over composition). Checked whenever a password is set.
 */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

const CLASSES: Array<[RegExp, string]> = [
  [/[a-z]/, 'a lower-case letter'],
  [/[A-Z]/, 'an upper-case letter'],
  [/[0-9]/, 'a digit'],
  [/[^A-Za-z0-9]/, 'a symbol'],
];

/** What the password lacks, in plain words; empty when it is acceptable. */
export function passwordProblems(password: string, userId: string): string[] {
  const problems: string[] = [];
  if (password.length < PASSWORD_MIN_LENGTH) problems.push(`at least ${PASSWORD_MIN_LENGTH} characters`);
  if (password.length > PASSWORD_MAX_LENGTH) problems.push(`at most ${PASSWORD_MAX_LENGTH} characters`);
  const missing = CLASSES.filter(([pattern]) => !pattern.test(password)).map(([, name]) => name);
  if (missing.length > 1) problems.push(`at least three of: ${CLASSES.map(([, name]) => name).join(', ')} (missing ${missing.join(', ')})`);
  if (userId.length >= 3 && password.toLowerCase().includes(userId.toLowerCase())) problems.push('must not contain the user name');
  return problems;
}
