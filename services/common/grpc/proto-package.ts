import * as grpc from '@grpc/grpc-js';
import { fromJSON, type Options, type PackageDefinition } from '@grpc/proto-loader';
import protobuf from 'protobufjs';
import { PROTO_SOURCES } from '../generated/proto-sources.js';
import type { ProtoGrpcType as AgentProto } from '../generated/agent.js';
import type { ProtoGrpcType as DatasetProto } from '../generated/dataset.js';
import type { ProtoGrpcType as ProfilerProto } from '../generated/profiler.js';
import type { ProtoGrpcType as SearchProto } from '../generated/search.js';
import { HEALTH_PROTO } from './health-proto.js';

// Must match the flags in scripts/gen-protos.mjs, which generate the types these objects have.
export const PROTO_LOADER_OPTIONS: Options = {
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
  arrays: true,
};

type FacenasGrpc = AgentProto & DatasetProto & ProfilerProto & SearchProto;

let cached: { definition: PackageDefinition; grpcObject: FacenasGrpc } | null = null;

/**
 * Parses the protos from their embedded text (no files needed at run time, so the same
 * code runs bundled, under Deno and from source) into one package definition.
 */
export function facenasPackageDefinition(): PackageDefinition {
  return load().definition;
}

export function facenasGrpc(): FacenasGrpc['facenas']['v1'] {
  return load().grpcObject.facenas.v1;
}

function load(): { definition: PackageDefinition; grpcObject: FacenasGrpc } {
  if (cached) return cached;
  const root = new protobuf.Root();
  // common.proto first: the others import it and are parsed into the same root.
  const names = Object.keys(PROTO_SOURCES).sort((a, b) => Number(b.endsWith('common.proto')) - Number(a.endsWith('common.proto')));
  for (const name of names) protobuf.parse(PROTO_SOURCES[name], root, { keepCase: false });
  const definition = fromJSON(root.toJSON(), PROTO_LOADER_OPTIONS);
  const grpcObject = grpc.loadPackageDefinition(definition) as unknown as FacenasGrpc;
  cached = { definition, grpcObject };
  return cached;
}

export function healthPackageDefinition(): PackageDefinition {
  const root = protobuf.parse(HEALTH_PROTO, new protobuf.Root(), { keepCase: false }).root;
  return fromJSON(root.toJSON(), PROTO_LOADER_OPTIONS);
}
