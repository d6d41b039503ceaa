import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { FieldError, ValidationProblemException } from './problem-details';

/** Turns a parsed JSON body into a valid DTO, or throws ValidationProblemException naming each bad field. */
export type BodyParser<T> = (body: unknown) => T;

/**
 * The request body through a hand-written parser instead of the global ValidationPipe. For the ingest
 * endpoints only, where one request carries up to a thousand items: class-validator's metadata-driven walk
 * costs ~5 µs an item (half a millisecond for a 100-event batch), a plain loop a fraction of that. The
 * parser gives the same field paths and messages the pipe would. A custom param decorator, so the global
 * ValidationPipe leaves the body alone (document it with @ApiBody).
 */
export const ValidBody = createParamDecorator((parse: BodyParser<unknown>, context: ExecutionContext) =>
  parse(context.switchToHttp().getRequest<FastifyRequest>().body),
);

/** Collects field errors while a parser walks a body; `throwIfAny` ends the walk with a 400. */
export class FieldErrors {
  private readonly errors: FieldError[] = [];

  add(field: string, message: string): void {
    this.errors.push({ field, message });
  }

  /** Fields of the object other than `allowed`, each refused as the ValidationPipe would. */
  refuseUnknown(value: Record<string, unknown>, allowed: readonly string[], parent = ''): void {
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key))
        this.add(parent ? `${parent}.${key}` : key, `property ${key} should not exist`);
    }
  }

  /** The checks of @IsArray, @ArrayMinSize and @ArrayMaxSize, with their messages. Returns whether it is an array. */
  array(field: string, value: unknown, min: number, max: number): value is unknown[] {
    const isArray = Array.isArray(value);
    if (!isArray) this.add(field, `${field} must be an array`);
    const length = isArray ? value.length : 0;
    if (!isArray || length < min) this.add(field, `${field} must contain at least ${min} elements`);
    if (!isArray || length > max) this.add(field, `${field} must contain no more than ${max} elements`);
    return isArray;
  }

  throwIfAny(): void {
    if (this.errors.length > 0) throw new ValidationProblemException(this.errors);
  }
}

/** A plain JSON object (not null, not an array). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
