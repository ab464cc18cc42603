// Builds one person with one expression as a set of ellipsoids in head space (and
// body space for neck and shoulders), plus the numbers the surface painter needs.
// Feature holes make the 3D look: the eye openings and an open mouth are cut out of
// the skin surfaces, so rays pass through them to the eyeballs and the mouth cavity
// set behind the skin, with correct parallax when the head turns.
import type { FacePaint } from './face-paint.js';
import type { IdentityParams } from './identity-params.js';
import type { ImageNuisances } from './image-nuisances.js';
import { apply3, diag3, invert3, mul3, rotX, rotY, sub3, type Mat3, type Vec3 } from './mat3.js';
import { clipFaceHoles, clipHairBack, clipHairCap, clipLens, type ClipRule } from './surface-clip.js';
import { CLOTHING, EYE, GLASSES, HAIR, MOUTH, NECK, SKIN, type Material } from './surface-paint.js';

/** Parts move with the head (turned by the full pose) or with the body (shoulders follow only partly). */
export const FRAME_HEAD = 0;
export const FRAME_BODY = 1;

export interface ScenePart {
  name: string;
  frame: number;
  material: Material;
  /** Which hits count; null: all. */
  clip: ClipRule | null;
  center: Vec3;
  /** Local unit sphere → frame space: rotation times diag(radii). */
  axes: Mat3;
}

export interface HeadScene {
  parts: ScenePart[];
  /** Five landmarks in head space (x, y, z each), ArcFace order. */
  landmarks: Float64Array;
  /** The point the head turns about (top of the neck). */
  pivot: Vec3;
  paint: FacePaint;
}

function ellipsoid(name: string, frame: number, material: Material, clip: ClipRule | null, center: Vec3, radii: Vec3, rotation?: Mat3): ScenePart {
  const scaleAxes = diag3(radii[0], radii[1], radii[2]);
  return { name, frame, material, clip, center, axes: rotation ? mul3(rotation, scaleAxes) : scaleAxes };
}

/** Depth (largest z) where the line x = x0, y = y0 meets `part`, or -Infinity. */
function frontZ(part: ScenePart, x0: number, y0: number): number {
  const inv = invert3(part.axes);
  const o = apply3(inv, sub3([x0, y0, 0], part.center));
  const d: Vec3 = [inv[2], inv[5], inv[8]];
  const a = d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
  const b = o[0] * d[0] + o[1] * d[1] + o[2] * d[2];
  const c = o[0] * o[0] + o[1] * o[1] + o[2] * o[2] - 1;
  const disc = b * b - a * c;
  return disc < 0 ? -Infinity : (-b + Math.sqrt(disc)) / a;
}

function surfaceZ(parts: readonly ScenePart[], x: number, y: number): number {
  let z = -Infinity;
  for (const part of parts) z = Math.max(z, frontZ(part, x, y));
  return z;
}

/** The point of `part` furthest along +z. */
function frontPoint(part: ScenePart): Vec3 {
  const m = part.axes;
  const g: Vec3 = [m[6], m[7], m[8]];
  const len = Math.hypot(g[0], g[1], g[2]);
  const offset = apply3(m, [g[0] / len, g[1] / len, g[2] / len]);
  return [part.center[0] + offset[0], part.center[1] + offset[1], part.center[2] + offset[2]];
}

function onSurface(skin: readonly ScenePart[], spots: Float64Array): Float64Array {
  const n = spots.length / 3;
  const out = new Float64Array(n * 4);
  for (let i = 0; i < n; i++) {
    const x = spots[3 * i];
    const y = spots[3 * i + 1];
    out.set([x, y, surfaceZ(skin, x, y), spots[3 * i + 2]], 4 * i);
  }
  return out;
}

