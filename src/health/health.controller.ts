import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { Public } from '../identity/public.decorator';
import { ReadinessService, type Readiness } from './readiness.service';

@ApiTags('operations')
// A load balancer polls these every few seconds from one address: never rate-limited.
@SkipThrottle()
@Controller('api')
export class HealthController {
  constructor(private readonly readiness: ReadinessService) {}

  @Public()
  @Get('health')
  @ApiOperation({ summary: 'Liveness: the process answers (no database access)' })
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Public()
  @Get('ready')
  @ApiOperation({ summary: 'Readiness: database reachable, migrations done, not shutting down; 503 otherwise' })
  ready(): Promise<Readiness> {
    return this.readiness.check();
  }
}
