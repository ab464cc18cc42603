// Materials: albedo and shininess at a hit point, from the point in head space (p)
// or on the part's unit sphere (q). Features are painted where they sit on the head,
// so they turn and foreshorten with it. Painters write into a reused scratch array
// to keep the per-pixel path free of allocation; a part holds its material's painter
// directly, so the pixel loop dispatches by a function call, not a lookup.
import type { FacePaint } from './face-paint.js';

/** Scratch layout: r, g, b albedo, specular weight, shininess exponent (power of two). */
export const SURFACE_SLOTS = 5;

function set(out: Float64Array, r: number, g: number, b: number, spec: number, shininess: number): void {
  out[0] = r;
  out[1] = g;
  out[2] = b;
  out[3] = spec;
  out[4] = shininess;
}

function mixInto(out: Float64Array, r: number, g: number, b: number, w: number): void {
  out[0] += (r - out[0]) * w;
  out[1] += (g - out[1]) * w;
  out[2] += (b - out[2]) * w;
}

function skinTexture(p: FacePaint, x: number, y: number, z: number): number {
  const w = p.textureWaves;
  const sum =
    Math.sin(w[0] * x + w[1] * y + w[2] * z + w[3]) +
    Math.sin(w[4] * x + w[5] * y + w[6] * z + w[7]) +
    Math.sin(w[8] * x + w[9] * y + w[10] * z + w[11]);
  return 1 + p.textureAmplitude * sum * 0.333;
}

function spotsCover(spots: Float64Array, x: number, y: number, z: number): number {
  let cover = 0;
  for (let i = 0; i < spots.length; i += 4) {
    const dx = x - spots[i];
    const dy = y - spots[i + 1];
    const dz = z - spots[i + 2];
    const r = spots[i + 3];
    const d2 = dx * dx + dy * dy + dz * dz;
    if (d2 < r * r) cover = Math.max(cover, 1 - d2 / (r * r) * 0.5);
  }
  return cover;
}

