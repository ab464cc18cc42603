// The proxy training's learning-rate schedule: linear warm-up to the base rate, then
// cosine decay to a floor (SGDR without restarts). Steps count from 0; the rate of
// step s is used for the update made at step s.

export interface LearningRateSchedule {
  baseLr: number;
  totalSteps: number;
  warmupSteps: number;
  /** Rate reached at the last step (default 0). */
  minLr?: number;
}

export function learningRateAt(step: number, schedule: LearningRateSchedule): number {
  const { baseLr, totalSteps, warmupSteps } = schedule;
  const minLr = schedule.minLr ?? 0;
  if (step < warmupSteps) return (baseLr * (step + 1)) / warmupSteps;
  const decaySteps = totalSteps - warmupSteps;
  if (decaySteps <= 1) return baseLr;
  const progress = Math.min(1, (step - warmupSteps) / (decaySteps - 1));
  // A zero rate would make the last step a no-op (and SgdMomentum rejects it).
  const lr = minLr + 0.5 * (baseLr - minLr) * (1 + Math.cos(Math.PI * progress));
  return Math.max(lr, baseLr * 1e-3);
}
