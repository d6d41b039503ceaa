/**
 * What the orchestrator (bench/run.ts) and its child processes (bench/children/*) exchange. Types only:
 * the children are compiled one file at a time, so they import nothing else from bench/ at run time.
 */

/** How a load run builds request bodies; absent: every request is the same GET. */
export type BodySpec =
  | { kind: 'activity'; eventsPerRequest: number; distinctBodies: number; platforms: string[] }
  | { kind: 'heartbeats'; idsPerRequest: number; firstId: number; sensorCount: number };

/** A closed-loop run: `connections` clients, each sending its next request when the answer arrives. */
export interface ClosedLoadSpec {
  mode: 'closed';
  url: string;
  method: 'GET' | 'POST';
  connections: number;
  durationS: number;
  headers?: Record<string, string>;
  body?: BodySpec;
}

/** An open-loop run at a fixed rate: heartbeats of `sensorCount` sensors, each once per minute. */
export interface PacedLoadSpec {
  mode: 'paced';
  url: string;
  headers: Record<string, string>;
  minutes: number;
  idsPerRequest: number;
  firstId: number;
  sensorCount: number;
  timeoutMs: number;
}

export type LoadSpec = ClosedLoadSpec | PacedLoadSpec;

/** The result a load worker prints as its last stdout line (JSON). */
export interface LoadResult {
  durationS: number;
  requests: number;
  ok2xx: number;
  non2xx: number;
  /** Connection errors and timeouts. */
  errors: number;
  /** Completed answers per second (all statuses). */
  reqPerSec: number;
  /** 2xx answers per second. */
  okPerSec: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  statusCodes: Record<string, number>;
  /** Paced runs: requests sent later than planned by more than 1 s (the load tool fell behind). */
  late?: number;
  /** Paced runs: ids the server said it accepted. */
  accepted?: number;
}

/** A message to the probe preloaded into the server. */
export interface ProbeRequest {
  cmd: 'stats';
  id: number;
  /** Start a new measuring window after answering. */
  reset: boolean;
}

/** The probe's answer: the measuring window since the last reset (or since the process started). */
export interface ProbeStats {
  id: number;
  /** Event-loop delay histogram (monitorEventLoopDelay, 10 ms resolution: the floor is ~10 ms). */
  loopMaxMs: number;
  loopP99Ms: number;
  loopMeanMs: number;
  /** Peak resident set size in the window. */
  rssPeakMb: number;
  rssNowMb: number;
  /** Peak resident set size since the process started (the kernel's own count). */
  rssLifetimePeakMb: number;
  windowS: number;
}
