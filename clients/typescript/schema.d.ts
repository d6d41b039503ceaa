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
    "/api/v1/info": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The version and the windows behind the numbers
         * @description The running version and commit, the windows the live numbers are counted over, the platforms, and how far back each history interval reaches: what a dashboard needs to label and query the rest.
         */
        get: operations["getServiceInfo"];
        put?: never;
        post?: never;
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
         * @description Gauges average, counts sum; null where no sample exists. With `Accept: text/csv` the answer is CSV (RFC 4180, CRLF): a `timestamp,value` header and one row per bucket, the value empty where no sample exists, as an attachment named after the metric, interval and range. Errors stay problem+json.
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
         * @description Event `summary`, whose data is the summary (as GET /api/v1/metrics/summary), at connect and every STREAM_INTERVAL_MS; `id` is its generatedAt in epoch milliseconds; the first event carries `retry: 3000`. A comment line every 15 s keeps the connection open. A reconnect (Last-Event-ID) gets the current summary at once. Each connect counts against the rate limit; each instance takes at most STREAM_MAX_CLIENTS streams and STREAM_MAX_CLIENTS_PER_IP from one address, and ends them when it shuts down.
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
        /**
         * The metrics the history serves
         * @description Every registered metric with its unit and aggregation: the values `type` of the history takes.
         */
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
        /**
         * All platform modules with versions and release info, sorted by name
         * @description Unset fields are null. Cached for MODULES_TTL; answers If-None-Match with 304.
         */
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
        /**
         * One platform module
         * @description Unset fields are null; answers If-None-Match with 304.
         */
        get: operations["getModule"];
        /**
         * Create or replace a module (called by release pipelines)
         * @description The body replaces the whole module: fields left out become null. Clears the cached list.
         */
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
         * @description Counts per type, count descending then type; at most about two SENSOR_BREAKDOWN_TTL old. Cached; answers If-None-Match with 304.
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
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The original design's health check
         * @description 200 when the database and Redis (or the embedded stores) answer within HEALTH_TIMEOUT_MS.
         */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/live": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Liveness probe
         * @description The process answers, and says which version runs. Never touches the database or Redis, so an outage of theirs never restarts it.
         */
        get: operations["getLiveness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Readiness probe
         * @description The database and Redis answer within HEALTH_TIMEOUT_MS and no shutdown has started; 503 otherwise, so a load balancer stops sending traffic.
         */
        get: operations["getReadiness"];
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
        HealthCheckDto: {
            /**
             * @description Every check.
             * @example {
             *       "database": {
             *         "status": "up"
             *       },
             *       "redis": {
             *         "backend": "redis",
             *         "status": "up"
             *       }
             *     }
             */
            details: {
                [key: string]: {
                    /** @enum {string} */
                    status: "up" | "down";
                } & {
                    [key: string]: unknown;
                };
            };
            /**
             * @description The checks that failed.
             * @example {}
             */
            error: {
                [key: string]: {
                    /** @enum {string} */
                    status: "up" | "down";
                } & {
                    [key: string]: unknown;
                };
            };
            /**
             * @description The checks that passed.
             * @example {
             *       "database": {
             *         "status": "up"
             *       },
             *       "redis": {
             *         "backend": "redis",
             *         "status": "up"
             *       }
             *     }
             */
            info: {
                [key: string]: {
                    /** @enum {string} */
                    status: "up" | "down";
                } & {
                    [key: string]: unknown;
                };
            };
            /**
             * @example ok
             * @enum {string}
             */
            status: "ok" | "error" | "shutting_down";
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
        HistoryInfoDto: {
            /** @description Every interval, finest first. */
            intervals: components["schemas"]["HistoryIntervalInfoDto"][];
            /**
             * @description The most points one history answer holds.
             * @example 2000
             */
            maxPoints: number;
            /**
             * @description Samples older than this are deleted (HISTORY_RETENTION_DAYS).
             * @example 90
             */
            retentionDays: number;
        };
        /** @enum {string} */
        HistoryInterval: "1m" | "5m" | "15m" | "30m" | "1h" | "6h" | "12h" | "1d";
        HistoryIntervalInfoDto: {
            /** @example 5m */
            interval: components["schemas"]["HistoryInterval"];
            /**
             * @description The longest `to` − `from` the history answers with this interval: the retention, or less where the point limit comes first.
             * @example 599700
             */
            maxRangeSeconds: number;
            /**
             * @description The bucket's length.
             * @example 300
             */
            seconds: number;
        };
        LivenessDto: {
            details: components["schemas"]["LivenessInfoDto"];
            /**
             * @description Always empty: liveness has no check that can fail while the process answers.
             * @example {}
             */
            error: Record<string, never>;
            info: components["schemas"]["LivenessInfoDto"];
            /**
             * @example ok
             * @enum {string}
             */
            status: "ok";
        };
        LivenessInfoDto: {
            process: components["schemas"]["ProcessCheckDto"];
        };
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
        /**
         * @description A registered metric: GET /api/v1/metrics/types lists them. On this server: `activeUsers`, `activeUsers.web`, `activeUsers.mobile-app1`, `activeUsers.mobile-app2`, `sensorsOnline`, `sensorsOffline`, `liveProjects`, `apiRejections`.
         * @example activeUsers
         */
        MetricType: string;
        MetricTypeDto: {
            aggregation: components["schemas"]["MetricAggregation"];
            /** @example Distinct users active within the window, any platform */
            description: string;
            /**
             * @description The metric's name as people read it.
             * @example Active users
             */
            label: string;
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
        ProcessCheckDto: {
            /**
             * @description The git commit the running code was built from; null when unknown.
             * @example 86be324
             */
            commit: string | null;
            /**
             * @example up
             * @enum {string}
             */
            status: "up";
            /** @example 7 */
            uptimeSeconds: number;
            /**
             * @description The service's version (package.json).
             * @example 1.0.0
             */
            version: string;
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
        ServiceInfoDto: {
            /**
             * @description The git commit the running code was built from; null when unknown.
             * @example 86be324
             */
            commit: string | null;
            history: components["schemas"]["HistoryInfoDto"];
            /**
             * @description The platforms active users are counted on (ACTIVE_USER_PLATFORMS), in order.
             * @example [
             *       "web",
             *       "mobile-app1",
             *       "mobile-app2"
             *     ]
             */
            platforms: string[];
            /**
             * @description The service's version (package.json).
             * @example 1.0.0
             */
            version: string;
            windows: components["schemas"]["ServiceWindowsDto"];
        };
        ServiceWindowsDto: {
            /**
             * @description A user counts as active this long after their last activity (ACTIVE_USER_WINDOW).
             * @example 300
             */
            activeUsersSeconds: number;
            /**
             * @description Rejected requests are counted over the current minute and the ones before it, this long in all.
             * @example 300
             */
            apiRejectionsSeconds: number;
            /**
             * @description New projects are those created within this window.
             * @example 604800
             */
            newProjectsSeconds: number;
            /**
             * @description A sensor counts as online this long after its last heartbeat (SENSOR_ONLINE_WINDOW).
             * @example 300
             */
            sensorOnlineSeconds: number;
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
    headers: {
        /**
         * @description How long the answer may be reused.
         * @example public, max-age=60, must-revalidate
         */
        CacheControl: string;
        /**
         * @description Identifies this answer; send it back as If-None-Match to get a 304.
         * @example "m6tZ2D1WLW1g79JcrN4MuFEalvk"
         */
        ETag: string;
        /**
         * @description Seconds to wait before the next request.
         * @example 42
         */
        RetryAfter: number;
        /**
         * @description The scheme to authenticate with.
         * @example Bearer realm="ingest"
         */
        WWWAuthenticate: string;
        /**
         * @description Requests a client may make per minute (RATE_LIMIT_PER_MINUTE).
         * @example 100
         */
        XRateLimitLimit: number;
        /**
         * @description Requests left in the current minute.
         * @example 97
         */
        XRateLimitRemaining: number;
        /**
         * @description Seconds until the current window ends.
         * @example 42
         */
        XRateLimitReset: number;
        /**
         * @description Your X-Request-Id if it matches ^[A-Za-z0-9._-]{1,64}$, else a fresh UUID; also in the problem document and every log line of the request.
         * @example 0b6f2f7e-3f7c-4a8e-9d8b-2f1a7b0f4c11
         */
        XRequestId: string;
    };
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
                /**
                 * @example {
                 *       "events": [
                 *         {
                 *           "platform": "web",
                 *           "userId": "u-1"
                 *         },
                 *         {
                 *           "platform": "mobile-app1",
                 *           "userId": "u-2"
                 *         }
                 *       ]
                 *     }
                 */
                "application/json": components["schemas"]["RecordActivityDto"];
            };
        };
        responses: {
            /** @description Recorded: how many events counted, and which were refused alone (stale or future) with why */
            202: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["XRateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["XRateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["XRateLimitReset"];
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ActivityAcceptedDto"];
                };
            };
            /** @description The body is not 1-1000 valid events (an unknown platform, a bad `at`); nothing was recorded. */
            400: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["XRateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["XRateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["XRateLimitReset"];
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "detail": "The request has invalid fields: events[0].platform",
                     *       "errors": [
                     *         {
                     *           "field": "events[0].platform",
                     *           "message": "platform must be one of web, mobile-app1, mobile-app2"
                     *         }
                     *       ],
                     *       "instance": "/api/v1/activity",
                     *       "requestId": "0b6f2f7e-3f7c-4a8e-9d8b-2f1a7b0f4c11",
                     *       "status": 400,
                     *       "title": "Bad Request",
                     *       "type": "about:blank"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["ProblemResponseDto"];
                };
            };
            /** @description No ingest key, or one that is not in INGEST_API_KEYS (WWW-Authenticate: Bearer). */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    "X-RateLimit-Limit": components["headers"]["XRateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["XRateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["XRateLimitReset"];
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "detail": "An ingest API key is required: Authorization: Bearer <key> or X-API-Key.",
                     *       "instance": "/api/v1/activity",
                     *       "requestId": "0b6f2f7e-3f7c-4a8e-9d8b-2f1a7b0f4c11",
                     *       "status": 401,
                     *       "title": "Unauthorized",
                     *       "type": "about:blank"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["ProblemResponseDto"];
                };
            };
            /** @description The body did not arrive in full within REQUEST_TIMEOUT_MS (10 s by default); nothing was recorded and the connection is closed. */
            408: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "detail": "The request was not received in full within 10000 ms.",
                     *       "instance": "",
                     *       "requestId": "0b6f2f7e-3f7c-4a8e-9d8b-2f1a7b0f4c11",
                     *       "status": 408,
                     *       "title": "Request Timeout",
                     *       "type": "about:blank"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["ProblemResponseDto"];
                };
            };
            /** @description The body is larger than BODY_LIMIT_BYTES (1 MiB by default); nothing was recorded. */
            413: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["XRateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["XRateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["XRateLimitReset"];
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "detail": "Request body is too large",
                     *       "instance": "/api/v1/activity",
                     *       "requestId": "0b6f2f7e-3f7c-4a8e-9d8b-2f1a7b0f4c11",
                     *       "status": 413,
                     *       "title": "Payload Too Large",
                     *       "type": "about:blank"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["ProblemResponseDto"];
                };
            };
            /** @description The Content-Type is not one the server reads (send application/json); nothing was recorded. */
            415: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["XRateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["XRateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["XRateLimitReset"];
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "detail": "Unsupported Media Type",
                     *       "instance": "/api/v1/activity",
                     *       "requestId": "0b6f2f7e-3f7c-4a8e-9d8b-2f1a7b0f4c11",
                     *       "status": 415,
                     *       "title": "Unsupported Media Type",
                     *       "type": "about:blank"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["ProblemResponseDto"];
                };
            };
            /** @description More than RATE_LIMIT_PER_MINUTE requests from this client this minute; see Retry-After. */
            429: {
                headers: {
                    "Retry-After": components["headers"]["RetryAfter"];
                    "X-RateLimit-Limit": components["headers"]["XRateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["XRateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["XRateLimitReset"];
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "detail": "Too many requests: the limit is 100 a minute per client; retry in 42 s.",
                     *       "instance": "/api/v1/activity",
                     *       "requestId": "0b6f2f7e-3f7c-4a8e-9d8b-2f1a7b0f4c11",
                     *       "status": 429,
                     *       "title": "Too Many Requests",
                     *       "type": "about:blank"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["ProblemResponseDto"];
                };
            };
            /** @description Redis (or, for heartbeats of sensors new to the instance, the database) is unavailable or did not answer in time, or a Redis key holds data of another program: the detail says which, and whether the write may have been recorded. Writes are idempotent: retrying is safe. */
            503: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["XRateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["XRateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["XRateLimitReset"];
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "detail": "Redis is unavailable: nothing was recorded; retry shortly.",
                     *       "instance": "/api/v1/activity",
                     *       "requestId": "0b6f2f7e-3f7c-4a8e-9d8b-2f1a7b0f4c11",
                     *       "status": 503,
                     *       "title": "Service Unavailable",
                     *       "type": "about:blank"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["ProblemResponseDto"];
                };
            };
        };
    };
    getServiceInfo: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The service and its configuration */
            200: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["XRateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["XRateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["XRateLimitReset"];
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServiceInfoDto"];
                };
            };
            /** @description A query parameter was sent: this operation takes none. */
            400: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["XRateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["XRateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["XRateLimitReset"];
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "detail": "The request has invalid fields: limit",
                     *       "errors": [
                     *         {
                     *           "field": "limit",
                     *           "message": "property limit should not exist"
                     *         }
                     *       ],
                     *       "instance": "/api/v1/info",
                     *       "requestId": "0b6f2f7e-3f7c-4a8e-9d8b-2f1a7b0f4c11",
                     *       "status": 400,
                     *       "title": "Bad Request",
                     *       "type": "about:blank"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["ProblemResponseDto"];
                };
            };
            /** @description More than RATE_LIMIT_PER_MINUTE requests from this client this minute; see Retry-After. */
            429: {
                headers: {
                    "Retry-After": components["headers"]["RetryAfter"];
                    "X-RateLimit-Limit": components["headers"]["XRateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["XRateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["XRateLimitReset"];
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "detail": "Too many requests: the limit is 100 a minute per client; retry in 42 s.",
                     *       "instance": "/api/v1/info",
                     *       "requestId": "0b6f2f7e-3f7c-4a8e-9d8b-2f1a7b0f4c11",
                     *       "status": 429,
                     *       "title": "Too Many Requests",
                     *       "type": "about:blank"
                     *     }
                     */
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
                interval?: "1m" | "5m" | "15m" | "30m" | "1h" | "6h" | "12h" | "1d";
                /** @description Start (inclusive, its bucket included); default `to` minus 288 intervals. */
                from?: string;
                /** @description End (its bucket included); default now. */
                to?: string;
                /** @description The original service's name of `type`. */
                metric?: unknown;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One point per bucket, ascending: JSON, or CSV with Accept: text/csv */
            200: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["XRateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["XRateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["XRateLimitReset"];
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MetricHistoryDto"];
                    /**
                     * @example timestamp,value
                     *     2026-11-27T16:00:00.000Z,46
                     *     2026-11-27T17:00:00.000Z,
                     */
                    "text/csv": string;
                };
            };
            /** @description A missing or unknown `type`, a bad `interval`, `from`/`to`, more than 2000 points, or an unknown parameter. */
            400: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["XRateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["XRateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["XRateLimitReset"];
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "detail": "The request has invalid fields: interval",
                     *       "errors": [
                     *         {
                     *           "field": "interval",
                     *           "message": "interval must be one of the following values: 1m, 5m, 15m, 30m, 1h, 6h, 12h, 1d"
                     *         }
                     *       ],
                     *       "instance": "/api/v1/metrics/history",
                     *       "requestId": "0b6f2f7e-3f7c-4a8e-9d8b-2f1a7b0f4c11",
                     *       "status": 400,
                     *       "title": "Bad Request",
                     *       "type": "about:blank"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["ProblemResponseDto"];
                };
            };
            /** @description More than RATE_LIMIT_PER_MINUTE requests from this client this minute; see Retry-After. */
            429: {
                headers: {
                    "Retry-After": components["headers"]["RetryAfter"];
                    "X-RateLimit-Limit": components["headers"]["XRateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["XRateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["XRateLimitReset"];
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "detail": "Too many requests: the limit is 100 a minute per client; retry in 42 s.",
                     *       "instance": "/api/v1/metrics/history",
                     *       "requestId": "0b6f2f7e-3f7c-4a8e-9d8b-2f1a7b0f4c11",
                     *       "status": 429,
                     *       "title": "Too Many Requests",
                     *       "type": "about:blank"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["ProblemResponseDto"];
                };
            };
            /** @description The database is unavailable. */
            503: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["XRateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["XRateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["XRateLimitReset"];
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "detail": "The database is unavailable; try again shortly.",
                     *       "instance": "/api/v1/metrics/history",
                     *       "requestId": "0b6f2f7e-3f7c-4a8e-9d8b-2f1a7b0f4c11",
                     *       "status": 503,
                     *       "title": "Service Unavailable",
                     *       "type": "about:blank"
                     *     }
                     */
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
                    "X-RateLimit-Limit": components["headers"]["XRateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["XRateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["XRateLimitReset"];
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
            /** @description A query parameter was sent: this operation takes none. */
            400: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["XRateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["XRateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["XRateLimitReset"];
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "detail": "The request has invalid fields: limit",
                     *       "errors": [
                     *         {
                     *           "field": "limit",
                     *           "message": "property limit should not exist"
                     *         }
                     *       ],
                     *       "instance": "/api/v1/metrics/stream",
                     *       "requestId": "0b6f2f7e-3f7c-4a8e-9d8b-2f1a7b0f4c11",
                     *       "status": 400,
                     *       "title": "Bad Request",
                     *       "type": "about:blank"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["ProblemResponseDto"];
                };
            };
            /** @description More than RATE_LIMIT_PER_MINUTE requests (each connect counts) from this client this minute, or STREAM_MAX_CLIENTS_PER_IP streams already open from this address on this instance; see Retry-After. */
            429: {
                headers: {
                    "Retry-After": components["headers"]["RetryAfter"];
                    "X-RateLimit-Limit": components["headers"]["XRateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["XRateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["XRateLimitReset"];
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "detail": "This address has 10 streams open on this instance, the most it takes from one address; close one or try again shortly.",
                     *       "instance": "/api/v1/metrics/stream",
                     *       "requestId": "0b6f2f7e-3f7c-4a8e-9d8b-2f1a7b0f4c11",
                     *       "status": 429,
                     *       "title": "Too Many Requests",
                     *       "type": "about:blank"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["ProblemResponseDto"];
                };
            };
            /** @description This instance has STREAM_MAX_CLIENTS streams open, or is shutting down. */
            503: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["XRateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["XRateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["XRateLimitReset"];
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "detail": "This instance serves at most 1000 streams; try again shortly.",
                     *       "instance": "/api/v1/metrics/stream",
                     *       "requestId": "0b6f2f7e-3f7c-4a8e-9d8b-2f1a7b0f4c11",
                     *       "status": 503,
                     *       "title": "Service Unavailable",
                     *       "type": "about:blank"
                     *     }
                     */
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
            /** @description The live numbers, as of generatedAt */
            200: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["XRateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["XRateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["XRateLimitReset"];
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MetricsSummaryDto"];
                };
            };
            /** @description A query parameter was sent: this operation takes none. */
            400: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["XRateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["XRateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["XRateLimitReset"];
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "detail": "The request has invalid fields: limit",
                     *       "errors": [
                     *         {
                     *           "field": "limit",
                     *           "message": "property limit should not exist"
                     *         }
                     *       ],
                     *       "instance": "/api/v1/metrics/summary",
                     *       "requestId": "0b6f2f7e-3f7c-4a8e-9d8b-2f1a7b0f4c11",
                     *       "status": 400,
                     *       "title": "Bad Request",
                     *       "type": "about:blank"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["ProblemResponseDto"];
                };
            };
            /** @description More than RATE_LIMIT_PER_MINUTE requests from this client this minute; see Retry-After. */
            429: {
                headers: {
                    "Retry-After": components["headers"]["RetryAfter"];
                    "X-RateLimit-Limit": components["headers"]["XRateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["XRateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["XRateLimitReset"];
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "detail": "Too many requests: the limit is 100 a minute per client; retry in 42 s.",
                     *       "instance": "/api/v1/metrics/summary",
                     *       "requestId": "0b6f2f7e-3f7c-4a8e-9d8b-2f1a7b0f4c11",
                     *       "status": 429,
                     *       "title": "Too Many Requests",
                     *       "type": "about:blank"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["ProblemResponseDto"];
                };
            };
            /** @description Neither Redis nor the database answers (with one of them down the answer is a 200 naming it in `degraded`). */
            503: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["XRateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["XRateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["XRateLimitReset"];
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "detail": "Neither Redis nor the database is reachable.",
                     *       "instance": "/api/v1/metrics/summary",
                     *       "requestId": "0b6f2f7e-3f7c-4a8e-9d8b-2f1a7b0f4c11",
                     *       "status": 503,
                     *       "title": "Service Unavailable",
                     *       "type": "about:blank"
                     *     }
                     */
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
            /** @description The registered metrics */
            200: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["XRateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["XRateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["XRateLimitReset"];
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MetricTypeListDto"];
                };
            };
            /** @description A query parameter was sent: this operation takes none. */
            400: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["XRateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["XRateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["XRateLimitReset"];
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "detail": "The request has invalid fields: limit",
                     *       "errors": [
                     *         {
                     *           "field": "limit",
                     *           "message": "property limit should not exist"
                     *         }
                     *       ],
                     *       "instance": "/api/v1/metrics/types",
                     *       "requestId": "0b6f2f7e-3f7c-4a8e-9d8b-2f1a7b0f4c11",
                     *       "status": 400,
                     *       "title": "Bad Request",
                     *       "type": "about:blank"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["ProblemResponseDto"];
                };
            };
            /** @description More than RATE_LIMIT_PER_MINUTE requests from this client this minute; see Retry-After. */
            429: {
                headers: {
                    "Retry-After": components["headers"]["RetryAfter"];
                    "X-RateLimit-Limit": components["headers"]["XRateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["XRateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["XRateLimitReset"];
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "detail": "Too many requests: the limit is 100 a minute per client; retry in 42 s.",
                     *       "instance": "/api/v1/metrics/types",
                     *       "requestId": "0b6f2f7e-3f7c-4a8e-9d8b-2f1a7b0f4c11",
                     *       "status": 429,
                     *       "title": "Too Many Requests",
                     *       "type": "about:blank"
                     *     }
                     */
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
            /** @description Every module, sorted by name */
            200: {
                headers: {
                    "Cache-Control": components["headers"]["CacheControl"];
                    ETag: components["headers"]["ETag"];
                    "X-RateLimit-Limit": components["headers"]["XRateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["XRateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["XRateLimitReset"];
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PlatformModuleListDto"];
                };
            };
            /** @description The ETag sent as If-None-Match is still current: no body. */
            304: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description A query parameter was sent: this operation takes none. */
            400: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["XRateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["XRateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["XRateLimitReset"];
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "detail": "The request has invalid fields: limit",
                     *       "errors": [
                     *         {
                     *           "field": "limit",
                     *           "message": "property limit should not exist"
                     *         }
                     *       ],
                     *       "instance": "/api/v1/modules",
                     *       "requestId": "0b6f2f7e-3f7c-4a8e-9d8b-2f1a7b0f4c11",
                     *       "status": 400,
                     *       "title": "Bad Request",
                     *       "type": "about:blank"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["ProblemResponseDto"];
                };
            };
            /** @description More than RATE_LIMIT_PER_MINUTE requests from this client this minute; see Retry-After. */
            429: {
                headers: {
                    "Retry-After": components["headers"]["RetryAfter"];
                    "X-RateLimit-Limit": components["headers"]["XRateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["XRateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["XRateLimitReset"];
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "detail": "Too many requests: the limit is 100 a minute per client; retry in 42 s.",
                     *       "instance": "/api/v1/modules",
                     *       "requestId": "0b6f2f7e-3f7c-4a8e-9d8b-2f1a7b0f4c11",
                     *       "status": 429,
                     *       "title": "Too Many Requests",
                     *       "type": "about:blank"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["ProblemResponseDto"];
                };
            };
            /** @description The database is unavailable and no cached list is left. */
            503: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["XRateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["XRateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["XRateLimitReset"];
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "detail": "The database is unavailable; try again shortly.",
                     *       "instance": "/api/v1/modules",
                     *       "requestId": "0b6f2f7e-3f7c-4a8e-9d8b-2f1a7b0f4c11",
                     *       "status": 503,
                     *       "title": "Service Unavailable",
                     *       "type": "about:blank"
                     *     }
                     */
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
            /** @description The module */
            200: {
                headers: {
                    "Cache-Control": components["headers"]["CacheControl"];
                    ETag: components["headers"]["ETag"];
                    "X-RateLimit-Limit": components["headers"]["XRateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["XRateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["XRateLimitReset"];
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PlatformModuleDto"];
                };
            };
            /** @description The ETag sent as If-None-Match is still current: no body. */
            304: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The name is not 1-100 lowercase letters, digits, ".", "_" or "-", or a query parameter was sent. */
            400: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["XRateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["XRateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["XRateLimitReset"];
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "detail": "The request has invalid fields: name",
                     *       "errors": [
                     *         {
                     *           "field": "name",
                     *           "message": "name must be 1-100 lowercase letters, digits, \".\", \"_\" or \"-\", starting with a letter or digit"
                     *         }
                     *       ],
                     *       "instance": "/api/v1/modules/{name}",
                     *       "requestId": "0b6f2f7e-3f7c-4a8e-9d8b-2f1a7b0f4c11",
                     *       "status": 400,
                     *       "title": "Bad Request",
                     *       "type": "about:blank"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["ProblemResponseDto"];
                };
            };
            /** @description No module has this name. */
            404: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["XRateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["XRateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["XRateLimitReset"];
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "detail": "No module named \"billing\".",
                     *       "instance": "/api/v1/modules/{name}",
                     *       "requestId": "0b6f2f7e-3f7c-4a8e-9d8b-2f1a7b0f4c11",
                     *       "status": 404,
                     *       "title": "Not Found",
                     *       "type": "about:blank"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["ProblemResponseDto"];
                };
            };
            /** @description The name is longer than 1,000 characters (refused before validation). */
            414: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "detail": "A path segment is longer than 1000 characters.",
                     *       "instance": "",
                     *       "requestId": "0b6f2f7e-3f7c-4a8e-9d8b-2f1a7b0f4c11",
                     *       "status": 414,
                     *       "title": "URI Too Long",
                     *       "type": "about:blank"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["ProblemResponseDto"];
                };
            };
            /** @description More than RATE_LIMIT_PER_MINUTE requests from this client this minute; see Retry-After. */
            429: {
                headers: {
                    "Retry-After": components["headers"]["RetryAfter"];
                    "X-RateLimit-Limit": components["headers"]["XRateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["XRateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["XRateLimitReset"];
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "detail": "Too many requests: the limit is 100 a minute per client; retry in 42 s.",
                     *       "instance": "/api/v1/modules/{name}",
                     *       "requestId": "0b6f2f7e-3f7c-4a8e-9d8b-2f1a7b0f4c11",
                     *       "status": 429,
                     *       "title": "Too Many Requests",
                     *       "type": "about:blank"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["ProblemResponseDto"];
                };
            };
            /** @description The database is unavailable. */
            503: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["XRateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["XRateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["XRateLimitReset"];
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "detail": "The database is unavailable; try again shortly.",
                     *       "instance": "/api/v1/modules/{name}",
                     *       "requestId": "0b6f2f7e-3f7c-4a8e-9d8b-2f1a7b0f4c11",
                     *       "status": 503,
                     *       "title": "Service Unavailable",
                     *       "type": "about:blank"
                     *     }
                     */
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
                /**
                 * @example {
                 *       "currentVersion": "2.4.1",
                 *       "lastDeployedAt": "2026-11-20T14:03:00Z",
                 *       "releaseNotes": "Faster invoices; new VAT rules.",
                 *       "upcomingReleaseDate": "2026-12-04",
                 *       "upcomingVersion": "2.5.0"
                 *     }
                 */
                "application/json": components["schemas"]["UpsertPlatformModuleDto"];
            };
        };
        responses: {
            /** @description Replaced an existing module */
            200: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["XRateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["XRateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["XRateLimitReset"];
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PlatformModuleDto"];
                };
            };
            /** @description Created the module */
            201: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["XRateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["XRateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["XRateLimitReset"];
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PlatformModuleDto"];
                };
            };
            /** @description A bad name or field; nothing was stored. */
            400: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["XRateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["XRateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["XRateLimitReset"];
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "detail": "The request has invalid fields: currentVersion",
                     *       "errors": [
                     *         {
                     *           "field": "currentVersion",
                     *           "message": "currentVersion must be a version like 2.4.1 (letters, digits, . + _ -; at most 64)"
                     *         }
                     *       ],
                     *       "instance": "/api/v1/modules/{name}",
                     *       "requestId": "0b6f2f7e-3f7c-4a8e-9d8b-2f1a7b0f4c11",
                     *       "status": 400,
                     *       "title": "Bad Request",
                     *       "type": "about:blank"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["ProblemResponseDto"];
                };
            };
            /** @description No ingest key, or one that is not in INGEST_API_KEYS (WWW-Authenticate: Bearer). */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    "X-RateLimit-Limit": components["headers"]["XRateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["XRateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["XRateLimitReset"];
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "detail": "An ingest API key is required: Authorization: Bearer <key> or X-API-Key.",
                     *       "instance": "/api/v1/modules/{name}",
                     *       "requestId": "0b6f2f7e-3f7c-4a8e-9d8b-2f1a7b0f4c11",
                     *       "status": 401,
                     *       "title": "Unauthorized",
                     *       "type": "about:blank"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["ProblemResponseDto"];
                };
            };
            /** @description The body did not arrive in full within REQUEST_TIMEOUT_MS (10 s by default); nothing was recorded and the connection is closed. */
            408: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "detail": "The request was not received in full within 10000 ms.",
                     *       "instance": "",
                     *       "requestId": "0b6f2f7e-3f7c-4a8e-9d8b-2f1a7b0f4c11",
                     *       "status": 408,
                     *       "title": "Request Timeout",
                     *       "type": "about:blank"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["ProblemResponseDto"];
                };
            };
            /** @description The body is larger than BODY_LIMIT_BYTES (1 MiB by default); nothing was recorded. */
            413: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["XRateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["XRateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["XRateLimitReset"];
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "detail": "Request body is too large",
                     *       "instance": "/api/v1/modules/{name}",
                     *       "requestId": "0b6f2f7e-3f7c-4a8e-9d8b-2f1a7b0f4c11",
                     *       "status": 413,
                     *       "title": "Payload Too Large",
                     *       "type": "about:blank"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["ProblemResponseDto"];
                };
            };
            /** @description The name is longer than 1,000 characters (refused before validation). */
            414: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "detail": "A path segment is longer than 1000 characters.",
                     *       "instance": "",
                     *       "requestId": "0b6f2f7e-3f7c-4a8e-9d8b-2f1a7b0f4c11",
                     *       "status": 414,
                     *       "title": "URI Too Long",
                     *       "type": "about:blank"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["ProblemResponseDto"];
                };
            };
            /** @description The Content-Type is not one the server reads (send application/json); nothing was recorded. */
            415: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["XRateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["XRateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["XRateLimitReset"];
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "detail": "Unsupported Media Type",
                     *       "instance": "/api/v1/modules/{name}",
                     *       "requestId": "0b6f2f7e-3f7c-4a8e-9d8b-2f1a7b0f4c11",
                     *       "status": 415,
                     *       "title": "Unsupported Media Type",
                     *       "type": "about:blank"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["ProblemResponseDto"];
                };
            };
            /** @description More than RATE_LIMIT_PER_MINUTE requests from this client this minute; see Retry-After. */
            429: {
                headers: {
                    "Retry-After": components["headers"]["RetryAfter"];
                    "X-RateLimit-Limit": components["headers"]["XRateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["XRateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["XRateLimitReset"];
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "detail": "Too many requests: the limit is 100 a minute per client; retry in 42 s.",
                     *       "instance": "/api/v1/modules/{name}",
                     *       "requestId": "0b6f2f7e-3f7c-4a8e-9d8b-2f1a7b0f4c11",
                     *       "status": 429,
                     *       "title": "Too Many Requests",
                     *       "type": "about:blank"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["ProblemResponseDto"];
                };
            };
            /** @description The database is unavailable; nothing was stored. */
            503: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["XRateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["XRateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["XRateLimitReset"];
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "detail": "The database is unavailable; try again shortly.",
                     *       "instance": "/api/v1/modules/{name}",
                     *       "requestId": "0b6f2f7e-3f7c-4a8e-9d8b-2f1a7b0f4c11",
                     *       "status": 503,
                     *       "title": "Service Unavailable",
                     *       "type": "about:blank"
                     *     }
                     */
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
                /**
                 * @example {
                 *       "sensorIds": [
                 *         1,
                 *         2,
                 *         3
                 *       ]
                 *     }
                 */
                "application/json": components["schemas"]["RecordHeartbeatsDto"];
            };
        };
        responses: {
            /** @description Recorded for the known sensors; unknown ids are listed back */
            202: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["XRateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["XRateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["XRateLimitReset"];
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HeartbeatsAcceptedDto"];
                };
            };
            /** @description The body is not 1-1000 sensor ids; nothing was recorded. */
            400: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["XRateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["XRateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["XRateLimitReset"];
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "detail": "The request has invalid fields: sensorIds",
                     *       "errors": [
                     *         {
                     *           "field": "sensorIds",
                     *           "message": "each value in sensorIds must be an integer number"
                     *         }
                     *       ],
                     *       "instance": "/api/v1/sensors/heartbeats",
                     *       "requestId": "0b6f2f7e-3f7c-4a8e-9d8b-2f1a7b0f4c11",
                     *       "status": 400,
                     *       "title": "Bad Request",
                     *       "type": "about:blank"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["ProblemResponseDto"];
                };
            };
            /** @description No ingest key, or one that is not in INGEST_API_KEYS (WWW-Authenticate: Bearer). */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    "X-RateLimit-Limit": components["headers"]["XRateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["XRateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["XRateLimitReset"];
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "detail": "An ingest API key is required: Authorization: Bearer <key> or X-API-Key.",
                     *       "instance": "/api/v1/sensors/heartbeats",
                     *       "requestId": "0b6f2f7e-3f7c-4a8e-9d8b-2f1a7b0f4c11",
                     *       "status": 401,
                     *       "title": "Unauthorized",
                     *       "type": "about:blank"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["ProblemResponseDto"];
                };
            };
            /** @description The body did not arrive in full within REQUEST_TIMEOUT_MS (10 s by default); nothing was recorded and the connection is closed. */
            408: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "detail": "The request was not received in full within 10000 ms.",
                     *       "instance": "",
                     *       "requestId": "0b6f2f7e-3f7c-4a8e-9d8b-2f1a7b0f4c11",
                     *       "status": 408,
                     *       "title": "Request Timeout",
                     *       "type": "about:blank"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["ProblemResponseDto"];
                };
            };
            /** @description The body is larger than BODY_LIMIT_BYTES (1 MiB by default); nothing was recorded. */
            413: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["XRateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["XRateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["XRateLimitReset"];
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "detail": "Request body is too large",
                     *       "instance": "/api/v1/sensors/heartbeats",
                     *       "requestId": "0b6f2f7e-3f7c-4a8e-9d8b-2f1a7b0f4c11",
                     *       "status": 413,
                     *       "title": "Payload Too Large",
                     *       "type": "about:blank"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["ProblemResponseDto"];
                };
            };
            /** @description The Content-Type is not one the server reads (send application/json); nothing was recorded. */
            415: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["XRateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["XRateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["XRateLimitReset"];
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "detail": "Unsupported Media Type",
                     *       "instance": "/api/v1/sensors/heartbeats",
                     *       "requestId": "0b6f2f7e-3f7c-4a8e-9d8b-2f1a7b0f4c11",
                     *       "status": 415,
                     *       "title": "Unsupported Media Type",
                     *       "type": "about:blank"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["ProblemResponseDto"];
                };
            };
            /** @description More than RATE_LIMIT_PER_MINUTE requests from this client this minute; see Retry-After. */
            429: {
                headers: {
                    "Retry-After": components["headers"]["RetryAfter"];
                    "X-RateLimit-Limit": components["headers"]["XRateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["XRateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["XRateLimitReset"];
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "detail": "Too many requests: the limit is 100 a minute per client; retry in 42 s.",
                     *       "instance": "/api/v1/sensors/heartbeats",
                     *       "requestId": "0b6f2f7e-3f7c-4a8e-9d8b-2f1a7b0f4c11",
                     *       "status": 429,
                     *       "title": "Too Many Requests",
                     *       "type": "about:blank"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["ProblemResponseDto"];
                };
            };
            /** @description Redis (or, for heartbeats of sensors new to the instance, the database) is unavailable or did not answer in time, or a Redis key holds data of another program: the detail says which, and whether the write may have been recorded. Writes are idempotent: retrying is safe. */
            503: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["XRateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["XRateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["XRateLimitReset"];
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "detail": "Redis is unavailable: nothing was recorded; retry shortly.",
                     *       "instance": "/api/v1/sensors/heartbeats",
                     *       "requestId": "0b6f2f7e-3f7c-4a8e-9d8b-2f1a7b0f4c11",
                     *       "status": 503,
                     *       "title": "Service Unavailable",
                     *       "type": "about:blank"
                     *     }
                     */
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
            /** @description Every sensor type with its count */
            200: {
                headers: {
                    "Cache-Control": components["headers"]["CacheControl"];
                    ETag: components["headers"]["ETag"];
                    "X-RateLimit-Limit": components["headers"]["XRateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["XRateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["XRateLimitReset"];
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SensorTypeBreakdownDto"];
                };
            };
            /** @description The ETag sent as If-None-Match is still current: no body. */
            304: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description A query parameter was sent: this operation takes none. */
            400: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["XRateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["XRateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["XRateLimitReset"];
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "detail": "The request has invalid fields: limit",
                     *       "errors": [
                     *         {
                     *           "field": "limit",
                     *           "message": "property limit should not exist"
                     *         }
                     *       ],
                     *       "instance": "/api/v1/sensors/type-breakdown",
                     *       "requestId": "0b6f2f7e-3f7c-4a8e-9d8b-2f1a7b0f4c11",
                     *       "status": 400,
                     *       "title": "Bad Request",
                     *       "type": "about:blank"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["ProblemResponseDto"];
                };
            };
            /** @description More than RATE_LIMIT_PER_MINUTE requests from this client this minute; see Retry-After. */
            429: {
                headers: {
                    "Retry-After": components["headers"]["RetryAfter"];
                    "X-RateLimit-Limit": components["headers"]["XRateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["XRateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["XRateLimitReset"];
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "detail": "Too many requests: the limit is 100 a minute per client; retry in 42 s.",
                     *       "instance": "/api/v1/sensors/type-breakdown",
                     *       "requestId": "0b6f2f7e-3f7c-4a8e-9d8b-2f1a7b0f4c11",
                     *       "status": 429,
                     *       "title": "Too Many Requests",
                     *       "type": "about:blank"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["ProblemResponseDto"];
                };
            };
            /** @description The database is unavailable and no cached answer is left. */
            503: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["XRateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["XRateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["XRateLimitReset"];
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "detail": "The database is unavailable; try again shortly.",
                     *       "instance": "/api/v1/sensors/type-breakdown",
                     *       "requestId": "0b6f2f7e-3f7c-4a8e-9d8b-2f1a7b0f4c11",
                     *       "status": 503,
                     *       "title": "Service Unavailable",
                     *       "type": "about:blank"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["ProblemResponseDto"];
                };
            };
        };
    };
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Both stores answer */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HealthCheckDto"];
                };
            };
            /** @description A query parameter was sent: probes take none. */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "detail": "The request has invalid fields: limit",
                     *       "errors": [
                     *         {
                     *           "field": "limit",
                     *           "message": "property limit should not exist"
                     *         }
                     *       ],
                     *       "instance": "/health",
                     *       "requestId": "0b6f2f7e-3f7c-4a8e-9d8b-2f1a7b0f4c11",
                     *       "status": 400,
                     *       "title": "Bad Request",
                     *       "type": "about:blank"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["ProblemResponseDto"];
                };
            };
            /** @description A store does not answer: named in `error` */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HealthCheckDto"];
                };
            };
        };
    };
    getLiveness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The process is alive */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LivenessDto"];
                };
            };
            /** @description A query parameter was sent: probes take none. */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "detail": "The request has invalid fields: limit",
                     *       "errors": [
                     *         {
                     *           "field": "limit",
                     *           "message": "property limit should not exist"
                     *         }
                     *       ],
                     *       "instance": "/health/live",
                     *       "requestId": "0b6f2f7e-3f7c-4a8e-9d8b-2f1a7b0f4c11",
                     *       "status": 400,
                     *       "title": "Bad Request",
                     *       "type": "about:blank"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["ProblemResponseDto"];
                };
            };
        };
    };
    getReadiness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Ready for traffic */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HealthCheckDto"];
                };
            };
            /** @description A query parameter was sent: probes take none. */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "detail": "The request has invalid fields: limit",
                     *       "errors": [
                     *         {
                     *           "field": "limit",
                     *           "message": "property limit should not exist"
                     *         }
                     *       ],
                     *       "instance": "/health/ready",
                     *       "requestId": "0b6f2f7e-3f7c-4a8e-9d8b-2f1a7b0f4c11",
                     *       "status": 400,
                     *       "title": "Bad Request",
                     *       "type": "about:blank"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["ProblemResponseDto"];
                };
            };
            /** @description A store does not answer, or the instance is shutting down: named in `error` */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HealthCheckDto"];
                };
            };
        };
    };
}
