import { decodeJson, encodeJson, type Bus, type Subscription } from './bus.js';

// The controller's orders to the trainer running a trial: stop it because its search
// was stopped (kill) or because the median-stop rule says so (early stop). Core
// pub/sub: an order that is lost only costs training time — the controller ignores
// results for a trial it already finished.

export type TrialControlAction = 'kill' | 'early-stop';

export interface TrialControl {
  action: TrialControlAction;
  reason: string;
}

export function trialControlSubject(searchId: string, trialId: string): string {
  return `facenas.control.${searchId}.${trialId}`;
}

export function sendTrialControl(bus: Bus, searchId: string, trialId: string, control: TrialControl): void {
  bus.notify(trialControlSubject(searchId, trialId), encodeJson(control));
}

export function onTrialControl(bus: Bus, searchId: string, trialId: string, handler: (control: TrialControl) => void): Subscription {
  return bus.subscribe(trialControlSubject(searchId, trialId), (_subject, data) => handler(decodeJson<TrialControl>(data)));
}
