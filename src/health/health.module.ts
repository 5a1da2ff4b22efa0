import { Module } from '@nestjs/common';
import { DeadlinesModule } from '../deadlines/deadlines.module';
import { HealthController } from './health.controller';
import { ReadinessService } from './readiness.service';
import { ShutdownState } from './shutdown-state';

@Module({
  imports: [DeadlinesModule],
  controllers: [HealthController],
  providers: [ReadinessService, ShutdownState],
})
export class HealthModule {}
