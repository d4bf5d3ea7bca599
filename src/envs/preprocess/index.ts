export { AreaResizer } from './area-resize.js';
export { BABY_A3C_CROP_BOTTOM, BABY_A3C_CROP_TOP, BABY_A3C_SIZE, BabyA3CPreprocessor } from './baby-a3c.js';
export { maxPool2 } from './max-pool.js';
export { PilBilinearResizer } from './pil-bilinear.js';
export { rgbToGray } from './rgb-to-gray.js';
