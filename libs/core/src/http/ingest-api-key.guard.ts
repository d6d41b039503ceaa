import {
  applyDecorators,
  CanActivate,
  ExecutionContext,
  Inject,
  Injectable,
  UnauthorizedException,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { appConfig, AppConfig } from '../config/app.config';
import { ProblemResponseDto } from './problem-response.dto';

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** The key presented as `Authorization: Bearer <key>` or `X-API-Key: <key>`, if any. */
export function presentedKey(request: FastifyRequest): string | undefined {
  const authorization = request.headers.authorization;
  if (typeof authorization === 'string') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (match) return match[1];
  }
  const header = request.headers['x-api-key'];
  return typeof header === 'string' && header.length > 0 ? header : undefined;
}

/** Write endpoints accept a key from INGEST_API_KEYS, compared in constant time. */
@Injectable()
export class IngestApiKeyGuard implements CanActivate {
  private readonly keyDigests: Buffer[];

  constructor(@Inject(appConfig.KEY) config: AppConfig) {
    this.keyDigests = config.ingestApiKeys.map(digest);
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const key = presentedKey(request);
    if (key === undefined) {
      this.challenge(context);
      throw new UnauthorizedException(
        'An ingest API key is required: Authorization: Bearer <key> or X-API-Key.',
      );
    }
    const presented = digest(key);
    // Compare against every key so timing does not tell which one (or whether any) matched.
    let matched = false;
    for (const known of this.keyDigests) matched = timingSafeEqual(presented, known) || matched;
    if (!matched) {
      this.challenge(context);
      throw new UnauthorizedException('The API key is not valid for ingestion.');
    }
    return true;
  }

  private challenge(context: ExecutionContext): void {
    void context
      .switchToHttp()
      .getResponse<FastifyReply>()
      .header('www-authenticate', 'Bearer realm="ingest"');
  }
}

/** Marks a write endpoint: needs an ingest key; documented as such. */
export function RequiresIngestKey() {
  return applyDecorators(
    UseGuards(IngestApiKeyGuard),
    ApiBearerAuth('ingestBearer'),
    ApiSecurity('ingestApiKey'),
    ApiUnauthorizedResponse({ description: 'Missing or invalid ingest key', type: ProblemResponseDto }),
  );
}
