// One synthetic face image: draw the person and the photo's nuisances, pose the head
// in an orthographic camera, find where its five landmarks appear (plus a landmark
// detector's error), and render straight into the ArcFace-aligned crop: the
// similarity from detected landmarks to the template is folded into the camera, so
// the output is what cv2.warpAffine alignment of a larger photo would give, without
// a resampling pass. Deterministic in (seed, identity, index).
import { hashSeed } from '../../common/random/rng.js';
import { arcfaceTemplate } from './arcface-template.js';
import { paintBackground } from './background.js';
import { buildHeadScene, FRAME_BODY, FRAME_HEAD, type HeadScene } from './head-scene.js';
import { drawIdentity } from './identity-params.js';
import { applyColourGains, gaussianBlur, paintOccluder, quantiseWithNoise } from './image-effects.js';
import { drawNuisances, type ImageNuisances } from './image-nuisances.js';
import { apply3, diag3, mul3, rotX, rotY, rotZ, scale3, sub3, type Mat3, type Vec3 } from './mat3.js';
import { renderScene, type FrameToOutput } from './ray-cast-renderer.js';
import { estimateSimilarity, similarityScale, type Similarity2 } from './similarity-transform.js';
import { validateImageKey, validateSyntheticOptions, type SyntheticOptions } from './synthetic-options.js';

export interface RenderedFace {
  /** size*size*3 RGB, row-major (HWC). */
  pixels: Uint8Array;
  /** Five landmarks (x, y) in output pixels, pixel centres at integers, ArcFace order. */
  landmarks: Float32Array;
}

/** Head space (y up, z out of the face) to camera space (y down, z into the scene). */
const HEAD_TO_CAMERA: Mat3 = diag3(1, -1, -1);

/** Head units between the template's eyes: 35.24 px of 112 for 0.84 units. */
const PIXELS_PER_UNIT_AT_64 = (35.2372 / 0.84) * (64 / 112);

/** How the head and the body sit in the camera: camera = scale · R · F · (p − pivot) + scale · F · pivot + shift. */
interface CameraPose {
  rotations: [Mat3, Mat3];
  scale: number;
  offsets: [Vec3, Vec3];
}

function cameraPose(scene: HeadScene, look: ImageNuisances): CameraPose {
  const head = mul3(rotZ(look.roll), mul3(rotY(look.yaw), rotX(look.pitch)));
  const body = mul3(rotZ(look.roll * look.bodyFollow), rotY(look.yaw * look.bodyFollow));
  const pivotCamera = apply3(HEAD_TO_CAMERA, scene.pivot);
  const offset = (r: Mat3): Vec3 => {
    const turned = apply3(mul3(r, HEAD_TO_CAMERA), scene.pivot);
    const d = sub3(pivotCamera, turned);
    return [look.scale * d[0] + look.shiftX, look.scale * d[1] + look.shiftY, look.scale * d[2]];
  };
  return { rotations: [head, body], scale: look.scale, offsets: [offset(head), offset(body)] };
}

/** Camera-plane (x, y) of the five head-space landmarks. */
function projectLandmarks(scene: HeadScene, pose: CameraPose): Float64Array {
  const m = scale3(mul3(pose.rotations[FRAME_HEAD], HEAD_TO_CAMERA), pose.scale);
  const out = new Float64Array(10);
  for (let i = 0; i < 5; i++) {
    const p = apply3(m, [scene.landmarks[3 * i], scene.landmarks[3 * i + 1], scene.landmarks[3 * i + 2]]);
    out[2 * i] = p[0] + pose.offsets[FRAME_HEAD][0];
    out[2 * i + 1] = p[1] + pose.offsets[FRAME_HEAD][1];
  }
  return out;
}

/** Frames composed with the image-plane similarity (its scale also applied to depth). */
function framesToOutput(pose: CameraPose, toOutput: Similarity2): FrameToOutput[] {
  const sigma = similarityScale(toOutput);
  const plane: Mat3 = [toOutput.a, -toOutput.b, 0, toOutput.b, toOutput.a, 0, 0, 0, sigma];
  return [FRAME_HEAD, FRAME_BODY].map((f) => {
    const c = apply3(plane, pose.offsets[f]);
    return {
      m: mul3(plane, scale3(mul3(pose.rotations[f], HEAD_TO_CAMERA), pose.scale)),
      c: [c[0] + toOutput.tx, c[1] + toOutput.ty, c[2]],
    };
  });
}