export function buildHeadScene(person: IdentityParams, look: ImageNuisances): HeadScene {
  const open = look.mouthOpen;
  const cr = person.cranium.radii;
  const cranium = ellipsoid('cranium', FRAME_HEAD, SKIN, clipFaceHoles, [0, person.cranium.centerY, -0.15], cr);
  const face = ellipsoid('face', FRAME_HEAD, SKIN, clipFaceHoles, [0, -0.1, 0.02], [person.face.width, 0.9, person.face.fullness]);
  const jawDrop = 0.09 * open;
  const jaw = ellipsoid('jaw', FRAME_HEAD, SKIN, clipFaceHoles, [0, -0.42 - jawDrop, 0], [person.jaw.width, person.jaw.height, person.jaw.depth]);
  const chin = ellipsoid(
    'chin',
    FRAME_HEAD,
    SKIN,
    clipFaceHoles,
    [0, -0.9 - jawDrop * 1.1 + person.chin.height - 0.24, person.chin.protrusion],
    [person.chin.width, person.chin.height, 0.42],
  );
  const skinShell = [cranium, face, jaw, chin];

  const n = person.nose;
  const tipZ = surfaceZ(skinShell, 0, n.tipY) + n.protrusion;
  const noseBody = ellipsoid('nose', FRAME_HEAD, SKIN, null, [0, 0, 0], [n.width, n.length, 0.17], rotX(-n.tilt));
  const tipOffset = sub3(frontPoint(noseBody), noseBody.center);
  noseBody.center = [0, n.tipY - tipOffset[1], tipZ - tipOffset[2]];
  const wingY = n.tipY - 0.07;
  const wingZ = tipZ - 0.17;
  const wings = [-1, 1].map((side) =>
    ellipsoid(side < 0 ? 'noseWingLeft' : 'noseWingRight', FRAME_HEAD, SKIN, null, [side * n.width * 0.85, wingY, wingZ], [n.wing, 0.065, 0.09]),
  );

  const e = person.eyes;
  const eyeRadius = 0.19;
  const eyeballs = [-1, 1].map((side) => {
    const x = side * e.halfSeparation;
    const z = surfaceZ(skinShell, x, e.y) - eyeRadius - 0.004;
    return ellipsoid(side < 0 ? 'eyeLeft' : 'eyeRight', FRAME_HEAD, EYE, null, [x, e.y, z], [eyeRadius, eyeRadius, eyeRadius], mul3(rotY(look.gazeYaw), rotX(-look.gazePitch)));
  });

  const m = person.mouth;
  const mouthHalfWidth = m.halfWidth * (1 + 0.08 * look.smile + 0.05 * open);
  const mouthCurve = 0.045 * look.smile;
  const mouthOpen = 0.13 * open;
  const mouthY = m.y - jawDrop * 0.5;
  const mouthSurface = surfaceZ(skinShell, 0, mouthY);
  const parts: ScenePart[] = [cranium, face, jaw, chin, noseBody, ...wings, ...eyeballs];
  if (open > 0) {
    parts.push(ellipsoid('mouthCavity', FRAME_HEAD, MOUTH, null, [0, mouthY + mouthCurve * 0.5, mouthSurface - 0.12], [mouthHalfWidth * 0.95, Math.max(0.06, mouthOpen), 0.12]));
  }

  const ears = [-1, 1].map((side) =>
    ellipsoid(
      side < 0 ? 'earLeft' : 'earRight',
      FRAME_HEAD,
      SKIN,
      null,
      [side * cr[0] * 0.93, person.ears.y, -0.12],
      [0.06, 0.25 * person.ears.size, 0.15 * person.ears.size],
      rotY(side * person.ears.protrusion),
    ),
  );
  parts.push(...ears);

  const h = person.hair;
  parts.push(ellipsoid('hairCap', FRAME_HEAD, HAIR, clipHairCap, [0, person.cranium.centerY + h.volume * 0.45, -0.16], [cr[0] + h.volume, cr[1] + h.volume * 0.9, cr[2] + h.volume]));
  if (h.backLengthY < -0.55) {
    const top = 0.8;
    parts.push(ellipsoid('hairBack', FRAME_HEAD, HAIR, clipHairBack, [0, (top + h.backLengthY) / 2, -0.42], [cr[0] + h.volume + 0.06, (top - h.backLengthY) / 2, 0.78]));
  }

  parts.push(ellipsoid('neck', FRAME_BODY, NECK, null, [0, -1.25, -0.22], [person.neckWidth, 0.8, person.neckWidth * 0.95]));
  parts.push(ellipsoid('torso', FRAME_BODY, CLOTHING, null, [0, -2.5, -0.3], [1.8, 0.95, 0.75]));

  const g = look.glasses;
  if (g) {
    const lensZ = surfaceZ(skinShell, e.halfSeparation, e.y) + 0.16;
    for (const side of [-1, 1]) {
      parts.push(ellipsoid('lens', FRAME_HEAD, GLASSES, g.sunglasses ? null : clipLens, [side * e.halfSeparation, e.y - 0.01, lensZ], [g.lensHalfWidth, g.lensHalfHeight, 0.012]));
      const templeX = side * (e.halfSeparation + g.lensHalfWidth * 0.97);
      parts.push(ellipsoid('temple', FRAME_HEAD, GLASSES, null, [templeX + side * 0.02, e.y + 0.02, lensZ - 0.5], [0.018, 0.018, 0.5]));
    }
    const bridgeHalf = e.halfSeparation - g.lensHalfWidth + 0.02;
    parts.push(ellipsoid('bridge', FRAME_HEAD, GLASSES, null, [0, e.y + 0.03, lensZ + 0.005], [Math.max(0.03, bridgeHalf), 0.016, 0.016]));
  }

  const eyeFrontZ = (side: number) => surfaceZ(skinShell, side * e.halfSeparation, e.y) - 0.01;
  const cornerY = mouthY + mouthCurve;
  const landmarks = Float64Array.from([
    -e.halfSeparation, e.y, eyeFrontZ(-1),
    e.halfSeparation, e.y, eyeFrontZ(1),
    0, n.tipY, tipZ,
    -mouthHalfWidth, cornerY, surfaceZ(skinShell, -mouthHalfWidth, cornerY),
    mouthHalfWidth, cornerY, surfaceZ(skinShell, mouthHalfWidth, cornerY),
  ]);

  const b = person.brows;
  const paint: FacePaint = {
    skin: person.skin.colour,
    lip: [person.skin.colour[0] * (1 - m.lipTint * 0.15) + m.lipTint * 0.12, person.skin.colour[1] * (1 - m.lipTint * 1.1), person.skin.colour[2] * (1 - m.lipTint * 0.9)],
    hair: h.colour,
    brow: [h.colour[0] * 0.75, h.colour[1] * 0.72, h.colour[2] * 0.7],
    iris: e.iris,
    blush: person.skin.blush,
    textureAmplitude: person.skin.textureAmplitude,
    textureWaves: person.skin.textureWaves,
    eyeX: e.halfSeparation,
    eyeY: e.y,
    eyeHalfWidth: e.width,
    eyeUp: e.height * 1.15 * look.eyeOpen,
    eyeDown: e.height * 0.85 * Math.max(0.3, look.eyeOpen),
    eyeTilt: e.tilt,
    irisCos: Math.cos(e.irisSize),
    pupilCos: Math.cos(e.irisSize * 0.42),
    browY: e.y + b.height + 0.04 * look.browRaise,
    browThickness: b.thickness,
    browArch: b.arch + 0.01 * look.browRaise,
    browHalfLength: b.halfLength,
    browTilt: b.tilt,
    browDensity: b.density,
    mouthY,
    mouthHalfWidth,
    mouthCurve,
    mouthOpen,
    upperLip: m.upperLip,
    lowerLip: m.lowerLip,
    noseTipY: n.tipY,
    noseTipZ: tipZ,
    nostrilX: n.width * 0.5,
    moles: onSurface(skinShell, person.moles.spots),
    moleDarkness: person.moles.darkness,
    freckles: onSurface(skinShell, person.freckles.spots),
    freckleDarkness: person.freckles.darkness,
    hairlineY: h.hairlineY,
    fringe: h.fringe,
    fringeSide: h.fringeSide,
    sideLengthY: h.sideLengthY,
    backLengthY: h.backLengthY,
    strandFrequency: h.strandFrequency,
    curl: h.curl,
    beardDensity: person.beard.density,
    moustacheDensity: person.beard.density * (0.4 + 0.6 * person.beard.moustache),
    beardCheekY: person.beard.cheekLineY,
    clothing: look.clothing.colour,
    clothingStripes: look.clothing.stripes,
    stripeColour: look.clothing.stripeColour,
    collar: look.clothing.collar,
    glassesFrame: g ? g.frameColour : [0, 0, 0],
    sunglasses: g ? g.sunglasses : false,
    lensInner: g ? 1 - g.thickness / Math.min(g.lensHalfWidth, g.lensHalfHeight) : 0,
  };
  return { parts, landmarks, pivot: [0, -0.95, -0.2], paint };
}
