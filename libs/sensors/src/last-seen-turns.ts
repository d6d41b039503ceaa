import { unixMinute } from '@app/core';

/**
 * When a sensor's heartbeat is worth writing to sensors.last_seen_at. Sensors are split by id into
 * `phases` groups, one per minute of the granularity (SENSOR_LAST_SEEN_GRANULARITY, in whole minutes), and
 * the groups take turns: in a minute m the flush writes the latest heartbeat of each sensor of group
 * m mod phases that is newer than its stored time, and of the others only what was never stored (null).
 *
 * So each sensor is written at most once per granularity (plus when first seen), and at most a `phases`-th
 * of the sensors a minute, however they beat: the bound holds after an outage or a pause as well, when
 * every stored time is old at once, instead of all of them coming due in the same flush. A sensor that
 * keeps beating has a stored time less than one granularity and a minute behind its last heartbeat.
 */
export class LastSeenTurns {
  /** How many groups take turns: the granularity in whole minutes, at least one. */
  readonly phases: number;
  /** The granularity as applied: `phases` minutes. */
  readonly periodMs: number;

  constructor(granularityMs: number) {
    if (!Number.isFinite(granularityMs) || granularityMs <= 0) {
      throw new Error(`granularity must be a positive number of ms: ${granularityMs}`);
    }
    this.phases = Math.max(1, Math.round(granularityMs / 60_000));
    this.periodMs = this.phases * 60_000;
  }

  phaseOf(sensorId: number): number {
    return sensorId % this.phases;
  }

  /** The group whose turn it is in the minute holding `nowMs`. */
  turnAt(nowMs: number): number {
    return ((unixMinute(nowMs) % this.phases) + this.phases) % this.phases;
  }
}
