/** One named line of a CurveChart. */
export interface Curve {
  name: string;
  /** [x, y] pairs in x order. */
  points: Array<[number, number]>;
  colour?: string;
  dashed?: boolean;
  /** Drawn as a staircase: each value holds until the next x (a quantity constant over an epoch). */
  staircase?: boolean;
}
