import { loadAll } from 'js-yaml';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * deploy/kubernetes.yaml against the Kubernetes API schemas (kubernetes-models, offline: no cluster), plus
 * what the example promises: the autoscaler drives the Deployment, pods spread over zones and nodes, the
 * scale-out settings reach the container, and a shutdown fits in the pod's grace period.
 */
interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec?: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  data?: Record<string, string>;
}

const objects = loadAll(readFileSync(resolve(__dirname, '..', 'deploy', 'kubernetes.yaml'), 'utf8')).filter(
  Boolean,
) as KubeObject[];

function find(kind: string): KubeObject {
  const found = objects.find((object) => object.kind === kind);
  if (!found) throw new Error(`no ${kind} in deploy/kubernetes.yaml`);
  return found;
}

describe('deploy/kubernetes.yaml', () => {
  it.each(objects.map((object) => [`${object.kind} ${object.metadata.name}`, object]))(
    '%s is valid against the Kubernetes schema',
    (_name, object) => {
      const { apiVersion, kind } = object;
      const path = apiVersion.includes('/') ? apiVersion : `v1`;
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const model = require(`kubernetes-models/${path}/${kind}`) as Record<
        string,
        new (data: unknown) => { validate: () => void }
      >;
      expect(() => new model[kind](object).validate()).not.toThrow();
    },
  );

  it('lets the autoscaler own the Deployment size, spread over zones and nodes', () => {
    const deployment = find('Deployment');
    const autoscaler = find('HorizontalPodAutoscaler');
    expect(autoscaler.spec.scaleTargetRef).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: deployment.metadata.name,
    });
    expect(deployment.spec.replicas).toBeUndefined();
    expect(autoscaler.spec.minReplicas).toBeGreaterThanOrEqual(
      find('PodDisruptionBudget').spec.maxUnavailable + 2,
    );
    const keys = deployment.spec.template.spec.topologySpreadConstraints.map(
      (constraint: { topologyKey: string }) => constraint.topologyKey,
    );
    expect(keys).toEqual(['topology.kubernetes.io/zone', 'kubernetes.io/hostname']);
  });

  it('gives the container the Redis Cluster and read replica settings', () => {
    const container = find('Deployment').spec.template.spec.containers[0];
    const configMap = find('ConfigMap');
    expect(container.envFrom).toEqual([{ configMapRef: { name: configMap.metadata.name } }]);
    expect(configMap.data).toMatchObject({ REDIS_CLUSTER: 'true', DATABASE_REPLICA_MAX_LAG_SECONDS: '5' });
    const env = Object.fromEntries(
      container.env.map((entry: { name: string; valueFrom?: unknown }) => [entry.name, entry.valueFrom]),
    );
    expect(env.DATABASE_REPLICA_URLS).toEqual({
      secretKeyRef: { name: 'realtime-analytics', key: 'DATABASE_REPLICA_URLS', optional: true },
    });
    expect(env.REDIS_URL).toEqual({ secretKeyRef: { name: 'realtime-analytics', key: 'REDIS_URL' } });
  });

  it('keeps readiness 503 with the listener open for 5 s at shutdown, all of it within the grace period', () => {
    const pod = find('Deployment').spec.template.spec;
    const container = pod.containers[0];
    const env = Object.fromEntries(
      container.env.map((entry: { name: string; value?: string }) => [entry.name, entry.value]),
    );
    expect(env.SHUTDOWN_DELAY_MS).toBe('5000');
    // The app's own delay stands in for a preStop sleep: both would add up.
    expect(container.lifecycle?.preStop).toBeUndefined();
    // The delay, then the hard deadline of the rest, before the kubelet's SIGKILL (with 5 s to spare).
    expect(Number(env.SHUTDOWN_DELAY_MS) + Number(env.SHUTDOWN_TIMEOUT_MS) + 5_000).toBeLessThanOrEqual(
      pod.terminationGracePeriodSeconds * 1_000,
    );
  });
});
