import { Controller, Get, Inject, Query, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheckDto, LivenessDto } from './health-response.dto';
import {
  HealthCheckService,
  HealthIndicatorFunction,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { withDeadline } from '../async/with-deadline';
import { noteUnavailable } from '../http/http-hooks';
import { NoQueryDto } from '../http/no-query.dto';
import { SkipRateLimit } from '../http/rate-limit';
import { appConfig, AppConfig } from '../config/app.config';
import { ReplicaReads } from '../database/replica-reads';
import { LiveStore } from '../live-store/live-store';
import { ShutdownState } from '../lifecycle/shutdown-state';
import { BuildInfo } from '../observability/build-info';

/** Probes. Not rate limited, need no key, not logged at info level. */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly liveStore: LiveStore,
    private readonly replicas: ReplicaReads,
    private readonly shutdown: ShutdownState,
    @Inject(appConfig.KEY) private readonly config: AppConfig,
    private readonly build: BuildInfo,
  ) {}

  /** Seed-compatible: 200 {"status":"ok",...} when MySQL and Redis answer. */
  @Get()
  @SkipRateLimit()
  @ApiOperation({
    summary: "The original design's health check",
    description: '200 when the database and Redis (or the embedded stores) answer within HEALTH_TIMEOUT_MS.',
  })
  @ApiOkResponse({ type: HealthCheckDto, description: 'Both stores answer' })
  @ApiServiceUnavailableResponse({
    type: HealthCheckDto,
    description: 'A store does not answer: named in `error`',
  })
  getHealth(@Res({ passthrough: true }) reply: FastifyReply, @Query() _query: NoQueryDto) {
    return this.run(reply, false);
  }

  /** Liveness: the process answers; never touches MySQL or Redis. Says which version runs. */
  @Get('live')
  @SkipRateLimit()
  @ApiOperation({
    summary: 'Liveness probe',
    description:
      'The process answers, and says which version runs. Never touches the database or Redis, so an outage of theirs never restarts it.',
  })
  @ApiOkResponse({ type: LivenessDto, description: 'The process is alive' })
  getLiveness(@Query() _query: NoQueryDto) {
    const process_ = {
      status: 'up',
      uptimeSeconds: Math.round(process.uptime()),
      version: this.build.version,
      commit: this.build.commit,
    };
    return { status: 'ok', info: { process: process_ }, error: {}, details: { process: process_ } };
  }

  /** Readiness: MySQL and Redis each answer within the timeout, and no shutdown has started. */
  @Get('ready')
  @SkipRateLimit()
  @ApiOperation({
    summary: 'Readiness probe',
    description:
      'The database and Redis answer within HEALTH_TIMEOUT_MS and no shutdown has started; 503 otherwise, ' +
      'so a load balancer stops sending traffic.',
  })
  @ApiOkResponse({ type: HealthCheckDto, description: 'Ready for traffic' })
  @ApiServiceUnavailableResponse({
    type: HealthCheckDto,
    description: 'A store does not answer, or the instance is shutting down: named in `error`',
  })
  getReadiness(@Res({ passthrough: true }) reply: FastifyReply, @Query() _query: NoQueryDto) {
    return this.run(reply, true);
  }

  private async run(reply: FastifyReply, includeShutdown: boolean) {
    const timeout = this.config.healthTimeoutMs;
    const checks: HealthIndicatorFunction[] = [
      () => this.database.pingCheck('database', { timeout }),
      async () => {
        const indicator = this.indicators.check('redis');
        try {
          await withDeadline(this.liveStore.ping(), timeout, () => {
            throw new Error(`redis did not answer within ${timeout} ms`);
          });
          return indicator.up({ backend: this.liveStore.backend });
        } catch (error) {
          return indicator.down({ message: (error as Error).message });
        }
      },
    ];
    if (this.replicas.enabled) {
      // Reported, never failing: reads move to the primary while no replica is well.
      checks.push(() => {
        const states = this.replicas.replicaStates();
        return Promise.resolve(
          this.indicators.check('databaseReplicas').up({
            serving: states.filter((state) => state.status === 'up').length,
            replicas: states.map((state) => ({ ...state })),
          }),
        );
      });
    }
    if (includeShutdown) {
      checks.unshift(async () => {
        const indicator = this.indicators.check('shutdown');
        return Promise.resolve(
          this.shutdown.shuttingDown
            ? indicator.down({ message: 'shutting down' })
            : indicator.up({ backend: 'process' }),
        );
      });
    }
    try {
      return await this.health.check(checks);
    } catch (error) {
      if (error instanceof ServiceUnavailableException) {
        const response = error.getResponse() as { error?: Record<string, unknown> };
        // One warn line for a failing probe, its access line, naming the checks that failed.
        noteUnavailable(reply.request, Object.keys(response.error ?? {}));
        void reply.status(503).header('cache-control', 'no-store');
        return response;
      }
      throw error;
    }
  }
}
