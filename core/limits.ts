/**
 * The limits every reader of outside bytes checks before it allocates (IDX, gzip, CSV, PNG, model
 * files, checkpoints, JSON specs, server messages). One table, so a reader never invents its own
 * number. Each bound is far above what a real file of its kind needs and far below what would exhaust
 * the process; the comment beside each says where the number comes from.
 */
const MiB = 1024 * 1024;

export const readLimits = {
  /** Images in one data file: EMNIST Digits' training set (240,000) is the largest digit set in IDX. */
  maxImages: 240_000,
  /** Bytes of a data file as read from disk, and of a gzip file once inflated (240,000 × 784 + header). */
  maxDataFileBytes: 256 * MiB,
  /**
   * A gzip file may inflate to at most this many times its size once the result is over 8 MiB: real
   * IDX files compress 4–8×, a decompression bomb about 1000×.
   */
  maxGzipRatio: 64,
  gzipRatioFreeBytes: 8 * MiB,
  /** A PNG is one drawing or photo of a digit: 16 MiB of file, 8192 px a side, 4096² pixels. */
  maxPngBytes: 16 * MiB,
  maxPngSide: 8192,
  maxPngPixels: 4096 * 4096,
  /** Model and checkpoint files: cnn-best's is 1.2 MB; 512 MiB holds 128 M float32 values. */
  maxModelFileBytes: 512 * MiB,
  /** A manifest is specs and a tensor list: kilobytes for every network this app builds. */
  maxManifestBytes: 8 * MiB,
  /** Nesting of any JSON we read (manifests, checkpoints, specs, messages); specs need about 6. */
  maxJsonDepth: 32,
  /** Layers in one ModelSpec, and tensors in one file. */
  maxLayers: 256,
  maxTensors: 4096,
  /** Any one size in a spec (units, filters, an input axis, a kernel side). */
  maxDimension: 65_536,
  /** Values in one sample (inputShape's product): a 3×1024×1024 image. */
  maxSampleValues: 3 * 1024 * 1024,
  /** Trainable values of one model: 2^27 float32 values are 512 MiB. */
  maxParameters: 2 ** 27,
  /** Characters of one string field (names, notes, ids) in a manifest or message. */
  maxStringLength: 4096,
} as const;

export type ReadLimits = typeof readLimits;
