import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PORTS } from '../../services/common/config/service-options.js';
import { promtool } from './promql/promtool.js';

// deploy/prometheus/prometheus.yml: valid for Prometheus (promtool), one static job per
// service at its default metrics port, named like the Kubernetes Services so the
// dashboard's job selectors work in both setups.

const CONFIG_PATH = 'deploy/prometheus/prometheus.yml';

interface ScrapeConfig {
  job_name: string;
  static_configs: Array<{ targets: string[] }>;
}

describe('the Prometheus scrape config', () => {
  it('passes promtool check config', () => {
    const result = promtool(['check', 'config', CONFIG_PATH]);
    expect(result.output).toMatch(/SUCCESS/);
    expect(result.ok).toBe(true);
  });

  it('scrapes each service in one static job at its default metrics port', () => {
    const config = parse(readFileSync(CONFIG_PATH, 'utf8')) as { scrape_configs: ScrapeConfig[] };
    const jobs = Object.fromEntries(config.scrape_configs.map((c) => [c.job_name, c.static_configs]));
    const services = Object.keys(DEFAULT_PORTS) as Array<keyof typeof DEFAULT_PORTS>;
    expect(Object.keys(jobs).sort()).toEqual(services.map((s) => `facenas-${s}`).sort());
    for (const service of services) {
      expect(jobs[`facenas-${service}`]).toEqual([{ targets: [`localhost:${DEFAULT_PORTS[service].metrics}`] }]);
    }
  });

  it('is told apart from a broken config by promtool', () => {
    const dir = mkdtempSync(join(tmpdir(), 'facenas-prom-'));
    try {
      const file = join(dir, 'prometheus.yml');
      writeFileSync(file, readFileSync(CONFIG_PATH, 'utf8').replace('scrape_interval: 15s', 'scrape_interval: fast'));
      const result = promtool(['check', 'config', file]);
      expect(result.ok).toBe(false);
      expect(result.output).toMatch(/not a valid duration string: "fast"/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
