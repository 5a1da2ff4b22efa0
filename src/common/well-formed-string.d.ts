/**
 * ES2024 string methods, present in every Node.js this service runs on (20.11+), not yet in the
 * ES2022 library the compiler is set to.
 */
interface String {
  /** False when the string holds a lone UTF-16 surrogate. */
  isWellFormed(): boolean;
  /** The string with each lone surrogate replaced by U+FFFD. */
  toWellFormed(): string;
}
