/**
 * The Kubernetes manifests (infra/k8s) render and hold together, without a cluster: kustomize
 * (`kubectl kustomize`, Debian's kubernetes-client in CI) renders the production overlay, every
 * object is validated against the Kubernetes API schemas (kubernetes-models), and what ggzy
 * needs of them is checked: one Deployment per `ggzy serve` service, each probed on its
 * operations port (liveness /healthz, readiness /readyz), the configuration loads as ggzy reads
 * it, the drain fits in the grace period, copies never scale past the partitions they share,
 * and blacklist and exchange keep a standby for their leader locks.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { consumerGroups, type GroupDef } from '@ggzy/bus';
import { loadConfig } from '@ggzy/runtime';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Service } from 'kubernetes-models/v1/Service';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';

const root = fileURLToPath(new URL('../..', import.meta.url));
const overlay = join(root, 'infra/k8s/overlays/production');

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  // biome-ignore lint/suspicious/noExplicitAny: rendered manifests, validated below
  spec?: any;
  data?: Record<string, string>;
}

const models: Record<string, new (object: never) => { validate(): void }> = {
  'apps/v1/Deployment': Deployment,
  'v1/Service': Service,
  'v1/ConfigMap': ConfigMap,
  'v1/Namespace': Namespace,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
};

/** The services `ggzy serve` runs (services/cli/src/run-services.ts serviceNames). */
const serviceNames = (() => {
  const source = readFileSync(join(root, 'services/cli/src/run-services.ts'), 'utf8');
  const list = /export const serviceNames = \[([^\]]+)\]/.exec(source)?.[1] ?? '';
  return [...list.matchAll(/'([a-z]+)'/g)].map((m) => m[1]!);
})();

function render(): { objects: K8sObject[] } | { missing: string } {
  const run = spawnSync('kubectl', ['kustomize', overlay], { encoding: 'utf8' });
  if (run.error) return { missing: String(run.error) };
  if (run.status !== 0) throw new Error(`kubectl kustomize failed:\n${run.stderr}`);
  const objects = parseAllDocuments(run.stdout)
    .map((doc) => doc.toJS() as K8sObject | null)
    .filter((object): object is K8sObject => object !== null);
  return { objects };
}

const rendered = render();
// CI installs kubectl (.ci/run); elsewhere a machine without it skips these checks.
if ('missing' in rendered && process.env.CI)
  throw new Error(`kubectl is needed to render infra/k8s: ${rendered.missing}`);
const objects = 'objects' in rendered ? rendered.objects : [];

const deployments = () => objects.filter((o) => o.kind === 'Deployment');
const deploymentOf = (service: string) =>
  deployments().find((d) => d.spec.template.spec.containers[0].command.includes(service));

