/**
 * The types of the realtime-analytics API, generated from openapi/openapi.json by `npm run openapi`.
 * Do not edit: change the API, then regenerate.
 */

export interface paths {
    "/api/v1/activity": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record user activity
         * @description 1-1000 events; stale or future events are listed back.
         */
        post: operations["recordActivity"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/metrics/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One metric over time, in UTC-aligned buckets
         * @description Gauges average, counts sum; null where no sample exists.
         */
        get: operations["getHistory"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/metrics/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The live numbers as server-sent events
         * @description Event `summary`, whose data is the summary (as GET /api/v1/metrics/summary), at connect and every STREAM_INTERVAL_MS; `id` is its generatedAt in epoch milliseconds; the first event carries `retry: 3000`. A comment line every 15 s keeps the connection open. A reconnect (Last-Event-ID) gets the current summary at once. Not rate limited; each instance takes at most STREAM_MAX_CLIENTS streams, and ends them when it shuts down.
         */
        get: operations["streamSummary"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/metrics/summary": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The live numbers
         * @description Fields a store could not give are null and named in `degraded`.
         */
        get: operations["getSummary"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/metrics/types": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The metrics the history serves */
        get: operations["getMetricTypes"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/modules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** All platform modules with versions and release info, sorted by name */
        get: operations["listModules"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/modules/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One platform module */
        get: operations["getModule"];
        /** Create or replace a module (called by release pipelines) */
        put: operations["upsertModule"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sensors/heartbeats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record sensor heartbeats
         * @description Unknown ids are listed back, not stored.
         */
        post: operations["recordHeartbeats"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sensors/type-breakdown": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Sensors by type
         * @description Cached; answers If-None-Match with 304.
         */
        get: operations["getSensorTypeBreakdown"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        ActivityAcceptedDto: {
            /** @example 3 */
            accepted: number;
            rejected: components["schemas"]["RejectedEventDto"][];
        };
        ActivityEventDto: {
            /**
             * Format: date-time
             * @description When the user was active (ISO-8601 with offset); default now. Future or older than the window: rejected.
             * @example 2026-11-27T20:00:00Z
             */
            at?: string;
            /**
             * @description One of ACTIVE_USER_PLATFORMS (default web, mobile-app1, mobile-app2).
             * @example web
             */
            platform: string;
            /**
             * @description Any stable user identifier, 1-128 characters.
             * @example u-1
             */
            userId: string;
        };
        /**
         * @description The stores that could not be read for this answer; empty when all is well.
         * @enum {string}
         */
        DegradedDependency: "redis" | "database";
        FieldErrorDto: {
            /**
             * @description Path of the offending input, e.g. `interval` or `events[3].platform`.
             * @example interval
             */
            field: string;
            /**
             * @description The rule it broke.
             * @example interval must be one of the following values: 1m, 5m, 15m, 30m, 1h, 6h, 12h, 1d
             */
            message: string;
        };
        HeartbeatsAcceptedDto: {
            /**
             * @description Distinct known sensors whose heartbeat was recorded.
             * @example 3
             */
            accepted: number;
            /**
             * @description Ids that match no sensor; nothing was stored for them.
             * @example []
             */
            unknown: number[];
        };
        /** @enum {string} */
        HistoryInterval: "1m" | "5m" | "15m" | "30m" | "1h" | "6h" | "12h" | "1d";
        /** @enum {string} */
        MetricAggregation: "avg" | "sum";
        MetricHistoryDto: {
            aggregation: components["schemas"]["MetricAggregation"];
            /** Format: date-time */
            from: string;
            interval: components["schemas"]["HistoryInterval"];
            /** @example activeUsers */
            metricType: string;
            /** @description One per bucket from the one holding `from` to the one holding `to`, ascending. */
            points: components["schemas"]["MetricPointDto"][];
            /** Format: date-time */
            to: string;
            /** @example users */
            unit: string;
        };
        MetricPointDto: {
            /**
             * Format: date-time
             * @description Bucket start, UTC.
             * @example 2026-11-27T20:00:00.000Z
             */
            timestamp: string;
            /**
             * @description The bucket's aggregate; null where no sample exists.
             * @example 1204.4
             */
            value: number | null;
        };
        /** @enum {string} */
        MetricType: "activeUsers" | "activeUsers.web" | "activeUsers.mobile-app1" | "activeUsers.mobile-app2" | "sensorsOnline" | "sensorsOffline" | "liveProjects" | "apiRejections";
        MetricTypeDto: {
            aggregation: components["schemas"]["MetricAggregation"];
            /** @example Distinct users active within the window, any platform */
            description: string;
            /** @example activeUsers */
            type: string;
            /** @example users */
            unit: string;
        };
        MetricTypeListDto: {
            items: components["schemas"]["MetricTypeDto"][];
        };
        MetricsSummaryDto: {
            /**
             * @description Distinct users active within ACTIVE_USER_WINDOW on any platform; null when Redis is unavailable.
             * @example 1342
             */
            activeUsers: number | null;
            /**
             * @description Active users per configured platform, every platform present (0 when none); null when Redis is unavailable.
             * @example {
             *       "mobile-app1": 310,
             *       "mobile-app2": 160,
             *       "web": 900
             *     }
             */
            activeUsersByPlatform: {
                [key: string]: number;
            } | null;
            /**
             * @description 4xx answers in the current minute and the four before it; null when Redis is unavailable.
             * @example 17
             */
            apiRejectedCount: number | null;
            /**
             * @description The stores that could not be read for this answer; empty when all is well.
             * @example []
             */
            degraded: components["schemas"]["DegradedDependency"][];
            /**
             * Format: date-time
             * @example 2026-11-27T20:05:13.123Z
             */
            generatedAt: string;
            /**
             * @description Projects created within the last 7 x 24 h; null when the database is unavailable.
             * @example 42
             */
            newProjectsLast7Days: number | null;
            /**
             * @description All sensors minus the online ones; null when either store is unavailable.
             * @example 130000
             */
            sensorsOffline: number | null;
            /**
             * @description Sensors with a heartbeat within SENSOR_ONLINE_WINDOW; null when Redis is unavailable.
             * @example 870000
             */
            sensorsOnline: number | null;
            /**
             * @description Projects marked live; null when the database is unavailable.
             * @example 5120
             */
            totalLiveProjects: number | null;
        };
        PlatformModuleDto: {
            /** @example 2.4.1 */
            currentVersion: string;
            /**
             * Format: date-time
             * @example 2026-11-20T14:03:00.000Z
             */
            lastDeployedAt: string | null;
            /** @example billing */
            name: string;
            /** @example Faster invoices; new VAT rules. */
            releaseNotes: string | null;
            /**
             * Format: date
             * @description Calendar date (UTC) of the next release.
             * @example 2026-12-04
             */
            upcomingReleaseDate: string | null;
            /** @example 2.5.0 */
            upcomingVersion: string | null;
        };
        PlatformModuleListDto: {
            /** @description Sorted by name. */
            items: components["schemas"]["PlatformModuleDto"][];
        };
        ProblemResponseDto: {
            /** @example The request has invalid fields: interval */
            detail: string;
            errors?: components["schemas"]["FieldErrorDto"][];
            /**
             * @description The path of the request that failed.
             * @example /api/v1/metrics/history
             */
            instance: string;
            /**
             * @description Also sent as the X-Request-Id header and in every log line of the request.
             * @example 0b6f2f7e-3f7c-4a8e-9d8b-2f1a7b0f4c11
             */
            requestId: string;
            /** @example 400 */
            status: number;
            /** @example Bad Request */
            title: string;
            /** @example about:blank */
            type: string;
        };
        RecordActivityDto: {
            events: components["schemas"]["ActivityEventDto"][];
        };
        RecordHeartbeatsDto: {
            /**
             * @description Ids of the sensors that reported in, 1 to 1000 per request.
             * @example [
             *       1,
             *       2,
             *       3
             *     ]
             */
            sensorIds: number[];
        };
        RejectedEventDto: {
            /**
             * @description Position of the event in the request's `events`.
             * @example 2
             */
            index: number;
            /** @example at is in the future */
            reason: string;
        };
        SensorTypeBreakdownDto: {
            /**
             * @description All sensors, of every type.
             * @example 1000000
             */
            total: number;
            /** @description Count descending, then type ascending. */
            types: components["schemas"]["SensorTypeCountDto"][];
        };
        SensorTypeCountDto: {
            /** @example 51234 */
            count: number;
            /** @example temperature */
            type: string;
        };
        UpsertPlatformModuleDto: {
            /** @example 2.4.1 */
            currentVersion: string;
            /**
             * Format: date-time
             * @example 2026-11-20T14:03:00Z
             */
            lastDeployedAt?: string | null;
            releaseNotes?: string | null;
            /**
             * Format: date
             * @example 2026-12-04
             */
            upcomingReleaseDate?: string | null;
            /** @example 2.5.0 */
            upcomingVersion?: string | null;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    recordActivity: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RecordActivityDto"];
            };
        };
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ActivityAcceptedDto"];
                };
            };
            /** @description Invalid input; nothing was recorded */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemResponseDto"];
                };
            };
            /** @description Missing or invalid ingest key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemResponseDto"];
                };
            };
            /** @description Rate limited: see Retry-After and the X-RateLimit-* headers */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemResponseDto"];
                };
            };
            /** @description Redis is unavailable; nothing was recorded */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemResponseDto"];
                };
            };
        };
    };
    getHistory: {
        parameters: {
            query: {
                /** @description A registered metric; GET /api/v1/metrics/types lists them. */
                type: components["schemas"]["MetricType"];
                interval?: components["schemas"]["HistoryInterval"];
                /** @description Start (inclusive, its bucket included); default `to` minus 288 intervals. */
                from?: string;
                /** @description End (its bucket included); default now. */
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MetricHistoryDto"];
                };
            };
            /** @description Invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemResponseDto"];
                };
            };
            /** @description Rate limited: see Retry-After and the X-RateLimit-* headers */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemResponseDto"];
                };
            };
            /** @description The stores this answer needs are unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemResponseDto"];
                };
            };
        };
    };
    streamSummary: {
        parameters: {
            query?: never;
            header?: {
                /** @description Sent by a reconnecting EventSource; the current summary follows at once. */
                "Last-Event-ID"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A stream of `summary` events */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
            /** @description Invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemResponseDto"];
                };
            };
            /** @description Rate limited: see Retry-After and the X-RateLimit-* headers */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemResponseDto"];
                };
            };
            /** @description This instance has STREAM_MAX_CLIENTS streams open, or is shutting down */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemResponseDto"];
                };
            };
        };
    };
    getSummary: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MetricsSummaryDto"];
                };
            };
            /** @description Invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemResponseDto"];
                };
            };
            /** @description Rate limited: see Retry-After and the X-RateLimit-* headers */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemResponseDto"];
                };
            };
            /** @description The stores this answer needs are unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemResponseDto"];
                };
            };
        };
    };
    getMetricTypes: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MetricTypeListDto"];
                };
            };
            /** @description Invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemResponseDto"];
                };
            };
            /** @description Rate limited: see Retry-After and the X-RateLimit-* headers */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemResponseDto"];
                };
            };
            /** @description The stores this answer needs are unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemResponseDto"];
                };
            };
        };
    };
    listModules: {
        parameters: {
            query?: never;
            header?: {
                /** @description An ETag from an earlier answer */
                "If-None-Match"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PlatformModuleListDto"];
                };
            };
            /** @description Not modified: the ETag still matches */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemResponseDto"];
                };
            };
            /** @description Rate limited: see Retry-After and the X-RateLimit-* headers */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemResponseDto"];
                };
            };
        };
    };
    getModule: {
        parameters: {
            query?: never;
            header?: {
                /** @description An ETag from an earlier answer */
                "If-None-Match"?: string;
            };
            path: {
                /** @description Lowercase letters, digits, `.`, `_` and `-`, starting with a letter or digit; at most 100. */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PlatformModuleDto"];
                };
            };
            /** @description Not modified: the ETag still matches */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemResponseDto"];
                };
            };
            /** @description No such module */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemResponseDto"];
                };
            };
            /** @description Rate limited: see Retry-After and the X-RateLimit-* headers */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemResponseDto"];
                };
            };
        };
    };
    upsertModule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Lowercase letters, digits, `.`, `_` and `-`, starting with a letter or digit; at most 100. */
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpsertPlatformModuleDto"];
            };
        };
        responses: {
            /** @description Replaced */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PlatformModuleDto"];
                };
            };
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PlatformModuleDto"];
                };
            };
            /** @description Invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemResponseDto"];
                };
            };
            /** @description Missing or invalid ingest key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemResponseDto"];
                };
            };
            /** @description Rate limited: see Retry-After and the X-RateLimit-* headers */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemResponseDto"];
                };
            };
        };
    };
    recordHeartbeats: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RecordHeartbeatsDto"];
            };
        };
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HeartbeatsAcceptedDto"];
                };
            };
            /** @description Invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemResponseDto"];
                };
            };
            /** @description Missing or invalid ingest key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemResponseDto"];
                };
            };
            /** @description Rate limited: see Retry-After and the X-RateLimit-* headers */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemResponseDto"];
                };
            };
            /** @description The live store (Redis) cannot record heartbeats now */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemResponseDto"];
                };
            };
        };
    };
    getSensorTypeBreakdown: {
        parameters: {
            query?: never;
            header?: {
                /** @description An ETag from an earlier answer */
                "If-None-Match"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SensorTypeBreakdownDto"];
                };
            };
            /** @description Not modified: the ETag still matches */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemResponseDto"];
                };
            };
            /** @description Rate limited: see Retry-After and the X-RateLimit-* headers */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemResponseDto"];
                };
            };
        };
    };
}
