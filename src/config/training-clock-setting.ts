/**
 * A training instance (培训环境) runs on a moved clock so that staff can rehearse deadlines: the
 * blue, yellow and red warnings, the expiry of a window, the turn of the year. Set one of:
 * - `CLOCK_OFFSET=+40d` (also `-3d`, `+12h`, `+90m`, `+1d12h`): real time shifted by that much;
 * - `CLOCK_START=2026-12-20T09:00:00+08:00`: the clock starts at that instant when the service
 *   starts and runs on from there.
 * Never in production: the setting is refused when NODE_ENV=production, and every page and
 * `GET /api/health` say 「培训环境」 while it is on.
 */
export interface TrainingClockSetting {
  /** The setting as configured, for the banner and the health answer (`CLOCK_OFFSET=+40d`). */
  setting: string;
  /** Milliseconds added to real time; for CLOCK_START, worked out when the service starts. */
  offsetMs: number;
}

const UNIT_MS = { d: 24 * 3600_000, h: 3600_000, m: 60_000 } as const;
const OFFSET = /^[+-](\d+[dhm])+$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Reads CLOCK_OFFSET / CLOCK_START; undefined when neither is set (the real clock). */
export function trainingClockSetting(env: NodeJS.ProcessEnv, now = Date.now()): TrainingClockSetting | undefined {
  const offset = env.CLOCK_OFFSET?.trim() || undefined;
  const start = env.CLOCK_START?.trim() || undefined;
  if (!offset && !start) return undefined;
  if (env.NODE_ENV === 'production') {
    throw new Error(`${offset ? 'CLOCK_OFFSET' : 'CLOCK_START'} moves the clock of a training instance and is refused when NODE_ENV=production`);
  }
  if (offset && start) throw new Error('set CLOCK_OFFSET or CLOCK_START, not both');
  if (offset) {
    if (!OFFSET.test(offset)) throw new Error(`CLOCK_OFFSET must look like +40d, -3d, +12h, +90m or +1d12h, not ${offset}`);
    const sign = offset.startsWith('-') ? -1 : 1;
    const offsetMs = [...offset.slice(1).matchAll(/(\d+)([dhm])/g)].reduce((sum, [, n, unit]) => sum + Number(n) * UNIT_MS[unit as keyof typeof UNIT_MS], 0);
    return { setting: `CLOCK_OFFSET=${offset}`, offsetMs: sign * offsetMs };
  }
  const at = ISO_INSTANT.test(start!) ? Date.parse(start!) : NaN;
  if (Number.isNaN(at)) throw new Error(`CLOCK_START must be an ISO 8601 instant with its zone, e.g. 2026-12-20T09:00:00+08:00, not ${start}`);
  return { setting: `CLOCK_START=${start}`, offsetMs: at - now };
}
