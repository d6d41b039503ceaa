import { dateTimeMessage, FieldErrors, isJsonObject, parseDateTime } from '@app/core';
import { ApiProperty } from '@nestjs/swagger';
import { isString, length } from 'class-validator';

const USER_ID_LENGTH = { min: 1, max: 128 };
const AT_OFFSET = /(Z|[+-]\d{2}:\d{2})$/;
export const MAX_EVENTS = 1000;

export class ActivityEventDto {
  /** Any stable user identifier, 1-128 characters. */
  @ApiProperty({ example: 'u-1', minLength: USER_ID_LENGTH.min, maxLength: USER_ID_LENGTH.max })
  userId: string;

  /** One of ACTIVE_USER_PLATFORMS (default web, mobile-app1, mobile-app2). */
  @ApiProperty({ example: 'web' })
  platform: string;

  /** When the user was active (ISO-8601 with offset); default now. Future or older than the window: rejected. */
  @ApiProperty({
    required: false,
    type: String,
    format: 'date-time',
    pattern: AT_OFFSET.source,
    example: '2026-11-27T20:00:00Z',
  })
  at?: string;
}

export class RecordActivityDto {
  @ApiProperty({ type: [ActivityEventDto], minItems: 1, maxItems: MAX_EVENTS })
  events: ActivityEventDto[];
}

function parseEvent(value: unknown, field: string, errors: FieldErrors): ActivityEventDto | null {
  if (!isJsonObject(value)) {
    errors.add(field, `${field} must be an object`);
    return null;
  }
  errors.refuseUnknown(value, ['userId', 'platform', 'at'], field);
  const { userId, platform, at } = value;
  if (!isString(userId)) errors.add(`${field}.userId`, 'userId must be a string');
  if (!length(userId, USER_ID_LENGTH.min, USER_ID_LENGTH.max)) {
    const tooShort = typeof userId !== 'string' || userId.length < USER_ID_LENGTH.min;
    errors.add(
      `${field}.userId`,
      tooShort
        ? `userId must be longer than or equal to ${USER_ID_LENGTH.min} characters`
        : `userId must be shorter than or equal to ${USER_ID_LENGTH.max} characters`,
    );
  }
  if (!isString(platform)) errors.add(`${field}.platform`, 'platform must be a string');
  if (at !== undefined && at !== null) {
    if (parseDateTime(at) === null) errors.add(`${field}.at`, dateTimeMessage('at'));
  }
  return value as unknown as ActivityEventDto;
}

/**
 * The body of POST /activity, checked event by event with the rules and messages of class-validator
 * (userId a string of 1-128 characters, platform a string, at an ISO-8601 date-time with an offset, no
 * other fields), in a plain loop: see ValidBody. Platforms and calendar dates are checked by the service.
 */
export function parseRecordActivity(body: unknown): RecordActivityDto {
  const errors = new FieldErrors();
  if (!isJsonObject(body)) {
    errors.add('events', 'events must be an array');
    errors.throwIfAny();
  }
  const object = body as Record<string, unknown>;
  errors.refuseUnknown(object, ['events']);
  const events = object.events;
  if (errors.array('events', events, 1, MAX_EVENTS)) {
    for (let i = 0; i < events.length; i++) parseEvent(events[i], `events[${i}]`, errors);
  }
  errors.throwIfAny();
  return object as unknown as RecordActivityDto;
}

export class RejectedEventDto {
  /** Position of the event in the request's `events`. */
  @ApiProperty({ example: 2, type: 'integer' })
  index: number;

  @ApiProperty({ example: 'at is in the future' })
  reason: string;
}

export class ActivityAcceptedDto {
  @ApiProperty({ example: 3, type: 'integer' })
  accepted: number;

  @ApiProperty({ type: [RejectedEventDto] })
  rejected: RejectedEventDto[];
}
