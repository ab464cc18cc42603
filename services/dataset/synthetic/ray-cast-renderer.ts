// Orthographic ray casting of the head's ellipsoids into the output image. Each part
// is an affine image of the unit sphere in output space (u right, v down, w away
// from the viewer): p = A q + c. A ray through pixel (u, v) along +w becomes, in the
// part's sphere coordinates, q(t) = o0 + u·cu + v·cv + t·d, so per pixel and part the
// hit is one quadratic with precomputed coefficients, and the nearest accepted root
// wins. Normals are A⁻ᵀ q; shading is Lambert (slightly wrapped) + ambient + Blinn
// specular. Skin is a union of ellipsoids; where two skin surfaces pass within a
// short depth of each other their normals are blended, which hides the creases a
// hard union leaves at the seams. Everything per image lives in typed arrays; the
// pixel loop allocates nothing.
import { FRAME_HEAD, type HeadScene } from './head-scene.js';
import { apply3, invert3, mul3, transpose3, type Mat3, type Vec3 } from './mat3.js';
import { HIT_HOLE, HIT_KEEP, type ClipRule } from './surface-clip.js';
import { SURFACE_SLOTS, type Painter } from './surface-paint.js';

// Imported bindings can compile to getter calls (tsx's CommonJS path); the pixel
// loop reads these module-local copies instead.
const KEEP = HIT_KEEP;
const HOLE = HIT_HOLE;

/** Maps a frame (head or body space) into output space: p_out = m · p + c. */
export interface FrameToOutput {
  m: Mat3;
  c: Vec3;
}

export interface Lighting {
  /** Unit vector towards the light, output space. */
  direction: Vec3;
  intensity: number;
  ambient: number;
}

// Per-part layout in the Float64Array.
const CU = 0;
const CV = 3;
const D = 6;
const O0 = 9;
const INV_A = 12;
const NORMAL = 13;
const LOCAL_TO_FRAME = 22;
const FRAME_CENTER = 31;
const STRIDE = 34;

const SOCKET: Vec3 = [0.1, 0.05, 0.04];
const WRAP = 0.15;

/** Depth, in head units, over which the normals of two meeting skin parts blend. */
const SEAM_DEPTH = 0.16;

function normalAt(data: Float64Array, o: number, qx: number, qy: number, qz: number, out: Float64Array): void {
  const g = o + NORMAL;
  const nx = data[g] * qx + data[g + 1] * qy + data[g + 2] * qz;
  const ny = data[g + 3] * qx + data[g + 4] * qy + data[g + 5] * qz;
  const nz = data[g + 6] * qx + data[g + 7] * qy + data[g + 8] * qz;
  // The inside of a shell seen through a gap faces the viewer too.
  const k = nz > 0 ? -1 / Math.sqrt(nx * nx + ny * ny + nz * nz) : 1 / Math.sqrt(nx * nx + ny * ny + nz * nz);
  out[0] = nx * k;
  out[1] = ny * k;
  out[2] = nz * k;
}

/**
 * The pixels of row v whose rays meet part k: the line q = P + u·cu + t·d (P the row's
 * start) passes within distance 1 of the sphere centre where
 * |P + u·cu|² − ((P + u·cu)·d)²/(d·d) < 1, a quadratic in u. Writes the integer span;
 * false when the row misses the part.
 */
function rowSpan(data: Float64Array, o: number, v: number, size: number, start: Int32Array, end: Int32Array, k: number): boolean {
  const px = data[o + O0] + v * data[o + CV];
  const py = data[o + O0 + 1] + v * data[o + CV + 1];
  const pz = data[o + O0 + 2] + v * data[o + CV + 2];
  const ux = data[o + CU];
  const uy = data[o + CU + 1];
  const uz = data[o + CU + 2];
  const dx = data[o + D];
  const dy = data[o + D + 1];
  const dz = data[o + D + 2];
  const invA = data[o + INV_A];
  const pd = px * dx + py * dy + pz * dz;
  const ud = ux * dx + uy * dy + uz * dz;
  const qa = ux * ux + uy * uy + uz * uz - ud * ud * invA;
  const qb = px * ux + py * uy + pz * uz - pd * ud * invA;
  const qc = px * px + py * py + pz * pz - pd * pd * invA - 1;
  const disc = qb * qb - qa * qc;
  if (disc <= 0 || qa <= 0) return false;
  const root = Math.sqrt(disc);
  const lo = Math.ceil((-qb - root) / qa);
  const hi = Math.floor((-qb + root) / qa);
  if (hi < 0 || lo > size - 1 || lo > hi) return false;
  start[k] = lo;
  end[k] = hi;
  return true;
}

