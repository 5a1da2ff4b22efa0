import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { LiveCalendar, type CalendarWarning } from '../deadlines/live-calendar.service';
import { Clock } from '../common/clock';
import { Public } from '../identity/public.decorator';
import { ReadinessService, type Readiness } from './readiness.service';

@ApiTags('operations')
// A load balancer polls these every few seconds from one address: never rate-limited.
@SkipThrottle()
@Controller('api')
export class HealthController {
  constructor(
    private readonly readiness: ReadinessService,
    private readonly calendar: LiveCalendar,
    private readonly clock: Clock,
  ) {}

  /**
   * Also says, from memory, when the holiday schedule of a year deadlines need is not loaded (the
   * current year, or from 1 November the next): monitoring sees it before staff do. Nothing else.
   */
  @Public()
  @Get('health')
  @ApiOperation({ summary: 'Liveness: the process answers (no database access); `calendar` names a missing holiday schedule from 1 November' })
  health(): { status: 'ok'; calendar?: CalendarWarning } {
    const warning = this.calendar.warning(this.clock.now());
    return warning ? { status: 'ok', calendar: warning } : { status: 'ok' };
  }

  @Public()
  @Get('ready')
  @ApiOperation({ summary: 'Readiness: database reachable, migrations done, not shutting down; 503 otherwise' })
  ready(): Promise<Readiness> {
    return this.readiness.check();
  }
}
