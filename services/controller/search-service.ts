import type * as grpc from '@grpc/grpc-js';
import { FacenasError, FailedPreconditionError, InvalidArgumentError, NotFoundError } from '../common/errors/errors.js';
import type { ExportArchitectureRequest__Output } from '../common/generated/facenas/v1/ExportArchitectureRequest.js';
import type { ExportArchitectureResponse } from '../common/generated/facenas/v1/ExportArchitectureResponse.js';
import type { GetParetoFrontRequest__Output } from '../common/generated/facenas/v1/GetParetoFrontRequest.js';
import type { GetParetoFrontResponse } from '../common/generated/facenas/v1/GetParetoFrontResponse.js';
import type { GetSearchRequest__Output } from '../common/generated/facenas/v1/GetSearchRequest.js';
import type { GetSearchResponse } from '../common/generated/facenas/v1/GetSearchResponse.js';
import type { ListSearchesRequest__Output } from '../common/generated/facenas/v1/ListSearchesRequest.js';
import type { ListSearchesResponse } from '../common/generated/facenas/v1/ListSearchesResponse.js';
import type { ListTrialsRequest__Output } from '../common/generated/facenas/v1/ListTrialsRequest.js';
import type { ListTrialsResponse } from '../common/generated/facenas/v1/ListTrialsResponse.js';
import type { ResumeSearchRequest__Output } from '../common/generated/facenas/v1/ResumeSearchRequest.js';
import type { ResumeSearchResponse } from '../common/generated/facenas/v1/ResumeSearchResponse.js';
import type { SearchEvent__Output } from '../common/generated/facenas/v1/SearchEvent.js';
import { SearchState } from '../common/generated/facenas/v1/SearchState.js';
import type { StartSearchRequest__Output } from '../common/generated/facenas/v1/StartSearchRequest.js';
import type { StartSearchResponse } from '../common/generated/facenas/v1/StartSearchResponse.js';
import type { StopSearchRequest__Output } from '../common/generated/facenas/v1/StopSearchRequest.js';
import type { StopSearchResponse } from '../common/generated/facenas/v1/StopSearchResponse.js';
import { TrialState } from '../common/generated/facenas/v1/TrialState.js';
import type { WatchSearchRequest__Output } from '../common/generated/facenas/v1/WatchSearchRequest.js';
import type { WatchSearchResponse } from '../common/generated/facenas/v1/WatchSearchResponse.js';
import { serverStreamHandler, unaryHandler, writeWithBackpressure } from '../common/grpc/handlers.js';
import { facenasGrpc } from '../common/grpc/proto-package.js';
import type { GrpcServiceBinding } from '../common/grpc/server.js';
import type { Logger } from '../common/logging/logger.js';
import { EventQueue } from './events/event-hub.js';
import { paretoTrials } from './search/pareto-trials.js';
import { toTrialMessage } from './search/records.js';
import type { SearchManager } from './search/search-manager.js';

const MAX_ID = 200;
/** A watcher this far behind is dropped (RESOURCE_EXHAUSTED) rather than buffered forever. */
const MAX_WATCH_BUFFER = 10_000;

function requireId(value: string, field: string): string {
  if (!value) throw new InvalidArgumentError(field, 'required');
  if (value.length > MAX_ID) throw new InvalidArgumentError(field, `at most ${MAX_ID} characters`);
  return value;
}

function enumFilter<T extends string>(value: unknown, values: Record<string, string>, field: string): T {
  if (value === undefined || value === null || value === 0) return Object.keys(values)[0] as T;
  if (typeof value === 'string' && value in values) return value as T;
  throw new InvalidArgumentError(field, `unknown value ${JSON.stringify(value)}`);
}

/**
 * facenas.v1.SearchService over a SearchManager. `managerOf` answers the manager, or
 * throws UNAVAILABLE while the controller is still restoring its searches.
 */
