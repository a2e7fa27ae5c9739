import { Controller, Get, HttpCode, HttpException, HttpStatus } from '@nestjs/common';
import { ReadinessService } from './readiness.service.js';

/** Liveness (the process answers) and readiness (it should receive traffic). */
@Controller('health')
export class HealthController {
  constructor(private readonly readiness: ReadinessService) {}

  @Get('live')
  @HttpCode(HttpStatus.OK)
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  ready(): { status: 'ready'; checks: Record<string, boolean> } {
    const checks = this.readiness.checks();
    if (!this.readiness.ready) {
      throw new HttpException({ status: 'not ready', checks }, HttpStatus.SERVICE_UNAVAILABLE);
    }
    return { status: 'ready', checks };
  }
}
