// What changes from one photo of a person to the next: pose, framing, light, white
// balance, expression, glasses, background, clothing, blur, noise and occluders.
// `strength` scales all of it; at 0 every photo is frontal, neutral, evenly lit on a
// plain grey background. Background and clothing are drawn per image from the image
// stream only, so they never carry the identity.
import { Rng } from '../../common/random/rng.js';
import { streamSeed } from './image-seed.js';
import { mixRgb, type Rgb } from './identity-params.js';
import type { Vec3 } from './mat3.js';

export interface ClutterShape {
  /** Centre and half sizes as fractions of the image side. */
  cx: number;
  cy: number;
  hw: number;
  hh: number;
  ellipse: boolean;
  colour: Rgb;
}

export interface BackgroundParams {
  from: Rgb;
  to: Rgb;
  /** Gradient direction (unit vector in image space) and whether it is radial. */
  direction: [number, number];
  radial: boolean;
  /** Low-frequency blotches: amplitude and two wave vectors (cycles per image side) with phases. */
  blotch: number;
  waves: Float64Array;
  /** Per-pixel grain amplitude. */
  grain: number;
  /** Vertical stripes (panels, shelves): amplitude and cycles per side. */
  stripes: number;
  stripeFrequency: number;
  clutter: ClutterShape[];
}

export interface GlassesParams {
  frameColour: Rgb;
  sunglasses: boolean;
  lensHalfWidth: number;
  lensHalfHeight: number;
  thickness: number;
}

export interface OccluderParams {
  cx: number;
  cy: number;
  hw: number;
  hh: number;
  angle: number;
  ellipse: boolean;
  colour: Rgb;
  stripes: number;
}

export interface ImageNuisances {
  yaw: number;
  pitch: number;
  roll: number;
  /** How much of the head turn the shoulders follow. */
  bodyFollow: number;
  scale: number;
  shiftX: number;
  shiftY: number;
  gazeYaw: number;
  gazePitch: number;
  /** Unit vector towards the light, camera space (x right, y down, z into the scene). */
  lightDirection: Vec3;
  lightIntensity: number;
  ambient: number;
  whiteBalance: Rgb;
  exposure: number;
  mouthOpen: number;
  smile: number;
  browRaise: number;
  eyeOpen: number;
  glasses: GlassesParams | null;
  background: BackgroundParams;
  clothing: { colour: Rgb; stripes: number; stripeColour: Rgb; collar: number };
  /** Blur sigma and noise std in 112-crop pixels and 0..1 intensity. */
  blurSigma: number;
  noiseStd: number;
  occluder: OccluderParams | null;
  /** Landmark detector error (x, y per point, head units) that the alignment sees. */
  detectorError: Float64Array;
  /** Seed for the per-pixel grain and noise of this image. */
  grainSeed: number;
}

const NEUTRAL_GREY: Rgb = [0.5, 0.5, 0.5];

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

function randomColour(rng: Rng): Rgb {
  // Mostly muted indoor/outdoor tones, sometimes saturated.
  const saturated = rng.next() < 0.25;
  const base = rng.uniform(0.15, 0.9);
  const spread = saturated ? 0.45 : 0.15;
  return [
    clamp(base + rng.uniform(-spread, spread), 0, 1),
    clamp(base + rng.uniform(-spread, spread), 0, 1),
    clamp(base + rng.uniform(-spread, spread), 0, 1),
  ];
}

const IMAGE_STREAM = 0x1a6e;