function paintFaceFeatures(p: FacePaint, x: number, y: number, z: number, out: Float64Array): void {
  const ax = x < 0 ? -x : x;

  const bdx = ax - p.eyeX - 0.5;
  const bdy = y + 0.12;
  const blush = (bdx + 0.05) * (bdx + 0.05) + bdy * bdy;
  if (blush < 0.07) {
    const w = p.blush * (1 - blush / 0.07);
    out[0] += w * 0.4;
    out[1] -= w * 0.25;
    out[2] -= w * 0.2;
  }

  // Eye surroundings: a soft socket shadow, lashes along the upper lid, a lid crease.
  const dx = ax - p.eyeX;
  if (dx > -p.eyeHalfWidth * 1.8 && dx < p.eyeHalfWidth * 1.8) {
    const dy = y - p.eyeY - p.eyeTilt * dx;
    if (dy > -0.16 && dy < 0.2) {
      const sx = dx / (p.eyeHalfWidth * 1.8);
      const sy = dy / 0.17;
      const socket = 1 - (sx * sx + sy * sy);
      if (socket > 0) {
        const k = 1 - 0.22 * socket;
        out[0] *= k;
        out[1] *= k;
        out[2] *= k * 0.97;
      }
      const ex = dx / p.eyeHalfWidth;
      if (ex > -1.15 && ex < 1.15) {
        const lid = Math.sqrt(Math.max(0, 1 - ex * ex));
        const upper = dy - p.eyeUp * lid;
        if (upper > -0.002 && upper < 0.022) mixInto(out, 0.08, 0.06, 0.05, 0.85);
        else if (upper > 0.035 && upper < 0.05) mixInto(out, out[0] * 0.7, out[1] * 0.65, out[2] * 0.65, 0.6);
        const lower = -dy - p.eyeDown * lid;
        if (lower > -0.002 && lower < 0.01) mixInto(out, out[0] * 0.7, out[1] * 0.6, out[2] * 0.6, 0.6);
      }
    }
  }

  // Brows: an arched band above each eye with hair streaks.
  const bx = ax - p.eyeX - 0.02;
  const tb = bx / p.browHalfLength;
  if (tb > -1 && tb < 1) {
    const centre = p.browY + p.browArch * (1 - tb * tb) + p.browTilt * bx;
    const half = p.browThickness * (1 - 0.45 * (tb + 1) * (tb + 1) * 0.25);
    const d = y - centre;
    if (d > -half && d < half) {
      const streak = 0.75 + 0.25 * Math.sin(140 * x + 40 * y);
      mixInto(out, p.brow[0], p.brow[1], p.brow[2], p.browDensity * streak);
    }
  }

  // Lips around the mouth line, a dark line where they meet.
  const t = x / p.mouthHalfWidth;
  if (t > -1.05 && t < 1.05) {
    const centre = p.mouthY + p.mouthCurve * t * t;
    const shape = Math.sqrt(Math.max(0, 1 - t * t));
    const gap = 0.5 * p.mouthOpen * shape;
    const d = y - centre;
    const bow = t > -0.25 && t < 0.25 ? 0.012 * (1 - (t * t) / 0.0625) : 0;
    if (d > gap && d < gap + p.upperLip * shape + 0.004 - bow) {
      mixInto(out, p.lip[0] * 0.92, p.lip[1] * 0.92, p.lip[2] * 0.92, 0.9);
    } else if (d < -gap && d > -gap - p.lowerLip * shape - 0.004) {
      mixInto(out, p.lip[0], p.lip[1], p.lip[2], 0.9);
      out[3] = 0.22;
    }
    if (d > -gap - 0.009 && d < gap + 0.009) mixInto(out, 0.25, 0.1, 0.09, 0.75);
  }

  // Nostrils on the underside of the nose.
  const ny = y - p.noseTipY + 0.085;
  if (ny > -0.04 && ny < 0.03 && z > p.noseTipZ - 0.25) {
    const nx = (ax - p.nostrilX) / 0.04;
    const nyy = ny / 0.025;
    if (nx * nx + nyy * nyy < 1) mixInto(out, 0.12, 0.05, 0.05, 0.85);
  }

  // Beard and moustache: hair-coloured stubble with a ragged edge.
  if (p.beardDensity > 0 && y < p.beardCheekY) {
    const onLips = t > -1.05 && t < 1.05 && Math.abs(y - p.mouthY) < p.lowerLip + 0.03;
    if (!onLips) {
      const edge = Math.min(1, (p.beardCheekY - y) / 0.12);
      const grain = 0.7 + 0.3 * Math.sin(170 * x) * Math.sin(150 * y + 3 * x);
      mixInto(out, p.hair[0] * 0.8, p.hair[1] * 0.8, p.hair[2] * 0.8, Math.min(1, p.beardDensity * edge * grain));
    }
  }
  if (p.moustacheDensity > 0 && ax < p.mouthHalfWidth + 0.04 && y > p.mouthY + p.upperLip && y < p.noseTipY - 0.11) {
    const grain = 0.7 + 0.3 * Math.sin(160 * x + 20 * y);
    mixInto(out, p.hair[0] * 0.8, p.hair[1] * 0.8, p.hair[2] * 0.8, Math.min(1, p.moustacheDensity * grain));
  }
}

function paintSkin(p: FacePaint, x: number, y: number, z: number, _qx: number, _qy: number, _qz: number, out: Float64Array): void {
  const k = skinTexture(p, x, y, z);
  set(out, p.skin[0] * k, p.skin[1] * k, p.skin[2] * k, 0.1, 16);
  if (z > 0) paintFaceFeatures(p, x, y, z, out);
  if (p.freckleDarkness > 0) {
    const f = spotsCover(p.freckles, x, y, z) * p.freckleDarkness;
    if (f > 0) mixInto(out, p.skin[0] * 0.55, p.skin[1] * 0.4, p.skin[2] * 0.3, f);
  }
  if (p.moles.length > 0) {
    const m = spotsCover(p.moles, x, y, z) * p.moleDarkness;
    if (m > 0) mixInto(out, 0.2, 0.12, 0.09, m);
  }
}

