import { Controller, Get, Res, UseGuards } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { MetricsAuthGuard } from './metrics-auth.guard.js';
import { MetricsService } from './metrics.service.js';

/** Prometheus scrape endpoint; behind `METRICS_TOKEN` when it is set. */
@Controller('metrics')
@UseGuards(MetricsAuthGuard)
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  async scrape(@Res({ passthrough: true }) response: ServerResponse): Promise<string> {
    // The registry knows which exposition format it renders; a hard-coded header would drift.
    response.setHeader('Content-Type', this.metrics.contentType);
    return this.metrics.render();
  }
}
