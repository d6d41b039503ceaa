import type { NewProject, ProjectCreationIndex } from '@app/projects';
import type { NewSensor } from '@app/sensors';
import {
  PROJECT_PLACES,
  PROJECT_PREFIXES,
  PROJECT_SUBJECTS,
  SENSOR_LOCATIONS,
  SENSOR_TYPES,
} from './demo-catalog';
import { DAY_MS, MINUTE_MS, ONLINE_SHARE, PLATFORM_OVERLAP } from './demo-metric-model';
import { cumulativeWeights, hash32, mulberry32, pickCumulative, unitHash } from './prng';

/** How far back projects go. */
export const PROJECT_SPAN_MS = 730 * DAY_MS;
/** Heartbeats and activity of the live state fall inside this much of the five-minute window. */
export const LIVE_SPREAD_MS = 295_000;

const SALT = {
  project: 101,
  sensor: 102,
  online: 103,
  heartbeat: 104,
  staleSeen: 105,
  user: 201,
} as const;

const TYPE_CUMULATIVE = cumulativeWeights(SENSOR_TYPES.map((entry) => entry.weight));

function pick<T>(items: readonly T[], uniform: number): T {
  return items[Math.floor(uniform * items.length)];
}

/**
 * Project number `seq` of `total` (oldest first): created over the last two years at a growing pace
 * (a few percent in the last week), about 60% live, newer projects less often.
 */
export function demoProject(seq: number, total: number, nowMs: number): NewProject {
  const random = mulberry32(hash32(SALT.project, seq));
  const position = Math.min(1, (seq + random()) / Math.max(1, total));
  const ageMs = Math.max(MINUTE_MS, PROJECT_SPAN_MS * Math.pow(1 - position, 1.5));
  const createdAtMs = Math.floor(nowMs - ageMs);
  const isLive = random() < (ageMs < 7 * DAY_MS ? 0.3 : 0.61);
  const name = `${pick(PROJECT_PREFIXES, random())} ${pick(PROJECT_SUBJECTS, random())} ${pick(PROJECT_PLACES, random())}`;
  const updatedAtMs = Math.floor(createdAtMs + random() * (nowMs - createdAtMs));
  return { name, isLive, createdAtMs, updatedAtMs };
}

/** The projects sensors are attached to, ascending by id (so oldest first when the seeder made them). */
export type ProjectIndex = Pick<ProjectCreationIndex, 'ids' | 'createdAtMs'>;

/**
 * Whether this sensor reports heartbeats when `share` of the fleet does: fixed by its id, and a sensor
 * online at a share is online at every larger one, so the online set follows the model's share smoothly.
 */
export function isOnlineSensor(sensorId: number, share = ONLINE_SHARE): boolean {
  return unitHash(SALT.online, sensorId) < share;
}

/**
 * Where demo user number `user` is active: one platform drawn by the current shares (cumulative), and
 * for about PLATFORM_OVERLAP of users a second one. Fixed by the user's number and the shares.
 */
export function demoUserPlatforms(
  user: number,
  cumulativeShares: readonly number[],
  platforms: readonly string[],
): string[] {
  const random = mulberry32(hash32(SALT.user, user));
  const primary = pickCumulative(cumulativeShares, random());
  const names = [platforms[primary]];
  if (platforms.length > 1 && random() < PLATFORM_OVERLAP) {
    names.push(platforms[(primary + 1 + Math.floor(random() * (platforms.length - 1))) % platforms.length]);
  }
  return names;
}

/** Demo user number `user`'s id, the same in the seeded live state and the demo traffic. */
export const demoUserId = (user: number) => `user-${user}`;

/** The last heartbeat time of an online sensor, inside the online window ending at `nowMs`. */
export function heartbeatAt(sensorId: number, nowMs: number): number {
  return Math.floor(nowMs - unitHash(SALT.heartbeat, sensorId) * LIVE_SPREAD_MS);
}

/**
 * Sensor number `seq` with id `sensorId`: attached to a project with a skew towards older projects (the
 * oldest have hundreds of sensors, the newest a few), installed mostly soon after its project started,
 * of a type drawn from the fleet's skewed mix; online sensors were last seen within five minutes.
 */
export function demoSensor(
  seq: number,
  sensorId: number,
  projects: ProjectIndex,
  nowMs: number,
  onlineShare = ONLINE_SHARE,
): Omit<NewSensor, 'id'> {
  const random = mulberry32(hash32(SALT.sensor, seq));
  const count = projects.ids.length;
  const index = Math.min(count - 1, Math.floor(count * Math.pow(random(), 1.6)));
  const projectCreatedMs = Math.min(projects.createdAtMs[index], nowMs);
  const createdAtMs = Math.floor(projectCreatedMs + Math.pow(random(), 1.5) * (nowMs - projectCreatedMs));
  const kind = SENSOR_TYPES[pickCumulative(TYPE_CUMULATIVE, random())];
  const name = `${pick(SENSOR_LOCATIONS, random())} ${1 + Math.floor(random() * 24)} ${kind.label.toLowerCase()}`;
  let lastSeenAtMs: number | null;
  if (isOnlineSensor(sensorId, onlineShare)) {
    lastSeenAtMs = Math.max(createdAtMs, heartbeatAt(sensorId, nowMs));
  } else {
    // Offline: a fifth never reported; the rest went quiet between ten minutes and a month ago.
    const stale = unitHash(SALT.staleSeen, sensorId);
    const seenMs = Math.floor(nowMs - 10 * MINUTE_MS - Math.pow(stale, 3) * 30 * DAY_MS);
    lastSeenAtMs = stale < 0.2 || seenMs < createdAtMs ? null : seenMs;
  }
  return { projectId: projects.ids[index], type: kind.type, name, lastSeenAtMs, createdAtMs };
}
