import type { FastifyInstance } from 'fastify';
import type { Histogram } from 'prom-client';
import type { RequestLabel } from './prometheus-metrics';

/** The route label of requests no route matched (404s of unknown paths): one series, whatever the URL. */
export const UNMATCHED_ROUTE = '(unmatched)';

type Child = ReturnType<Histogram<RequestLabel>['labels']>;

/**
 * Observes every answer's duration by method, route pattern (never the raw URL, so the label set stays
 * bounded) and status, in an onResponse hook of its own. The labelled child for each route, method and
 * status is made once and kept, so a request costs two map lookups and one observe.
 */
export function installRequestMetrics(fastify: FastifyInstance, histogram: Histogram<RequestLabel>): void {
  // Keyed by the route's config object: one per registered route (and one for the not-found handler).
  const children = new WeakMap<object, Map<string, Map<number, Child>>>();
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions;
    let byMethod = children.get(route.config);
    if (byMethod === undefined) {
      byMethod = new Map();
      children.set(route.config, byMethod);
    }
    let byStatus = byMethod.get(request.method);
    if (byStatus === undefined) {
      byStatus = new Map();
      byMethod.set(request.method, byStatus);
    }
    const status = reply.statusCode;
    let child = byStatus.get(status);
    if (child === undefined) {
      child = histogram.labels(request.method, route.url ?? UNMATCHED_ROUTE, String(status));
      byStatus.set(status, child);
    }
    child.observe(reply.elapsedTime / 1000);
    done();
  });
}
