import {
  AppConfig,
  appConfig,
  AppValidationPipe,
  IngestApiKeyGuard,
  parseAppConfig,
  ProblemDetailsFilter,
  RejectionCounter,
  securityHeaders,
  ShutdownState,
} from '@app/core';
import type { Type } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import pino from 'pino';
import request from 'supertest';
import { createHttpAdapter, installHttpLayer } from '../../apps/api/src/bootstrap';
import { INGEST_KEY } from './test-app';

/**
 * The HTTP tier: a feature's real controllers behind the real global ValidationPipe, ValidBody parsers,
 * ingest-key guard, problem+json filter, JSON body parser, Fastify hooks and adapter options, with no
 * database, no live store and no app boot. The services behind the controllers are stubs that record
 * calls and answer only what a spec gives them: a spec here proves what the HTTP layer refuses (and that a refused request reaches no
 * service), the e2e specs what the services do.
 */
export interface HttpTier {
  app: NestFastifyApplication;
  http: () => ReturnType<typeof request>;
  /** The calls the stubbed services received, as [`Service.method`, arguments], in order. */
  calls: () => Array<[string, unknown[]]>;
  close: () => Promise<void>;
}

export interface HttpTierOptions {
  controllers: Type[];
  /** The services the controllers inject; each becomes a stub. */
  services: Type[];
  /** Environment for the config, over the e2e defaults (ingest keys and the rest). */
  env?: Record<string, string>;
  /** What a stubbed method answers, by `Service.method`; any other call fails (a 500). */
  answers?: Record<string, unknown>;
}

/** The environment createTestApp gives every app, as far as the HTTP layer reads it. */
const TEST_ENV = {
  NODE_ENV: 'test',
  INGEST_API_KEYS: `${INGEST_KEY},second-key`,
  TRUST_PROXY: 'false',
};

const LIFECYCLE_HOOKS = new Set([
  'onModuleInit',
  'onApplicationBootstrap',
  'onModuleDestroy',
  'beforeApplicationShutdown',
  'onApplicationShutdown',
]);

export async function createHttpTier(options: HttpTierOptions): Promise<HttpTier> {
  const env = { ...TEST_ENV, ...options.env };
  const app: AppConfig = parseAppConfig(env);
  const calls: Array<[string, unknown[]]> = [];
  const answers = options.answers ?? {};
  // Each public method of the service's class (not its lifecycle hooks) records the call and answers
  // what `answers` says, or fails.
  const stub = (service: Type) =>
    Object.fromEntries(
      Object.getOwnPropertyNames(service.prototype)
        .filter((method) => method !== 'constructor' && !LIFECYCLE_HOOKS.has(method))
        .map((method) => {
          const name = `${service.name}.${method}`;
          const call = (...args: unknown[]) => {
            calls.push([name, args]);
            return name in answers
              ? Promise.resolve(answers[name])
              : Promise.reject(new Error(`${name} is a stub in the HTTP tier`));
          };
          return [method, call];
        }),
    );
  const moduleRef = await Test.createTestingModule({
    controllers: options.controllers,
    providers: [
      { provide: appConfig.KEY, useValue: app },
      ShutdownState,
      IngestApiKeyGuard,
      ...options.services.map((service) => ({ provide: service, useValue: stub(service) })),
      { provide: APP_FILTER, useClass: ProblemDetailsFilter },
      { provide: APP_PIPE, useClass: AppValidationPipe },
    ],
  }).compile();
  const headers = securityHeaders();
  const logger = pino({ level: 'silent' });
  const nest = moduleRef.createNestApplication<NestFastifyApplication>(
    createHttpAdapter(app, headers, logger),
    {
      logger: false,
      bodyParser: false, // as createApp: the app's own JSON parser, installed next
    },
  );
  installHttpLayer(nest.getHttpAdapter().getInstance(), app, {
    rejections: { count: () => Promise.resolve() } as unknown as RejectionCounter,
    shutdown: nest.get(ShutdownState),
    securityHeaders: headers,
    logger,
  });
  await nest.init();
  await nest.getHttpAdapter().getInstance().ready();
  return {
    app: nest,
    http: () => request(nest.getHttpServer()),
    calls: () => calls.map(([name, args]) => [name, [...args]]),
    close: () => nest.close(),
  };
}

/** What a spec of the HTTP tier works with: requests, the services' calls, and a key for writes. */
export interface HttpTierSuite {
  http: () => ReturnType<typeof request>;
  /** The calls the stubbed services received since the current test began. */
  callsNow: () => Array<[string, unknown[]]>;
  /** A request carrying the test ingest key as a Bearer token. */
  withKey: (method: 'post' | 'put', path: string) => request.Test;
}

/**
 * Boots the tier for the enclosing `describe` (beforeAll, afterAll) and marks where each test's calls
 * begin (beforeEach), so a spec can say that a refused request reached no service.
 */
export function useHttpTier(options: HttpTierOptions): HttpTierSuite {
  let tier: HttpTier | undefined;
  let before = 0;
  const started = () => {
    if (!tier) throw new Error('the HTTP tier is used outside a test of its describe block');
    return tier;
  };
  beforeAll(async () => {
    tier = await createHttpTier(options);
  });
  afterAll(() => tier?.close());
  beforeEach(() => {
    before = started().calls().length;
  });
  return {
    http: () => started().http(),
    callsNow: () => started().calls().slice(before),
    withKey: (method, path) => started().http()[method](path).set('Authorization', `Bearer ${INGEST_KEY}`),
  };
}
