// The numbers the per-pixel painter and clipper read for one person in one photo,
// flattened out of the identity and nuisance parameters by the scene builder.
import type { Rgb } from './identity-params.js';

export interface FacePaint {
  skin: Rgb;
  lip: Rgb;
  hair: Rgb;
  brow: Rgb;
  iris: Rgb;
  blush: number;
  textureAmplitude: number;
  textureWaves: Float64Array;
  eyeX: number;
  eyeY: number;
  eyeHalfWidth: number;
  eyeUp: number;
  eyeDown: number;
  eyeTilt: number;
  irisCos: number;
  pupilCos: number;
  browY: number;
  browThickness: number;
  browArch: number;
  browHalfLength: number;
  browTilt: number;
  browDensity: number;
  mouthY: number;
  mouthHalfWidth: number;
  mouthCurve: number;
  mouthOpen: number;
  upperLip: number;
  lowerLip: number;
  noseTipY: number;
  noseTipZ: number;
  nostrilX: number;
  /** Moles and freckles as 3D points on the skin with radius: (x, y, z, r) each. */
  moles: Float64Array;
  moleDarkness: number;
  freckles: Float64Array;
  freckleDarkness: number;
  hairlineY: number;
  fringe: number;
  fringeSide: number;
  sideLengthY: number;
  backLengthY: number;
  strandFrequency: number;
  curl: number;
  beardDensity: number;
  moustacheDensity: number;
  beardCheekY: number;
  clothing: Rgb;
  clothingStripes: number;
  stripeColour: Rgb;
  collar: number;
  glassesFrame: Rgb;
  sunglasses: boolean;
  lensInner: number;
}
