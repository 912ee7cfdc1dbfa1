/** Errors users see. Each message names what is wrong and the numbers involved. */

/** A ModelSpec or TrainSpec that cannot work, found before any training starts. */
export class SpecError extends Error {
  constructor(message: string, readonly layerIndex?: number) {
    super(message);
    this.name = 'SpecError';
  }
}

/** A data file that cannot be read: names the file and what is wrong with it. */
export class DataError extends Error {
  constructor(message: string, readonly file?: string) {
    super(file ? `${file}: ${message}` : message);
    this.name = 'DataError';
  }
}

/** A model file that cannot be loaded (corrupt, truncated, wrong checksum, unknown version). */
export class ModelFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelFileError';
  }
}
