/** The course's experiments as pure functions returning chart data; see README.md. */
export * from './batch-size.js';
export * from './convolution.js';
export * from './initialisation.js';
export * from './network.js';
export * from './race.js';
export * from './schedule-curves.js';
export * from './vanishing-gradients.js';
export * from './xor.js';
export * from './pooling.js';
export * from './registry/index.js';
export type { ConvolutionDetail, ConvolutionWindow } from './catalogue/convolution.js';
export { HABIT_DIGITS } from './catalogue/handwriting.js';
