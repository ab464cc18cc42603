import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { renderKustomization } from './kustomize/render-kustomization.js';

// The Helm values files against the facenas manifests they must agree with: the NATS
// monitoring port KEDA reads, the release label Prometheus selects ServiceMonitors by, the
// label the Grafana sidecar loads dashboards by. Helm ignores unknown keys silently, so the
// top-level keys are checked against the charts' own values.yaml (nats 1.x, keda 2.x,
// kube-prometheus-stack), read when these files were written.

type Values = Record<string, any>;

function values(name: string): Values {
  return parse(readFileSync(`deploy/helm/${name}`, 'utf8')) as Values;
}

const nats = values('nats-values.yaml');
const keda = values('keda-values.yaml');
const stack = values('kube-prometheus-stack-values.yaml');
const gpu = renderKustomization('deploy/k8s/overlays/gpu');
const dev = renderKustomization('deploy/k8s/overlays/dev');

const CHART_TOP_LEVEL_KEYS = {
  nats: ['global', 'nameOverride', 'fullnameOverride', 'namespaceOverride', 'config', 'container', 'reloader', 'promExporter', 'service', 'statefulSet', 'podTemplate', 'headlessService', 'ingress', 'natsBox', 'serviceAccount', 'podDisruptionBudget', 'networkPolicy', 'extraResources'],
  keda: ['image', 'clusterDomain', 'crds', 'watchNamespace', 'imagePullSecrets', 'operator', 'metricsServer', 'webhooks', 'resources', 'prometheus', 'securityContext', 'podSecurityContext', 'nodeSelector', 'tolerations', 'affinity', 'logging', 'env', 'extraObjects'],
  stack: ['prometheus', 'grafana', 'alertmanager', 'prometheusOperator', 'kube-state-metrics', 'prometheus-node-exporter', 'defaultRules', 'kubeApiServer', 'kubelet'],
};

describe('Helm values', () => {
  it('use only top-level keys the charts define', () => {
    expect(Object.keys(nats).filter((k) => !CHART_TOP_LEVEL_KEYS.nats.includes(k))).toEqual([]);
    expect(Object.keys(keda).filter((k) => !CHART_TOP_LEVEL_KEYS.keda.includes(k))).toEqual([]);
    expect(Object.keys(stack).filter((k) => !CHART_TOP_LEVEL_KEYS.stack.includes(k))).toEqual([]);
  });

  it('NATS: three JetStream servers with file storage on volumes, monitoring on the port KEDA reads', () => {
    expect(nats.config.cluster).toEqual({ enabled: true, replicas: 3 });
    expect(nats.config.jetstream.enabled).toBe(true);
    expect(nats.config.jetstream.fileStore).toMatchObject({ enabled: true, pvc: { enabled: true } });
    expect(nats.config.jetstream.fileStore.pvc.size).toMatch(/^\d+Gi$/);
    expect(nats.config.monitor.enabled).toBe(true);
    const scaled = gpu.find((m) => m.kind === 'ScaledObject')?.spec as { triggers: Array<{ metadata: Record<string, string> }> };
    expect(scaled.triggers[0].metadata.natsServerMonitoringEndpoint.split(':')[1]).toBe(String(nats.config.monitor.port));
  });

  it('NATS: the facenas user, with the password from a Secret and the name the dev Secret uses', () => {
    const [user] = nats.config.merge.authorization.users as Array<{ user: string; password: string }>;
    const devNats = dev.find((m) => m.kind === 'Secret' && m.metadata.name === 'facenas-nats')?.stringData as Record<string, string>;
    expect(user.user).toBe(devNats.NATS_USER);
    expect(user.password).toBe('<< $FACENAS_NATS_PASSWORD >>');
    expect(nats.container.env.FACENAS_NATS_PASSWORD).toEqual({ valueFrom: { secretKeyRef: { name: 'facenas-nats-auth', key: 'password' } } });
    expect(devNats.NATS_URL).toBe('nats://nats.nats.svc.cluster.local:4222');
  });

  it('KEDA and facenas ServiceMonitors carry the release label kube-prometheus-stack selects', () => {
    const releaseLabels = new Set(gpu.filter((m) => m.kind === 'ServiceMonitor').map((m) => m.metadata.labels?.release));
    expect([...releaseLabels]).toEqual(['kube-prometheus-stack']);
    expect(keda.prometheus.operator.serviceMonitor.additionalLabels.release).toBe('kube-prometheus-stack');
    expect(keda.prometheus.metricServer.serviceMonitor.additionalLabels.release).toBe('kube-prometheus-stack');
    expect(stack.prometheus.prometheusSpec.serviceMonitorSelectorNilUsesHelmValues).toBe(true);
    // facenas lives in its own namespace: Prometheus must look beyond `monitoring`.
    expect(stack.prometheus.prometheusSpec.serviceMonitorNamespaceSelector).toEqual({});
  });

  it('the Grafana sidecar loads the dashboard ConfigMap from any namespace', () => {
    const configMap = gpu.find((m) => m.kind === 'ConfigMap' && m.metadata.name === 'facenas-grafana-dashboard');
    const sidecar = stack.grafana.sidecar.dashboards;
    expect(sidecar).toMatchObject({ enabled: true, searchNamespace: 'ALL' });
    expect(configMap?.metadata.labels?.[sidecar.label]).toBe(sidecar.labelValue);
    expect(Object.keys(configMap?.data as object)).toEqual(['facenas.json']);
    expect(stack.grafana.sidecar.datasources).toMatchObject({ enabled: true, defaultDatasourceEnabled: true });
  });
});
