import type * as grpc from '@grpc/grpc-js';
import type { Search__Output } from '../../common/generated/facenas/v1/Search.js';
import type { SearchEvent__Output } from '../../common/generated/facenas/v1/SearchEvent.js';
import type { SearchServiceClient } from '../../common/generated/facenas/v1/SearchService.js';
import type { SearchSpec } from '../../common/generated/facenas/v1/SearchSpec.js';
import type { Trial__Output } from '../../common/generated/facenas/v1/Trial.js';
import type { WatchSearchResponse__Output } from '../../common/generated/facenas/v1/WatchSearchResponse.js';
import { createClient, serverStream, unary, type ClientOptions } from '../../common/grpc/client.js';
import { facenasGrpc } from '../../common/grpc/proto-package.js';

// The SearchService as the CLI uses it (`search`, `watch`, `list`), over gRPC like any
// other client, with a deadline on every call.

/** A watch follows a search for as long as it runs (below 2^31 ms: grpc-js's timer would fire at once). */
const WATCH_DEADLINE_MS = 20 * 24 * 3600 * 1000;

export interface SearchApi {
  start(spec: SearchSpec): Promise<Search__Output>;
  get(searchId: string): Promise<Search__Output>;
  list(): Promise<Search__Output[]>;
  resume(searchId: string): Promise<Search__Output>;
  stop(searchId: string): Promise<Search__Output>;
  trials(searchId: string): Promise<Trial__Output[]>;
  pareto(searchId: string): Promise<Trial__Output[]>;
  /** Events of the search, a snapshot first; ends when the search ends or `cancel()` is called. */
  watch(searchId: string): { events: AsyncIterable<SearchEvent__Output>; cancel(): void };
  close(): void;
}

export function searchApi(address: string, options: ClientOptions = {}): SearchApi {
  const client = createClient<SearchServiceClient>(facenasGrpc().SearchService, address, options);
  const need = <T>(value: T | null | undefined, what: string): T => {
    if (value === null || value === undefined) throw new Error(`the controller answered without ${what}`);
    return value;
  };
  return {
    async start(spec) {
      return need((await unary(client, client.startSearch, { spec }, { waitForReady: true })).search, 'a search');
    },
    async get(searchId) {
      return need((await unary(client, client.getSearch, { searchId })).search, 'a search');
    },
    async list() {
      return (await unary(client, client.listSearches, {})).searches;
    },
    async resume(searchId) {
      return need((await unary(client, client.resumeSearch, { searchId, maxTrials: 0 })).search, 'a search');
    },
    async stop(searchId) {
      return need((await unary(client, client.stopSearch, { searchId })).search, 'a search');
    },
    async trials(searchId) {
      return (await unary(client, client.listTrials, { searchId })).trials;
    },
    async pareto(searchId) {
      return (await unary(client, client.getParetoFront, { searchId })).trials;
    },
    watch(searchId) {
      const call: grpc.ClientReadableStream<WatchSearchResponse__Output> = serverStream(client, client.watchSearch, { searchId }, { deadlineMs: WATCH_DEADLINE_MS });
      let cancelled = false;
      async function* events(): AsyncGenerator<SearchEvent__Output> {
        try {
          for await (const response of call as AsyncIterable<WatchSearchResponse__Output>) {
            if (response.event) yield response.event;
          }
        } catch (err) {
          if (!cancelled) throw err;
        }
      }
      return {
        events: events(),
        cancel() {
          cancelled = true;
          call.cancel();
        },
      };
    },
    close() {
      client.close();
    },
  };
}