function paintHair(p: FacePaint, x: number, y: number, z: number, _qx: number, _qy: number, _qz: number, out: Float64Array): void {
  const wave = p.strandFrequency * (x * 0.9 + z * 0.45) + p.curl * 3 * Math.sin(9 * y + 5 * x);
  const k = 0.86 + 0.09 * Math.sin(wave) + 0.05 * Math.sin(wave * 2.7 + 11 * y);
  set(out, p.hair[0] * k, p.hair[1] * k, p.hair[2] * k, 0.22, 8);
}

function paintEye(p: FacePaint, qx: number, qy: number, qz: number, out: Float64Array): void {
  if (qz > p.pupilCos) {
    set(out, 0.02, 0.02, 0.02, 0.9, 64);
  } else if (qz > p.irisCos) {
    const radial = (qz - p.irisCos) / (p.pupilCos - p.irisCos);
    const k = 0.55 + 0.45 * Math.min(1, radial * 2.5) * (0.85 + 0.15 * Math.sin(Math.atan2(qy, qx) * 14));
    set(out, p.iris[0] * k, p.iris[1] * k, p.iris[2] * k, 0.9, 64);
  } else {
    const k = 0.78 + 0.18 * qz;
    set(out, 0.93 * k, 0.9 * k, 0.87 * k, 0.7, 32);
  }
}

function paintMouth(qy: number, qz: number, out: Float64Array): void {
  if (qy > 0.25 && qz > 0.2) set(out, 0.9, 0.88, 0.8, 0.4, 16);
  else set(out, 0.28, 0.07, 0.07, 0.05, 8);
}

function paintClothing(p: FacePaint, x: number, y: number, out: Float64Array): void {
  const c = p.clothing;
  set(out, c[0], c[1], c[2], 0.04, 8);
  if (p.clothingStripes > 0 && Math.sin(28 * y) > 0.4) mixInto(out, p.stripeColour[0], p.stripeColour[1], p.stripeColour[2], p.clothingStripes);
  if (p.collar > 0 && y > -1.74 && Math.abs(x) < 0.75 + (y + 1.74) * 1.5) mixInto(out, 0.92, 0.92, 0.9, p.collar);
}

export type Painter = (p: FacePaint, px: number, py: number, pz: number, qx: number, qy: number, qz: number, out: Float64Array) => void;

export interface Material {
  name: string;
  paint: Painter;
  /** Part of the skin union: normals blend where two such surfaces meet. */
  skin: boolean;
  /** Meant to be seen through the skin's holes (eye openings, open mouth). */
  behindHoles: boolean;
}

export const SKIN: Material = { name: 'skin', paint: paintSkin, skin: true, behindHoles: false };

export const NECK: Material = {
  name: 'neck',
  paint: (p, px, py, pz, _qx, _qy, _qz, out) => {
    const k = 0.8 * skinTexture(p, px, py, pz);
    set(out, p.skin[0] * k, p.skin[1] * k, p.skin[2] * k, 0.05, 16);
  },
  skin: true,
  behindHoles: false,
};

export const HAIR: Material = { name: 'hair', paint: paintHair, skin: false, behindHoles: false };

export const EYE: Material = { name: 'eye', paint: (p, _px, _py, _pz, qx, qy, qz, out) => paintEye(p, qx, qy, qz, out), skin: false, behindHoles: true };

export const MOUTH: Material = { name: 'mouth', paint: (_p, _px, _py, _pz, _qx, qy, qz, out) => paintMouth(qy, qz, out), skin: false, behindHoles: true };

export const CLOTHING: Material = { name: 'clothing', paint: (p, px, py, _pz, _qx, _qy, _qz, out) => paintClothing(p, px, py, out), skin: false, behindHoles: false };

export const GLASSES: Material = {
  name: 'glasses',
  paint: (p, _px, _py, _pz, qx, qy, _qz, out) => {
    const rim = qx * qx + qy * qy > p.lensInner * p.lensInner;
    if (rim || !p.sunglasses) set(out, p.glassesFrame[0], p.glassesFrame[1], p.glassesFrame[2], 0.5, 32);
    else set(out, 0.04, 0.04, 0.06, 0.9, 64);
  },
  skin: false,
  // Glasses sit in front of the face; a ray through an eye opening may still hit a rim.
  behindHoles: true,
};
