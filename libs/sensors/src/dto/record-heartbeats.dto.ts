import { FieldErrors, isJsonObject } from '@app/core';
import { ApiProperty } from '@nestjs/swagger';

export const MAX_HEARTBEAT_IDS = 1000;
/** Sensor ids are MySQL INT: 1 to 2^31 - 1. */
const MAX_SENSOR_ID = 2_147_483_647;

export class RecordHeartbeatsDto {
  /** Ids of the sensors that reported in, 1 to 1000 per request. */
  @ApiProperty({
    type: 'array',
    items: { type: 'integer', minimum: 1, maximum: MAX_SENSOR_ID },
    example: [1, 2, 3],
    minItems: 1,
    maxItems: MAX_HEARTBEAT_IDS,
  })
  sensorIds: number[];
}

/**
 * The body of POST /sensors/heartbeats with the rules and messages of class-validator (an array of 1-1000
 * integers from 1 to 2^31 - 1, no other field; each rule reported once for the whole list), in a plain
 * loop: see ValidBody.
 */
export function parseRecordHeartbeats(body: unknown): RecordHeartbeatsDto {
  const errors = new FieldErrors();
  const object = isJsonObject(body) ? body : {};
  errors.refuseUnknown(object, ['sensorIds']);
  const ids = object.sensorIds;
  const values = errors.array('sensorIds', ids, 1, MAX_HEARTBEAT_IDS) ? ids : [ids];
  let notInteger = false;
  let belowMin = false;
  let aboveMax = false;
  for (const id of values) {
    const isNumber = typeof id === 'number';
    if (!isNumber || !Number.isInteger(id)) notInteger = true;
    if (!isNumber || !(id >= 1)) belowMin = true;
    if (!isNumber || !(id <= MAX_SENSOR_ID)) aboveMax = true;
  }
  if (notInteger) errors.add('sensorIds', 'each value in sensorIds must be an integer number');
  if (belowMin) errors.add('sensorIds', 'each value in sensorIds must not be less than 1');
  if (aboveMax) errors.add('sensorIds', `each value in sensorIds must not be greater than ${MAX_SENSOR_ID}`);
  errors.throwIfAny();
  return object as unknown as RecordHeartbeatsDto;
}

export class HeartbeatsAcceptedDto {
  /** Distinct known sensors whose heartbeat was recorded. */
  @ApiProperty({ example: 3, type: 'integer' })
  accepted: number;

  /** Ids that match no sensor; nothing was stored for them. */
  @ApiProperty({ type: 'array', items: { type: 'integer' }, example: [] })
  unknown: number[];
}
