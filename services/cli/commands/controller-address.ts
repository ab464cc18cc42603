import { z } from 'zod';
import { hostPortSchema, optionalString, type OptionSpec } from '../../common/config/options.js';
import type { ClientOptions } from '../../common/grpc/client.js';

// How `facenas watch` and `facenas list` reach a running controller.

export const CONTROLLER_CLIENT_OPTIONS = {
  controller: {
    flag: 'controller',
    env: 'FACENAS_CONTROLLER',
    kind: 'string',
    schema: hostPortSchema.default('127.0.0.1:50051'),
    help: 'controller address HOST:PORT',
    shownDefault: '127.0.0.1:50051',
  } satisfies OptionSpec<string>,
  tlsCa: { flag: 'tls-ca', env: 'FACENAS_TLS_CA', kind: 'string', schema: optionalString, help: 'CA of the controller\'s TLS certificate (turns TLS on)' } satisfies OptionSpec<string | undefined>,
  tlsCert: { flag: 'tls-cert', kind: 'string', schema: optionalString, help: 'client certificate for mutual TLS' } satisfies OptionSpec<string | undefined>,
  tlsKey: { flag: 'tls-key', kind: 'string', schema: optionalString, help: 'client key for mutual TLS' } satisfies OptionSpec<string | undefined>,
  json: { flag: 'json', kind: 'boolean', schema: z.boolean().default(false), help: 'print JSON instead of text' } satisfies OptionSpec<boolean>,
};

export function controllerClientOptions(values: { tlsCa?: string; tlsCert?: string; tlsKey?: string }): ClientOptions {
  return values.tlsCa ? { tls: { caFile: values.tlsCa, certFile: values.tlsCert, keyFile: values.tlsKey } } : {};
}
