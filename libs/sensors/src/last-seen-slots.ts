/**
 * When a heartbeat is worth writing to sensors.last_seen_at. Time is cut into slots of the granularity
 * (SENSOR_LAST_SEEN_GRANULARITY); a heartbeat is written when the stored time lies in the slot before the
 * heartbeat's, so a sensor that keeps beating is written once per slot, whatever its rate, and its stored
 * time is never a whole granularity behind its last heartbeat.
 *
 * The slots of different sensors are shifted by the sensor's phase (id modulo `phases`, one phase per
 * minute of the granularity), so sensors reach their next slot at different minutes and the writes spread
 * evenly: sensors × 60 s / granularity rows a minute for sensors beating once a minute, the least that keeps
 * every stored time within one granularity. A rule on the stored time alone ("older than the granularity")
 * would keep a crowd that started together, or was written by one catch-up flush, in step for ever.
 *
 * A stored time further back than the previous slot (a sensor that was offline, or a service that was
 * down) waits for a heartbeat in the first `window` of one of its slots; so after an outage the sensors
 * catch up a phase at a time, at the same rate. A sensor never written (null) is written at once.
 */
export class LastSeenSlots {
  /** How many differently shifted slot grids there are: one per started minute of the granularity, at most 60. */
  readonly phases: number;
  /** The spacing of the phases, and the start of each slot in which a long-stale sensor is written. */
  readonly windowMs: number;

  constructor(readonly granularityMs: number) {
    if (!Number.isInteger(granularityMs) || granularityMs < 1) {
      throw new Error(`granularity must be a positive whole number of ms: ${granularityMs}`);
    }
    this.phases = Math.min(60, Math.max(1, Math.ceil(granularityMs / 60_000)));
    this.windowMs = Math.ceil(granularityMs / this.phases);
  }

  phaseOf(sensorId: number): number {
    return sensorId % this.phases;
  }

  private offset(phase: number): number {
    return Math.floor((this.granularityMs * phase) / this.phases);
  }

  /** Start (epoch ms) of the slot holding `atMs` for sensors of this phase. */
  slotStart(phase: number, atMs: number): number {
    const offset = this.offset(phase);
    return offset + Math.floor((atMs - offset) / this.granularityMs) * this.granularityMs;
  }

  /** A number for the slot holding `atMs` for sensors of this phase: later slots, larger numbers; positive for any real time. */
  slotNumber(phase: number, atMs: number): number {
    return Math.floor((atMs - this.offset(phase)) / this.granularityMs) + 1;
  }

  /**
   * For a heartbeat at `atMs` of a sensor of this phase: it is written over a stored time t when
   * `since <= t < before` (or t is null). `since` is null when any older time qualifies: the heartbeat is in
   * the first window of its slot.
   */
  writeRange(phase: number, atMs: number): { since: number | null; before: number } {
    const before = this.slotStart(phase, atMs);
    return { since: atMs - before < this.windowMs ? null : before - this.granularityMs, before };
  }

  /** writeRange() of `atMs` for each phase, indexed by phase. */
  writeRanges(atMs: number): { since: number | null; before: number }[] {
    return Array.from({ length: this.phases }, (_, phase) => this.writeRange(phase, atMs));
  }
}