/** Draws the nuisances of image `index` of `identity`, scaled by `strength`. */
export function drawNuisances(seed: number, identity: number, index: number, strength: number): ImageNuisances {
  const rng = new Rng(streamSeed(IMAGE_STREAM, seed, identity, index));
  const s = strength;
  const deg = Math.PI / 180;
  const normal = (sd: number, limit: number) => clamp(rng.normal() * sd, -limit, limit) * s;
  // Every draw below happens at every strength, so strength only scales the result.
  const chance = (p: number) => rng.next() < p * Math.min(s, 1);

  const yaw = normal(16 * deg, 42 * deg);
  const pitch = normal(9 * deg, 25 * deg);
  const roll = normal(7 * deg, 20 * deg);
  const bodyFollow = rng.uniform(0, 0.6);
  const scale = Math.exp(normal(0.08, 0.2));
  const shiftX = normal(0.08, 0.25);
  const shiftY = normal(0.08, 0.25);
  const gazeYaw = normal(8 * deg, 20 * deg);
  const gazePitch = normal(6 * deg, 15 * deg);

  const azimuth = rng.uniform(-1, 1) * 75 * deg * Math.min(s, 1.5);
  const elevation = (25 + rng.uniform(-30, 30) * Math.min(s, 1)) * deg;
  const lightDirection: Vec3 = [
    Math.sin(azimuth) * Math.cos(elevation),
    -Math.sin(elevation),
    -Math.cos(azimuth) * Math.cos(elevation),
  ];
  const lightIntensity = 0.8 * Math.exp(normal(0.25, 0.6));
  const ambient = clamp(0.38 + normal(0.1, 0.25), 0.1, 0.8);
  const whiteBalance: Rgb = [Math.exp(normal(0.06, 0.18)), Math.exp(normal(0.03, 0.1)), Math.exp(normal(0.06, 0.18))];
  const exposure = Math.exp(normal(0.15, 0.4));

  const openDraw = rng.next();
  const mouthOpen = chance(0.3) ? s * (0.25 + 0.75 * openDraw) : 0;
  const smile = clamp(rng.normal() * 0.45 + 0.1, -0.6, 1) * Math.min(s, 1);
  const browRaise = normal(0.35, 1);
  const blink = chance(0.05);
  const eyeOpen = blink ? 0.15 : clamp(1 - Math.abs(rng.normal()) * 0.12 * s, 0.4, 1);

  const wantsGlasses = chance(0.22);
  const glassesDraw: GlassesParams = {
    frameColour: rng.next() < 0.6 ? [0.05, 0.05, 0.05] : randomColour(rng),
    sunglasses: rng.next() < 0.2,
    lensHalfWidth: rng.uniform(0.14, 0.19),
    lensHalfHeight: rng.uniform(0.09, 0.14),
    thickness: rng.uniform(0.012, 0.03),
  };

  const clutterCount = rng.int(6);
  const clutter: ClutterShape[] = [];
  for (let i = 0; i < clutterCount; i++) {
    clutter.push({
      cx: rng.uniform(-0.1, 1.1),
      cy: rng.uniform(-0.1, 1.1),
      hw: rng.uniform(0.05, 0.35),
      hh: rng.uniform(0.05, 0.35),
      ellipse: rng.next() < 0.4,
      colour: mixRgb(NEUTRAL_GREY, randomColour(rng), Math.min(s, 1)),
    });
  }
  const gradientAngle = rng.uniform(0, Math.PI * 2);
  const waves = new Float64Array(6);
  for (let i = 0; i < 2; i++) waves.set([rng.uniform(-3, 3), rng.uniform(-3, 3), rng.uniform(0, Math.PI * 2)], i * 3);
  const background: BackgroundParams = {
    from: mixRgb(NEUTRAL_GREY, randomColour(rng), Math.min(s, 1)),
    to: mixRgb(NEUTRAL_GREY, randomColour(rng), Math.min(s, 1)),
    direction: [Math.cos(gradientAngle), Math.sin(gradientAngle)],
    radial: rng.next() < 0.3,
    blotch: rng.uniform(0, 0.12) * s,
    waves,
    grain: rng.uniform(0, 0.06) * s,
    stripes: rng.next() < 0.25 ? rng.uniform(0.03, 0.12) * s : 0,
    stripeFrequency: rng.uniform(2, 9),
    clutter: clutter.slice(0, Math.round(clutterCount * Math.min(s, 1))),
  };

  const clothing = {
    colour: mixRgb([0.35, 0.35, 0.38], randomColour(rng), Math.min(s, 1)),
    stripes: rng.next() < 0.25 ? Math.min(s, 1) : 0,
    stripeColour: randomColour(rng),
    collar: rng.next() < 0.4 ? Math.min(s, 1) : 0,
  };

  const blurSigma = 0.45 + Math.min(1.5, Math.abs(rng.normal())) * 0.4 * s;
  const noiseStd = Math.abs(rng.normal()) * 0.02 * s;

  const wantsOccluder = chance(0.15);
  const occluderDraw: OccluderParams = {
    cx: rng.uniform(0.15, 0.85),
    cy: rng.uniform(0.25, 1.0),
    hw: rng.uniform(0.08, 0.22),
    hh: rng.uniform(0.08, 0.22),
    angle: rng.uniform(0, Math.PI),
    ellipse: rng.next() < 0.5,
    colour: randomColour(rng),
    stripes: rng.next() < 0.3 ? rng.uniform(0.05, 0.2) : 0,
  };

  const detectorError = new Float64Array(10);
  for (let i = 0; i < 10; i++) detectorError[i] = normal(0.025, 0.08);

  return {
    yaw,
    pitch,
    roll,
    bodyFollow,
    scale,
    shiftX,
    shiftY,
    gazeYaw,
    gazePitch,
    lightDirection,
    lightIntensity,
    ambient,
    whiteBalance,
    exposure,
    mouthOpen,
    smile,
    browRaise,
    eyeOpen,
    glasses: wantsGlasses ? glassesDraw : null,
    background,
    clothing,
    blurSigma,
    noiseStd,
    occluder: wantsOccluder ? occluderDraw : null,
    detectorError,
    grainSeed: rng.nextUint32(),
  };
}
