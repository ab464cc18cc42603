// Which ray hits on a clipped part count: the eye openings and an open mouth are
// holes in the skin; the hair cap covers the head only above a hairline that runs
// from the forehead down the sides to the nape; long hair hangs behind the ears
// only; clear lenses keep only their rims. Points are in head space.
import type { FacePaint } from './face-paint.js';

export const HIT_KEEP = 0;
/** Missed here; the far side of the same part may still count. */
export const HIT_TRY_FAR_SIDE = 1;
/** A hole in the skin: the ray goes on to what lies behind. */
export const HIT_HOLE = 2;

/** True where (x, y) on the front of the face lies inside an eye opening or an open mouth. */
export function inFaceOpening(p: FacePaint, x: number, y: number, z: number): boolean {
  if (z < 0.2) return false;
  const dx = (x < 0 ? -x : x) - p.eyeX;
  if (dx > -p.eyeHalfWidth && dx < p.eyeHalfWidth) {
    const dy = y - p.eyeY - p.eyeTilt * dx;
    const h = dy > 0 ? p.eyeUp : p.eyeDown;
    const ex = dx / p.eyeHalfWidth;
    const ey = dy / h;
    if (ex * ex + ey * ey < 1) return true;
  }
  if (p.mouthOpen > 0) {
    const t = x / p.mouthHalfWidth;
    if (t > -1 && t < 1) {
      const centre = p.mouthY + p.mouthCurve * t * t;
      const half = 0.5 * p.mouthOpen * Math.sqrt(1 - t * t);
      if (y > centre - half && y < centre + half) return true;
    }
  }
  return false;
}

/** Lowest y the hair cap reaches at this point's direction around the head. */
export function hairBoundaryY(p: FacePaint, x: number, z: number): number {
  const r = Math.sqrt(x * x + z * z);
  const frontness = r > 0 ? z / r : 0;
  if (frontness > 0.35) {
    const front = p.hairlineY - p.fringe * (1 + p.fringeSide * x * 1.4);
    return p.sideLengthY + (front - p.sideLengthY) * ((frontness - 0.35) / 0.65);
  }
  return p.backLengthY + (p.sideLengthY - p.backLengthY) * ((frontness + 1) / 1.35);
}

/** Verdict on a hit at head-space p (part-sphere q): HIT_KEEP, HIT_TRY_FAR_SIDE or HIT_HOLE. */
export type ClipRule = (p: FacePaint, px: number, py: number, pz: number, qx: number, qy: number) => number;

export const clipFaceHoles: ClipRule = (p, px, py, pz) => (inFaceOpening(p, px, py, pz) ? HIT_HOLE : HIT_KEEP);

export const clipHairCap: ClipRule = (p, px, py, pz) => (py > hairBoundaryY(p, px, pz) ? HIT_KEEP : HIT_TRY_FAR_SIDE);

export const clipHairBack: ClipRule = (p, _px, py, pz) => (pz < 0 && py > p.backLengthY ? HIT_KEEP : HIT_TRY_FAR_SIDE);

export const clipLens: ClipRule = (p, _px, _py, _pz, qx, qy) => (qx * qx + qy * qy > p.lensInner * p.lensInner ? HIT_KEEP : HIT_HOLE);
