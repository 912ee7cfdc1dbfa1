// AssemblyScript entry point of the `simd` kernel provider's WebAssembly module (see ../README.md).
export { gemm, gemmScratchBytes } from './gemm';
export { conv2d, conv2dGradFilter, conv2dGradInput, biasActivation, channelSums } from './conv';
export { denseEpilogue, activationGradient, columnSums } from './dense';
export { sgdUpdate, adamUpdate } from './optimizers';
export { maxPool2x2, maxPoolBackward } from './pool';
export { sparseConv2d, sparseConv2dGradFilter, sparseConvScratchFloats } from './sparse-conv';
export { sparseNonzeros, sparseScratchFloats, sparseRowsTimesDense, sparseColumnsTimesDense, sparseRowsFloats, sparseGatherRows, gatheredRowsTimesDense, gatheredColumnsTimesDense, sameBits } from './sparse';
export { batchNormForward, batchNormStatistics, batchNormGradientSums, batchNormInputGradient } from './batchnorm';
export { reluForward, reluBackward } from './relu';
