import { Controller, Get, Inject, Query, Req, Res, UnauthorizedException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { appConfig, AppConfig } from '../config/app.config';
import { NoQueryDto } from '../http/no-query.dto';
import { SkipRateLimit } from '../http/rate-limit';
import { PrometheusMetrics } from './prometheus-metrics';

const sha256 = (value: string) => createHash('sha256').update(value).digest();

/**
 * GET /metrics in the Prometheus text format, beside the probes: not rate limited (a scraper must never
 * be refused), not in the OpenAPI document (the README documents it). With METRICS_TOKEN set, only a
 * scraper presenting it as a bearer token is answered.
 */
@ApiExcludeController()
@Controller('metrics')
export class PrometheusController {
  private readonly tokenDigest: Buffer | null;

  constructor(
    private readonly metrics: PrometheusMetrics,
    @Inject(appConfig.KEY) config: AppConfig,
  ) {
    this.tokenDigest = config.metricsToken ? sha256(config.metricsToken) : null;
  }

  @Get()
  @SkipRateLimit()
  async scrape(
    @Query() _query: NoQueryDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    if (this.tokenDigest !== null) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
      if (!match || !timingSafeEqual(sha256(match[1]), this.tokenDigest)) {
        void reply.header('www-authenticate', 'Bearer realm="metrics"');
        throw new UnauthorizedException('The metrics need the METRICS_TOKEN: Authorization: Bearer <token>.');
      }
    }
    const text = await this.metrics.render();
    void reply.type(this.metrics.contentType).header('cache-control', 'no-store');
    return text;
  }
}
