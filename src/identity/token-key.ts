import { createSecretKey, type KeyObject } from 'node:crypto';
import type { AppConfig } from '../config/app-config';

/**
 * The key tokens are signed and checked with, as a key object: given the secret as a string,
 * jsonwebtoken tries to parse it as a public key on every call (slow in OpenSSL 3) first.
 */
export function tokenKeyOf(config: Pick<AppConfig, 'jwtSecret'>): KeyObject {
  return createSecretKey(Buffer.from(config.jwtSecret, 'utf8'));
}
