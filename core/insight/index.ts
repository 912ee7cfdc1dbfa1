/** Seeing inside a model: saliency to the input, every layer's activations, first-layer filters, confusion. */
export * from './saliency.js';
export * from './activations.js';
export * from './confusion.js';
export * from './classify.js';
export * from './histogram.js';
