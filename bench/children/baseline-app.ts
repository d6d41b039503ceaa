/**
 * The bare baseline: NestJS 11 on Fastify with one controller, `GET /baseline/:name`, answering the JSON
 * stored at `<prefix>baseline:<name>` after one Redis GET. The benchmark stores there the service's own
 * answer of each endpoint, so both send the same bytes; the difference is what the service does besides.
 *
 * Environment: PORT, REDIS_URL, BASELINE_KEY_PREFIX (default "bench:"). Listens on 127.0.0.1; SIGTERM ends it
 * at once (no shutdown hooks: there is nothing to drain).
 */
import { Controller, Get, Header, Inject, Module, NotFoundException, Param } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import Redis from 'ioredis';

const REDIS = Symbol('redis');
const keyPrefix = `${process.env.BASELINE_KEY_PREFIX ?? 'bench:'}baseline:`;

@Controller('baseline')
class BaselineController {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  @Get(':name')
  @Header('Content-Type', 'application/json; charset=utf-8')
  async answer(@Param('name') name: string): Promise<string> {
    const body = await this.redis.get(keyPrefix + name);
    if (body === null) throw new NotFoundException(`no baseline answer stored for ${name}`);
    return body;
  }
}

@Module({
  controllers: [BaselineController],
  providers: [
    { provide: REDIS, useFactory: () => new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0') },
  ],
})
class BaselineModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create<NestFastifyApplication>(BaselineModule, new FastifyAdapter(), {
    logger: ['error', 'warn'],
  });
  await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
}

main().catch((error: unknown) => {
  process.stderr.write(`baseline app failed: ${String(error)}\n`);
  process.exit(1);
});
