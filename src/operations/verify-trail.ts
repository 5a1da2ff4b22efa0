import { AuditTrailService, type VerificationResult } from '../audit/audit-trail.service';
import type { AppConfig } from '../config/app-config';
import { openAsIs } from './open-as-is';

/**
 * What `npm run verify-trail` does: recompute every chain of the configured database and check
 * every recorded head and case row, on a connection of its own, with the database as it is (no
 * migrations run, no service started).
 */
export async function verifyTrailOffline(config: AppConfig): Promise<VerificationResult> {
  const dataSource = await openAsIs(config);
  try {
    return await new AuditTrailService(dataSource).verify();
  } finally {
    await dataSource.destroy();
  }
}
