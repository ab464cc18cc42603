import type { Registry } from 'prom-client';
import type { OptionSpecs, OptionValues } from '../config/options.js';
import type { commonServiceOptions, ServiceName } from '../config/service-options.js';
import type { Logger } from '../logging/logger.js';
import type { ServiceParts } from './service-host.js';

export type CommonServiceValues = OptionValues<ReturnType<typeof commonServiceOptions>>;

export interface ServeContext<S extends OptionSpecs> {
  options: OptionValues<S> & CommonServiceValues;
  logger: Logger;
  registry: Registry;
}

/** How `facenas serve <name>` starts one service: its own options and its parts. */
export interface ServeEntry<S extends OptionSpecs = OptionSpecs> {
  name: ServiceName;
  summary: string;
  options: S;
  start(context: ServeContext<S>): Promise<ServiceParts>;
}

export function defineServeEntry<S extends OptionSpecs>(entry: ServeEntry<S>): ServeEntry<S> {
  return entry;
}
