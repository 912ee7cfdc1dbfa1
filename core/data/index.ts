/** Digit data: parsing (IDX, CSV, PNG), the MNIST recipe, split, preprocessing, augmentation, batches. */
export * from './dataset.js';
export * from './digitize.js';
export * from './idx.js';
export * from './csv.js';
export * from './png.js';
export * from './split.js';
export * from './preprocess.js';
export * from './augment.js';
export * from './batches.js';
export { symmetricEigen } from './eigen.js';
export * from './strokes.js';
export * from './ink-check.js';
export * from './trace.js';
export * from './fine-tune-data.js';
export * from "./writer-styles.js";
export * from "./pad-drawing.js";
