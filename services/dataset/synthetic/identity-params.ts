// What makes one synthetic person: head shape, feature geometry, colours, marks,
// hair and beard, all drawn from a population around a mean face. Lengths are in
// head units (1 unit ≈ 42 px in a 112 crop), head space is x right (image right when
// frontal), y up, z out of the face. `spread` scales every deviation from the mean,
// so spread 0 makes everybody the mean person and small spreads make look-alikes.
import { Rng } from '../../common/random/rng.js';
import { streamSeed } from './image-seed.js';
import type { Vec3 } from './mat3.js';

export type Rgb = Vec3;

export interface IdentityParams {
  cranium: { radii: Vec3; centerY: number };
  face: { width: number; fullness: number };
  jaw: { width: number; height: number; depth: number };
  chin: { width: number; height: number; protrusion: number };
  eyes: { halfSeparation: number; y: number; width: number; height: number; tilt: number; iris: Rgb; irisSize: number };
  brows: { height: number; thickness: number; arch: number; halfLength: number; tilt: number; density: number };
  nose: { tipY: number; protrusion: number; width: number; length: number; tilt: number; wing: number };
  mouth: { halfWidth: number; y: number; upperLip: number; lowerLip: number; lipTint: number };
  ears: { size: number; protrusion: number; y: number };
  skin: { colour: Rgb; blush: number; textureAmplitude: number; textureWaves: Float64Array /* 3 x (kx, ky, kz, phase) */ };
  /** Moles: (x, y, radius) on the face front, darkness 0..1. */
  moles: { spots: Float64Array; darkness: number };
  freckles: { spots: Float64Array; darkness: number };
  hair: {
    colour: Rgb;
    hairlineY: number;
    fringe: number;
    fringeSide: number;
    volume: number;
    sideLengthY: number;
    backLengthY: number;
    strandFrequency: number;
    curl: number;
  };
  beard: { density: number; moustache: number; cheekLineY: number };
  neckWidth: number;
}

const LIGHT_SKIN: Rgb = [0.96, 0.8, 0.69];
const DARK_SKIN: Rgb = [0.34, 0.22, 0.16];
const BLOND: Rgb = [0.8, 0.64, 0.4];
const BROWN: Rgb = [0.36, 0.23, 0.13];
const BLACK: Rgb = [0.07, 0.06, 0.06];
const GREY: Rgb = [0.72, 0.72, 0.72];
const BROWN_IRIS: Rgb = [0.36, 0.2, 0.09];
const BLUE_IRIS: Rgb = [0.32, 0.48, 0.66];
const GREEN_IRIS: Rgb = [0.36, 0.46, 0.26];

