import { readFileSync } from 'node:fs';
import { z } from 'zod';

// The parts of deploy/grafana/facenas.json the tests read: panels (rows may nest them),
// their datasource and their Prometheus queries.

const datasourceSchema = z.object({ type: z.string(), uid: z.string() });

const targetSchema = z.object({
  refId: z.string(),
  expr: z.string().min(1),
  datasource: datasourceSchema.optional(),
});

type Panel = { id: number; type: string; title: string; datasource?: z.infer<typeof datasourceSchema>; targets?: Array<z.infer<typeof targetSchema>>; panels?: Panel[] };

const panelSchema: z.ZodType<Panel> = z.lazy(() =>
  z.object({
    id: z.number().int(),
    type: z.string(),
    title: z.string().min(1),
    datasource: datasourceSchema.optional(),
    targets: z.array(targetSchema).optional(),
    panels: z.array(panelSchema).optional(),
  }),
);

const dashboardSchema = z.object({
  uid: z.string().min(1),
  title: z.string().min(1),
  panels: z.array(panelSchema),
  templating: z.object({ list: z.array(z.object({ name: z.string(), type: z.string(), query: z.unknown().optional() })) }),
});

export type Dashboard = z.infer<typeof dashboardSchema>;

export interface DashboardQuery {
  panelId: number;
  panelTitle: string;
  refId: string;
  expr: string;
  datasourceUid: string | undefined;
}

export const DASHBOARD_PATH = 'deploy/grafana/facenas.json';

export function readDashboard(path = DASHBOARD_PATH): Dashboard {
  return dashboardSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
}

export function dashboardPanels(dashboard: Dashboard): Panel[] {
  const flat = (panels: Panel[]): Panel[] => panels.flatMap((p) => [p, ...flat(p.panels ?? [])]);
  return flat(dashboard.panels);
}

export function dashboardQueries(dashboard: Dashboard): DashboardQuery[] {
  return dashboardPanels(dashboard).flatMap((panel) =>
    (panel.targets ?? []).map((t) => ({ panelId: panel.id, panelTitle: panel.title, refId: t.refId, expr: t.expr, datasourceUid: t.datasource?.uid ?? panel.datasource?.uid })),
  );
}