export function searchServiceBinding(managerOf: () => SearchManager, logger: Logger): GrpcServiceBinding {
  const implementation = {
    StartSearch: unaryHandler<StartSearchRequest__Output, StartSearchResponse>(async (request) => {
      const runner = await managerOf().startSearch(request.spec);
      return { searchId: runner.id, search: runner.message() };
    }, logger),

    GetSearch: unaryHandler<GetSearchRequest__Output, GetSearchResponse>(async (request) => {
      return { search: managerOf().get(requireId(request.searchId, 'search_id')).message() };
    }, logger),

    ListSearches: unaryHandler<ListSearchesRequest__Output, ListSearchesResponse>(async (request) => {
      const state = enumFilter<keyof typeof SearchState>(request.state, SearchState, 'state');
      return { searches: managerOf().list(state).map((r) => r.message()) };
    }, logger),

    StopSearch: unaryHandler<StopSearchRequest__Output, StopSearchResponse>(async (request) => {
      const runner = managerOf().get(requireId(request.searchId, 'search_id'));
      await runner.stop();
      return { search: runner.message() };
    }, logger),

    ResumeSearch: unaryHandler<ResumeSearchRequest__Output, ResumeSearchResponse>(async (request) => {
      const runner = await managerOf().resume(requireId(request.searchId, 'search_id'), request.maxTrials);
      return { search: runner.message() };
    }, logger),

    ListTrials: unaryHandler<ListTrialsRequest__Output, ListTrialsResponse>(async (request) => {
      const runner = managerOf().get(requireId(request.searchId, 'search_id'));
      const state = enumFilter<keyof typeof TrialState>(request.state, TrialState, 'state');
      return {
        trials: runner
          .trialList()
          .filter((t) => state === 'TRIAL_STATE_UNSPECIFIED' || t.state === state)
          .map((t) => toTrialMessage(t, runner.progressOf(t.id))),
      };
    }, logger),

    GetParetoFront: unaryHandler<GetParetoFrontRequest__Output, GetParetoFrontResponse>(async (request) => {
      const runner = managerOf().get(requireId(request.searchId, 'search_id'));
      return { trials: paretoTrials(runner.trialList()).map((t) => toTrialMessage(t)) };
    }, logger),

    ExportArchitecture: unaryHandler<ExportArchitectureRequest__Output, ExportArchitectureResponse>(async (request) => {
      const runner = managerOf().get(requireId(request.searchId, 'search_id'));
      // Bounded like search_id: an unbounded id would be quoted whole in the NOT_FOUND message.
      if (request.trialId.length > MAX_ID) throw new InvalidArgumentError('trial_id', `at most ${MAX_ID} characters`);
      const trial = request.trialId ? runner.trial(request.trialId) : runner.best();
      if (request.trialId && !trial) throw new NotFoundError(`trial in search ${runner.id}`, request.trialId);
      if (!trial) throw new FailedPreconditionError(`search ${runner.id} has no completed trial yet`);
      return { trial: toTrialMessage(trial), architecture: trial.architecture, modelUri: trial.modelUri };
    }, logger),

    WatchSearch: serverStreamHandler<WatchSearchRequest__Output, WatchSearchResponse>(async (request, call) => {
      const searchId = requireId(request.searchId, 'search_id');
      const manager = managerOf();
      const queue = new EventQueue(MAX_WATCH_BUFFER);
      const unsubscribe = manager.watch(
        searchId,
        (event: SearchEvent__Output) => {
          if (request.noProgress && event.kind === 'SEARCH_EVENT_KIND_TRIAL_PROGRESS') return;
          queue.push(event);
          if (event.kind === 'SEARCH_EVENT_KIND_SEARCH_COMPLETED' || event.kind === 'SEARCH_EVENT_KIND_SEARCH_STOPPED') queue.end();
        },
        !request.noSnapshot,
      );
      const runner = manager.get(searchId);
      // A finished search: the snapshot is all there is to tell.
      if (!runner.isRunning() && !request.noSnapshot) queue.end();
      const gone = () => queue.end();
      call.on('cancelled', gone);
      try {
        for (;;) {
          let event: SearchEvent__Output | null;
          try {
            event = await queue.next();
          } catch (err) {
            throw new FacenasError('RESOURCE_EXHAUSTED', `${(err as Error).message}: watch again (a new watch starts with a snapshot)`);
          }
          if (!event || call.cancelled) return;
          await writeWithBackpressure(call as unknown as grpc.ServerWritableStream<unknown, WatchSearchResponse>, { event });
        }
      } finally {
        unsubscribe();
        call.off('cancelled', gone);
      }
    }, logger),
  };
  return { name: 'facenas.v1.SearchService', definition: facenasGrpc().SearchService.service, implementation };
}