// Float working buffers, one pair per image size, reused by every render in this thread.
const workBuffers = new Map<number, { rgb: Float32Array; scratch: Float32Array }>();

function buffersFor(size: number): { rgb: Float32Array; scratch: Float32Array } {
  let buffers = workBuffers.get(size);
  if (!buffers) {
    buffers = { rgb: new Float32Array(size * size * 3), scratch: new Float32Array(size * size * 3) };
    workBuffers.set(size, buffers);
  }
  return buffers;
}

function renderThrough(scene: HeadScene, look: ImageNuisances, pose: CameraPose, toOutput: Similarity2, size: number): Uint8Array {
  const { rgb, scratch } = buffersFor(size);
  paintBackground(look.background, look.grainSeed, size, rgb);
  const sigma = similarityScale(toOutput);
  const [lx, ly, lz] = look.lightDirection;
  const light = {
    direction: [(toOutput.a * lx - toOutput.b * ly) / sigma, (toOutput.b * lx + toOutput.a * ly) / sigma, lz] as Vec3,
    intensity: look.lightIntensity,
    ambient: look.ambient,
  };
  renderScene(scene, framesToOutput(pose, toOutput), light, size, rgb);
  if (look.occluder) paintOccluder(look.occluder, size, rgb);
  applyColourGains(look.whiteBalance, look.exposure, rgb);
  // Blur is given in pixels of a 64 crop (24 px per head unit), so it scales with the face.
  gaussianBlur(rgb, size, (look.blurSigma * sigma) / PIXELS_PER_UNIT_AT_64, scratch);
  const pixels = new Uint8Array(rgb.length);
  quantiseWithNoise(rgb, look.noiseStd, hashSeed(look.grainSeed, 0x9015e), pixels);
  return pixels;
}

function landmarksThrough(points: Float64Array, t: Similarity2): Float32Array {
  const out = new Float32Array(10);
  for (let i = 0; i < 10; i += 2) {
    out[i] = t.a * points[i] - t.b * points[i + 1] + t.tx;
    out[i + 1] = t.b * points[i] + t.a * points[i + 1] + t.ty;
  }
  return out;
}

function prepare(opts: SyntheticOptions, identity: number, index: number) {
  validateSyntheticOptions(opts);
  validateImageKey(identity, index);
  const person = drawIdentity(opts.seed, identity, opts.spread);
  const look = drawNuisances(opts.seed, identity, index, opts.strength);
  const scene = buildHeadScene(person, look);
  const pose = cameraPose(scene, look);
  return { look, scene, pose, landmarks: projectLandmarks(scene, pose) };
}

/** Renders image `index` of `identity` as an ArcFace-aligned `opts.size` crop. */
export function renderFace(opts: SyntheticOptions, identity: number, index: number): RenderedFace {
  const { look, scene, pose, landmarks } = prepare(opts, identity, index);
  // Alignment sees the landmarks a detector would report, not the true ones.
  const detected = landmarks.map((v, i) => v + look.detectorError[i] * look.scale);
  const toOutput = estimateSimilarity(detected, arcfaceTemplate(opts.size));
  return { pixels: renderThrough(scene, look, pose, toOutput, opts.size), landmarks: landmarksThrough(landmarks, toOutput) };
}

/**
 * The same photo before alignment: the camera frame shown on a `canvas`-pixel square,
 * 1 head unit = canvas/5 pixels, camera origin at the centre. For checking an
 * alignment pipeline (such as `alignToArcface`) against the direct aligned render.
 */
export function renderFaceUnaligned(opts: SyntheticOptions, identity: number, index: number, canvas: number): RenderedFace {
  const { look, scene, pose, landmarks } = prepare(opts, identity, index);
  const toCanvas: Similarity2 = { a: canvas / 5, b: 0, tx: canvas / 2, ty: canvas / 2 };
  return { pixels: renderThrough(scene, look, pose, toCanvas, canvas), landmarks: landmarksThrough(landmarks, toCanvas) };
}
