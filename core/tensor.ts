/**
 * Tensor: a shape and a flat row-major buffer. Float32Array is the working precision; Float64Array is
 * the reference path (gradient checks and the PyTorch fixture comparisons run in float64).
 * A batch has one sample per row (TEXTBOOK conventions): dense data is [m, d], images are NCHW.
 */
export type DType = 'float32' | 'float64';
export type TensorData = Float32Array | Float64Array;

export class Tensor {
  readonly shape: readonly number[];
  readonly data: TensorData;

  constructor(shape: readonly number[], data: TensorData) {
    const size = shapeSize(shape);
    if (data.length !== size) {
      throw new Error(`Tensor data has ${data.length} values but shape [${shape.join(', ')}] needs ${size}`);
    }
    this.shape = [...shape];
    this.data = data;
  }

  static zeros(shape: readonly number[], dtype: DType = 'float32'): Tensor {
    return new Tensor(shape, allocate(dtype, shapeSize(shape)));
  }

  static from(shape: readonly number[], values: ArrayLike<number>, dtype: DType = 'float32'): Tensor {
    const data = allocate(dtype, values.length);
    data.set(values);
    return new Tensor(shape, data);
  }

  get dtype(): DType {
    return this.data instanceof Float64Array ? 'float64' : 'float32';
  }

  get size(): number {
    return this.data.length;
  }

  /** Same buffer, new shape (sizes must agree). */
  reshape(shape: readonly number[]): Tensor {
    return new Tensor(shape, this.data);
  }

  clone(): Tensor {
    return new Tensor(this.shape, this.data.slice());
  }

  /** A copy in the given precision. */
  as(dtype: DType): Tensor {
    if (dtype === this.dtype) return this.clone();
    const data = allocate(dtype, this.size);
    data.set(this.data);
    return new Tensor(this.shape, data);
  }

  /** Rows [start, end) of the first axis, copied. */
  rows(start: number, end: number): Tensor {
    const rowSize = this.size / this.shape[0]!;
    return new Tensor([end - start, ...this.shape.slice(1)], this.data.slice(start * rowSize, end * rowSize));
  }
}

export function shapeSize(shape: readonly number[]): number {
  let size = 1;
  for (const dim of shape) size *= dim;
  return size;
}

export function allocate(dtype: DType, size: number): TensorData {
  return dtype === 'float64' ? new Float64Array(size) : new Float32Array(size);
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((dim, i) => dim === b[i]);
}

export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}
