import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { LiveCalendar, type CalendarWarning } from '../deadlines/live-calendar.service';
import { Clock } from '../common/clock';
import { Public } from '../identity/public.decorator';
import { ReadinessService, type Readiness } from './readiness.service';

/** A training instance says so, with the setting that moved its clock and the time it runs on. */
export interface TrainingInstance {
  zh: '培训环境';
  en: 'Training instance';
  clock: string;
  now: string;
}

@ApiTags('operations')
// A load balancer polls these every few seconds from one address: never rate-limited.
@SkipThrottle()
@Controller('api')
export class HealthController {
  constructor(
    private readonly readiness: ReadinessService,
    private readonly calendar: LiveCalendar,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Also says, from memory, when the holiday schedule of a year deadlines need is not loaded (the
   * current year, or from 1 November the next): monitoring sees it before staff do. Nothing else.
   */
  @Public()
  @Get('health')
  @ApiOperation({
    summary:
      'Liveness: the process answers (no database access); `calendar` names a missing holiday schedule from 1 November; `training` marks a training instance (培训环境) and its moved clock',
  })
  health(): { status: 'ok'; calendar?: CalendarWarning; training?: TrainingInstance } {
    const now = this.clock.now();
    const warning = this.calendar.warning(now);
    const training = this.config.training;
    return {
      status: 'ok',
      ...(warning ? { calendar: warning } : {}),
      // Public like the rest of this answer, so the login page can say it before anyone signs in.
      ...(training ? { training: { zh: '培训环境', en: 'Training instance', clock: training.setting, now: now.toISOString() } } : {}),
    };
  }

  @Public()
  @Get('ready')
  @ApiOperation({ summary: 'Readiness: database reachable, migrations done, not shutting down; 503 otherwise' })
  ready(): Promise<Readiness> {
    return this.readiness.check();
  }
}