describe.skipIf('missing' in rendered)('infra/k8s (kubectl kustomize infra/k8s/overlays/production)', () => {
  it('renders objects that are valid Kubernetes API objects, all in the ggzy namespace', () => {
    expect(objects.length).toBeGreaterThan(10);
    for (const object of objects) {
      const Model = models[`${object.apiVersion}/${object.kind}`];
      expect(Model, `${object.apiVersion} ${object.kind} has no model here`).toBeDefined();
      expect(
        () => new Model!(object as never).validate(),
        `${object.kind}/${object.metadata.name}`,
      ).not.toThrow();
      if (object.kind !== 'Namespace') expect(object.metadata.namespace).toBe('ggzy');
    }
  });

  it('runs each ggzy service as a Deployment of `node … main.ts serve <service>`, probed on its operations port', () => {
    expect(serviceNames).toEqual(
      expect.arrayContaining(['ingest', 'store', 'blacklist', 'exchange', 'query']),
    );
    const configMap = objects.find((o) => o.kind === 'ConfigMap')!;
    const opsPort = Number(configMap.data?.GGZY_OPS_PORT);
    for (const service of serviceNames) {
      const deployment = deploymentOf(service);
      expect(deployment, `no Deployment runs ${service}`).toBeDefined();
      const pod = deployment!.spec.template.spec;
      const [container] = pod.containers;
      expect(container.command).toEqual([
        'node',
        '--import',
        'tsx',
        'services/cli/src/main.ts',
        'serve',
        service,
      ]);
      const ops = container.ports.find((p: { name: string }) => p.name === 'ops');
      expect(ops?.containerPort).toBe(opsPort);
      expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'ops' });
      expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'ops' });
      // Every reference resolves to a rendered ConfigMap (kustomize renames it with a hash).
      const refs = container.envFrom.map((e: { configMapRef?: { name: string } }) => e.configMapRef?.name);
      expect(refs).toContain(configMap.metadata.name);
      // The drain (GGZY_SHUTDOWN_TIMEOUT_MS) ends before the kubelet's SIGKILL.
      expect(pod.terminationGracePeriodSeconds * 1000).toBeGreaterThan(
        Number(configMap.data?.GGZY_SHUTDOWN_TIMEOUT_MS),
      );
      // The selector picks the pods.
      for (const [key, value] of Object.entries(deployment!.spec.selector.matchLabels))
        expect(deployment!.spec.template.metadata.labels[key]).toBe(value);
    }
  });

  it('configures ggzy as it reads its environment: distributed, ops port open to probes', () => {
    const data = objects.find((o) => o.kind === 'ConfigMap')!.data!;
    const config = loadConfig({ ...data, DATABASE_URL: 'postgres://ggzy@postgres:5432/ggzy' });
    expect(config.mode).toBe('distributed');
    expect(config.ops.host).toBe('0.0.0.0');
    expect(config.http.host).toBe('0.0.0.0');
    expect(config.kafka?.sessionTimeoutMs).toBeLessThanOrEqual(6_000);
  });

  it('scales consumer copies no further than the partitions of their groups', () => {
    for (const hpa of objects.filter((o) => o.kind === 'HorizontalPodAutoscaler')) {
      const target = deployments().find((d) => d.metadata.name === hpa.spec.scaleTargetRef.name);
      expect(target, `${hpa.metadata.name} scales a Deployment that is not there`).toBeDefined();
      const service = target!.spec.template.spec.containers[0].command.at(-1) as keyof typeof consumerGroups;
      const groups: readonly GroupDef[] = Object.values(consumerGroups[service].groups);
      const partitions = Math.max(...groups.flatMap((g) => g.topics.map((t) => t.partitions)));
      expect(hpa.spec.maxReplicas).toBeLessThanOrEqual(partitions);
      expect(target!.spec.replicas).toBeLessThanOrEqual(hpa.spec.maxReplicas);
    }
    for (const service of ['store', 'flags'] as const) {
      expect(
        objects.some(
          (o) =>
            o.kind === 'HorizontalPodAutoscaler' &&
            o.spec.scaleTargetRef.name === deploymentOf(service)?.metadata.name,
        ),
      ).toBe(true);
    }
  });

  it('keeps a standby beside the leader of blacklist and exchange, never scaled away', () => {
    for (const service of ['blacklist', 'exchange']) {
      const deployment = deploymentOf(service)!;
      expect(deployment.spec.replicas).toBeGreaterThanOrEqual(2);
      const budget = objects.find(
        (o) =>
          o.kind === 'PodDisruptionBudget' &&
          o.spec.selector.matchLabels['app.kubernetes.io/name'] ===
            deployment.spec.selector.matchLabels['app.kubernetes.io/name'],
      );
      expect(budget?.spec.minAvailable).toBe(1);
    }
  });

  it('routes every Service to pods that exist, on ports they name', () => {
    for (const service of objects.filter((o) => o.kind === 'Service')) {
      const target = deployments().find((d) =>
        Object.entries(service.spec.selector).every(([k, v]) => d.spec.template.metadata.labels[k] === v),
      );
      expect(target, `Service ${service.metadata.name} selects no pods`).toBeDefined();
      const named = target!.spec.template.spec.containers[0].ports.map((p: { name: string }) => p.name);
      for (const port of service.spec.ports) expect(named).toContain(port.targetPort);
    }
  });
});