export function mixRgb(a: Rgb, b: Rgb, t: number): Rgb {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

const IDENTITY_STREAM = 0x1de7;

/** Draws identity `identity` of the population `seed`, deviations scaled by `spread`. */
export function drawIdentity(seed: number, identity: number, spread: number): IdentityParams {
  const rng = new Rng(streamSeed(IDENTITY_STREAM, seed, identity));
  // Every draw happens whatever the spread, so the stream (and each person) stays the
  // same when only the spread changes: a person just moves towards the mean.
  const z = () => clamp(rng.normal(), -2.5, 2.5) * spread;
  const vary = (mean: number, sd: number) => mean + sd * z();
  const unit = () => clamp(0.5 + (rng.next() - 0.5) * spread, 0, 1);

  const toneT = clamp(0.42 + 0.24 * z(), 0, 1);
  const redness = 0.02 + 0.03 * z();
  const baseSkin = mixRgb(LIGHT_SKIN, DARK_SKIN, toneT);
  const skinColour: Rgb = [baseSkin[0] + redness, baseSkin[1] - redness * 0.6, baseSkin[2] - redness * 0.3];

  const darkness = clamp(0.62 + 0.3 * z(), 0, 1);
  const hairRed = clamp(0.04 * z(), -0.05, 0.12);
  const greyness = clamp(0.3 * z() - 0.35, 0, 0.9);
  let hairColour = darkness < 0.5 ? mixRgb(BLOND, BROWN, darkness / 0.5) : mixRgb(BROWN, BLACK, (darkness - 0.5) / 0.5);
  hairColour = [hairColour[0] + hairRed, hairColour[1] + hairRed * 0.2, hairColour[2] - hairRed * 0.3];
  hairColour = mixRgb(hairColour, GREY, greyness);

  const irisT = rng.next();
  const irisBlend = clamp(0.5 + (irisT - 0.5) * spread, 0, 1);
  const iris = irisBlend < 0.6 ? BROWN_IRIS : irisBlend < 0.82 ? mixRgb(BROWN_IRIS, GREEN_IRIS, (irisBlend - 0.6) / 0.22) : BLUE_IRIS;

  const textureWaves = new Float64Array(12);
  for (let i = 0; i < 3; i++) {
    const theta = rng.uniform(0, Math.PI * 2);
    const phi = rng.uniform(-1, 1);
    const freq = rng.uniform(10, 26);
    const r = Math.sqrt(1 - phi * phi);
    textureWaves.set([freq * r * Math.cos(theta), freq * r * Math.sin(theta), freq * phi, rng.uniform(0, Math.PI * 2)], i * 4);
  }

  const moleCount = Math.floor(rng.next() * 4);
  const moles = new Float64Array(moleCount * 3);
  for (let i = 0; i < moleCount; i++) moles.set([rng.uniform(-0.7, 0.7), rng.uniform(-0.95, 0.9), rng.uniform(0.018, 0.04)], i * 3);
  const freckleCount = 24;
  const freckles = new Float64Array(freckleCount * 3);
  for (let i = 0; i < freckleCount; i++) {
    const side = rng.next() < 0.5 ? -1 : 1;
    freckles.set([side * rng.uniform(0.05, 0.6), rng.uniform(-0.45, 0.15), rng.uniform(0.012, 0.022)], i * 3);
  }

  const baldness = clamp(0.5 * z() - 0.6, 0, 1);
  return {
    cranium: { radii: [vary(0.95, 0.05), vary(1.2, 0.06), vary(1.1, 0.05)], centerY: vary(0.4, 0.05) },
    face: { width: vary(0.86, 0.05), fullness: vary(0.9, 0.05) },
    jaw: { width: vary(0.74, 0.06), height: vary(0.7, 0.06), depth: vary(0.86, 0.05) },
    chin: { width: vary(0.3, 0.05), height: vary(0.24, 0.04), protrusion: vary(0.28, 0.06) },
    eyes: {
      halfSeparation: vary(0.42, 0.03),
      y: vary(0.3, 0.04),
      width: vary(0.165, 0.014),
      height: vary(0.062, 0.009),
      tilt: vary(0.05, 0.08),
      iris,
      irisSize: vary(0.5, 0.04),
    },
    brows: {
      height: vary(0.17, 0.03),
      thickness: clamp(vary(0.05, 0.012), 0.025, 0.08),
      arch: vary(0.03, 0.02),
      halfLength: vary(0.16, 0.02),
      tilt: vary(0.0, 0.12),
      density: clamp(vary(0.85, 0.12), 0.4, 1),
    },
    nose: {
      tipY: vary(-0.18, 0.04),
      protrusion: vary(0.27, 0.05),
      width: vary(0.13, 0.018),
      length: vary(0.28, 0.04),
      tilt: vary(0.35, 0.1),
      wing: vary(0.1, 0.015),
    },
    mouth: {
      halfWidth: vary(0.34, 0.035),
      y: vary(-0.67, 0.04),
      upperLip: clamp(vary(0.06, 0.014), 0.025, 0.1),
      lowerLip: clamp(vary(0.08, 0.016), 0.035, 0.13),
      lipTint: clamp(vary(0.4, 0.08), 0.15, 0.7),
    },
    ears: { size: vary(1, 0.1), protrusion: vary(0.25, 0.12), y: vary(0.08, 0.05) },
    skin: { colour: skinColour, blush: clamp(vary(0.04, 0.04), 0, 0.15), textureAmplitude: clamp(vary(0.035, 0.015), 0, 0.1), textureWaves },
    moles: { spots: moles, darkness: clamp(0.55 * spread, 0, 0.8) },
    freckles: { spots: freckles, darkness: clamp(0.25 * z() - 0.15, 0, 0.35) },
    hair: {
      colour: hairColour,
      hairlineY: vary(0.98, 0.1) + baldness * 0.9,
      fringe: clamp(0.3 * z() - 0.05, 0, 0.55) * (1 - baldness),
      fringeSide: unit() * 2 - 1,
      volume: clamp(vary(0.08, 0.05), 0.02, 0.25),
      sideLengthY: vary(0.25, 0.3) + baldness * 0.6,
      backLengthY: vary(-0.4, 0.45),
      strandFrequency: vary(40, 10),
      curl: clamp(vary(0.3, 0.3), 0, 1),
    },
    beard: {
      density: clamp(0.55 * z() - 0.3, 0, 1),
      moustache: clamp(vary(0.6, 0.3), 0, 1),
      cheekLineY: vary(-0.35, 0.12),
    },
    neckWidth: vary(0.5, 0.05),
  };
}