export function renderScene(scene: HeadScene, frames: readonly FrameToOutput[], light: Lighting, size: number, rgb: Float32Array): void {
  const parts = scene.parts;
  const n = parts.length;
  const data = new Float64Array(n * STRIDE);
  const rows = new Int32Array(n * 2);
  const spanStart = new Int32Array(n);
  const spanEnd = new Int32Array(n);
  const painters: Painter[] = [];
  const clips: (ClipRule | null)[] = [];
  const smooth = new Uint8Array(n);
  const behindHoles = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    const part = parts[k];
    const frame = frames[part.frame];
    const a = mul3(frame.m, part.axes);
    const c = apply3(frame.m, part.center);
    c[0] += frame.c[0];
    c[1] += frame.c[1];
    c[2] += frame.c[2];
    const inv = invert3(a);
    const o = k * STRIDE;
    data.set([inv[0], inv[3], inv[6]], o + CU);
    data.set([inv[1], inv[4], inv[7]], o + CV);
    data.set([inv[2], inv[5], inv[8]], o + D);
    const o0 = apply3(inv, c);
    data.set([-o0[0], -o0[1], -o0[2]], o + O0);
    data[o + INV_A] = 1 / (inv[2] * inv[2] + inv[5] * inv[5] + inv[8] * inv[8]);
    data.set(transpose3(inv), o + NORMAL);
    data.set(part.axes, o + LOCAL_TO_FRAME);
    data.set(part.center, o + FRAME_CENTER);
    const rv = Math.hypot(a[3], a[4], a[5]);
    rows[k * 2] = Math.floor(c[1] - rv);
    rows[k * 2 + 1] = Math.ceil(c[1] + rv);
    painters.push(part.material.paint);
    clips.push(part.clip);
    smooth[k] = part.material.skin ? 1 : 0;
    behindHoles[k] = part.material.behindHoles ? 1 : 0;
  }
  const headScale = Math.hypot(frames[FRAME_HEAD].m[0], frames[FRAME_HEAD].m[3], frames[FRAME_HEAD].m[6]);
  const seam = SEAM_DEPTH * headScale;
  const normal = new Float64Array(3);
  const otherNormal = new Float64Array(3);

  const paint = scene.paint;
  const surface = new Float64Array(SURFACE_SLOTS);
  const active = new Int32Array(n);
  const [lx, ly, lz] = light.direction;
  // Blinn half vector between the light and the viewer (at −w).
  const hLen = Math.hypot(lx, ly, lz - 1);
  const hx = lx / hLen;
  const hy = ly / hLen;
  const hz = (lz - 1) / hLen;

  for (let v = 0; v < size; v++) {
    let nActive = 0;
    for (let k = 0; k < n; k++) {
      if (v < rows[k * 2] || v > rows[k * 2 + 1] || !rowSpan(data, k * STRIDE, v, size, spanStart, spanEnd, k)) continue;
      active[nActive++] = k;
    }
    for (let u = 0; u < size; u++) {
      let best = Infinity;
      let hit = -1;
      // Depth of the nearest skin hit that fell in a hole (eye opening, open mouth).
      let holeDepth = Infinity;
      let qx = 0;
      let qy = 0;
      let qz = 0;
      // Nearest and second-nearest skin hits, for blending normals at seams.
      let skin1 = Infinity;
      let skin2 = Infinity;
      let k1 = -1;
      let k2 = -1;
      let s1x = 0;
      let s1y = 0;
      let s1z = 0;
      let s2x = 0;
      let s2y = 0;
      let s2z = 0;
      for (let i = 0; i < nActive; i++) {
        const k = active[i];
        if (u < spanStart[k] || u > spanEnd[k]) continue;
        const o = k * STRIDE;
        const ox = data[o + O0] + u * data[o + CU] + v * data[o + CV];
        const oy = data[o + O0 + 1] + u * data[o + CU + 1] + v * data[o + CV + 1];
        const oz = data[o + O0 + 2] + u * data[o + CU + 2] + v * data[o + CV + 2];
        const dx = data[o + D];
        const dy = data[o + D + 1];
        const dz = data[o + D + 2];
        const invA = data[o + INV_A];
        const b = ox * dx + oy * dy + oz * dz;
        const disc = b * b - (ox * ox + oy * oy + oz * oz - 1) / invA;
        if (disc <= 0) continue;
        const root = Math.sqrt(disc);
        let t = (-b - root) * invA;
        if (t >= (smooth[k] === 1 ? skin2 : best)) continue;
        let hx0 = ox + t * dx;
        let hy0 = oy + t * dy;
        let hz0 = oz + t * dz;
        const clip = clips[k];
        if (clip !== null) {
          const m = o + LOCAL_TO_FRAME;
          const px = data[m] * hx0 + data[m + 1] * hy0 + data[m + 2] * hz0 + data[o + FRAME_CENTER];
          const py = data[m + 3] * hx0 + data[m + 4] * hy0 + data[m + 5] * hz0 + data[o + FRAME_CENTER + 1];
          const pz = data[m + 6] * hx0 + data[m + 7] * hy0 + data[m + 8] * hz0 + data[o + FRAME_CENTER + 2];
          const verdict = clip(paint, px, py, pz, hx0, hy0);
          if (verdict === HOLE) {
            if (t < holeDepth) holeDepth = t;
            continue;
          }
          if (verdict !== KEEP) {
            t = (-b + root) * invA;
            if (t >= best) continue;
            hx0 = ox + t * dx;
            hy0 = oy + t * dy;
            hz0 = oz + t * dz;
            const fx = data[m] * hx0 + data[m + 1] * hy0 + data[m + 2] * hz0 + data[o + FRAME_CENTER];
            const fy = data[m + 3] * hx0 + data[m + 4] * hy0 + data[m + 5] * hz0 + data[o + FRAME_CENTER + 1];
            const fz = data[m + 6] * hx0 + data[m + 7] * hy0 + data[m + 8] * hz0 + data[o + FRAME_CENTER + 2];
            if (clip(paint, fx, fy, fz, hx0, hy0) !== KEEP) continue;
          }
        }
        if (smooth[k] === 1) {
          if (t < skin1) {
            skin2 = skin1;
            k2 = k1;
            s2x = s1x;
            s2y = s1y;
            s2z = s1z;
            skin1 = t;
            k1 = k;
            s1x = hx0;
            s1y = hy0;
            s1z = hz0;
          } else {
            skin2 = t;
            k2 = k;
            s2x = hx0;
            s2y = hy0;
            s2z = hz0;
          }
        }
        if (t >= best) continue;
        best = t;
        hit = k;
        qx = hx0;
        qy = hy0;
        qz = hz0;
      }
      if (hit < 0 && holeDepth === Infinity) continue;
      const out = (v * size + u) * 3;
      // Through a hole only what belongs behind it shows; anything else is the dark socket.
      if (holeDepth < best && (hit < 0 || behindHoles[hit] === 0)) {
        rgb[out] = SOCKET[0];
        rgb[out + 1] = SOCKET[1];
        rgb[out + 2] = SOCKET[2];
        continue;
      }
      const o = hit * STRIDE;
      const m = o + LOCAL_TO_FRAME;
      const px = data[m] * qx + data[m + 1] * qy + data[m + 2] * qz + data[o + FRAME_CENTER];
      const py = data[m + 3] * qx + data[m + 4] * qy + data[m + 5] * qz + data[o + FRAME_CENTER + 1];
      const pz = data[m + 6] * qx + data[m + 7] * qy + data[m + 8] * qz + data[o + FRAME_CENTER + 2];
      painters[hit](paint, px, py, pz, qx, qy, qz, surface);

      normalAt(data, o, qx, qy, qz, normal);
      let nx = normal[0];
      let ny = normal[1];
      let nz = normal[2];
      if (hit === k1 && k2 >= 0 && skin2 - skin1 < seam) {
        normalAt(data, k2 * STRIDE, s2x, s2y, s2z, otherNormal);
        const w = 0.5 * (1 - (skin2 - skin1) / seam);
        nx += (otherNormal[0] - nx) * w;
        ny += (otherNormal[1] - ny) * w;
        nz += (otherNormal[2] - nz) * w;
        const len = Math.sqrt(nx * nx + ny * ny + nz * nz);
        nx /= len;
        ny /= len;
        nz /= len;
      }
      const lambert = (nx * lx + ny * ly + nz * lz + WRAP) / (1 + WRAP);
      const diffuse = light.ambient + light.intensity * (lambert > 0 ? lambert : 0);
      let spec = nx * hx + ny * hy + nz * hz;
      if (spec > 0 && lambert > 0) {
        for (let e = surface[4]; e > 1; e >>= 1) spec *= spec;
        spec *= surface[3] * light.intensity;
      } else {
        spec = 0;
      }
      rgb[out] = surface[0] * diffuse + spec;
      rgb[out + 1] = surface[1] * diffuse + spec;
      rgb[out + 2] = surface[2] * diffuse + spec;
    }
  }
}
