/**
 * What the formulas of TEXTBOOK §5 promise beyond the PyTorch trajectories: seed 001's two momentum
 * sign conventions give the same iterates, NAG takes its gradient at θ − αv, the ε variants, the state
 * round trip (6 steps + save + restore + 6 steps = 12 straight, bit for bit), and clear errors.
 */
import { describe, expect, it } from 'vitest';
import { Tensor, type DType } from '../tensor.js';
import { Rng } from '../random.js';
import type { OptimizerSpec } from '../spec.js';
import { createOptimizer } from './index.js';
import type { Optimizer, OptimizerParam } from './optimizer.js';

/** The race's z = x²/10 + y², gradient (x/5, 2y). */
function raceGradient(param: OptimizerParam): void {
  param.grad.data[0] = param.value.data[0]! / 5;
  param.grad.data[1] = 2 * param.value.data[1]!;
}

function race(optimizer: Optimizer, steps: number): number[][] {
  const param = { value: Tensor.from([2], [-7, 2], 'float64'), grad: Tensor.zeros([2], 'float64') };
  const path = [Array.from(param.value.data)];
  for (let i = 0; i < steps; i++) {
    optimizer.beforeGradient([param]);
    raceGradient(param);
    optimizer.step([param]);
    path.push(Array.from(param.value.data));
  }
  return path;
}

describe('momentum and NAG', () => {
  it("seed 001's two classic forms, v ← αv + ηg; θ ← θ − v and v ← αv − ηg; θ ← θ + v, give the same iterates", () => {
    const eta = 0.1;
    const alpha = 0.9;
    let [x, y] = [-7, 2];
    let [vx, vy] = [0, 0];
    const bookForm = [[x, y]];
    for (let i = 0; i < 20; i++) {
      vx = alpha * vx - eta * (x / 5);
      vy = alpha * vy - eta * (2 * y);
      x += vx;
      y += vy;
      bookForm.push([x, y]);
    }
    expect(race(createOptimizer({ type: 'momentum', lr: eta, alpha }), 20)).toEqual(bookForm);
  });

  it('the EWMA form with η equals the classic form with η(1 − β)', () => {
    const ewma = race(createOptimizer({ type: 'momentum', lr: 1, alpha: 0.9, form: 'ewma' }), 20);
    const classic = race(createOptimizer({ type: 'momentum', lr: 0.1, alpha: 0.9 }), 20);
    ewma.flat().forEach((value, i) => expect(value).toBeCloseTo(classic.flat()[i]!, 12));
  });

  it('NAG takes the gradient at θ − αv and puts θ back before updating', () => {
    const nag = createOptimizer({ type: 'nag', lr: 0.1, alpha: 0.9 });
    const param = { value: Tensor.from([2], [-7, 2], 'float64'), grad: Tensor.zeros([2], 'float64') };
    let [x, y, vx, vy] = [-7, 2, 0, 0];
    for (let i = 0; i < 5; i++) {
      nag.beforeGradient([param]);
      expect(Array.from(param.value.data)).toEqual([x - 0.9 * vx, y - 0.9 * vy]);
      raceGradient(param);
      nag.step([param]);
      vx = 0.9 * vx + 0.1 * ((x - 0.9 * vx) / 5);
      vy = 0.9 * vy + 0.1 * (2 * (y - 0.9 * vy));
      x -= vx;
      y -= vy;
      expect(param.value.data[0]).toBeCloseTo(x, 13);
      expect(param.value.data[1]).toBeCloseTo(y, 13);
    }
  });

  it('NAG stepped without beforeGradient is classic momentum', () => {
    const nag = createOptimizer({ type: 'nag', lr: 0.1, alpha: 0.9 });
    const momentum = createOptimizer({ type: 'momentum', lr: 0.1, alpha: 0.9 });
    const param = { value: Tensor.from([2], [-7, 2], 'float64'), grad: Tensor.zeros([2], 'float64') };
    for (let i = 0; i < 5; i++) {
      raceGradient(param);
      nag.step([param]);
    }
    expect(Array.from(param.value.data)).toEqual(race(momentum, 5)[5]);
  });
});

describe('ε inside or outside the root', () => {
  // One step from θ = 1 with g = 2θ = 2, η = 0.1, ε = 1 (large, so the variants differ visibly).
  function oneStep(spec: OptimizerSpec): number {
    const param = { value: Tensor.from([1], [1], 'float64'), grad: Tensor.from([1], [2], 'float64') };
    createOptimizer(spec).step([param]);
    return param.value.data[0]!;
  }
  it('AdaGrad: r = 4; η·g/(ε + √r) = 0.2/3 by default, η·g/√(r + ε) = 0.2/√5 inside', () => {
    expect(oneStep({ type: 'adagrad', lr: 0.1, epsilon: 1 })).toBeCloseTo(1 - 0.2 / 3, 15);
    expect(oneStep({ type: 'adagrad', lr: 0.1, epsilon: 1, epsilonInsideRoot: true })).toBeCloseTo(1 - 0.2 / Math.sqrt(5), 15);
  });
  it('RMSProp: r = 0.1·4 = 0.4; η·g/(√r + ε) by default, η·g/√(r + ε) inside', () => {
    expect(oneStep({ type: 'rmsprop', lr: 0.1, epsilon: 1 })).toBeCloseTo(1 - 0.2 / (Math.sqrt(0.4) + 1), 15);
    expect(oneStep({ type: 'rmsprop', lr: 0.1, epsilon: 1, epsilonInsideRoot: true })).toBeCloseTo(1 - 0.2 / Math.sqrt(1.4), 15);
  });
  it('RMSProp defaults: α 0.9, ε 1e-8, η 0.001', () => {
    expect(oneStep({ type: 'rmsprop' } as OptimizerSpec)).toBeCloseTo(1 - 0.001 * 2 / (Math.sqrt(0.4) + 1e-8), 15);
  });
  it('AdaDelta ignores the learning rate: its first step is √(ε/(0.1g² + ε))·g', () => {
    const optimizer = createOptimizer({ type: 'adadelta' });
    optimizer.learningRate = 123;
    const param = { value: Tensor.from([1], [1], 'float64'), grad: Tensor.from([1], [2], 'float64') };
    optimizer.step([param]);
    expect(param.value.data[0]).toBeCloseTo(1 - Math.sqrt(1e-5 / (0.4 + 1e-5)) * 2, 15);
  });
});

const allSpecs: OptimizerSpec[] = [
  { type: 'sgd', lr: 0.05 },
  { type: 'momentum', lr: 0.05 },
  { type: 'momentum', lr: 0.05, form: 'ewma' },
  { type: 'nag', lr: 0.05 },
  { type: 'adagrad', lr: 0.05 },
  { type: 'adadelta' },
  { type: 'rmsprop', lr: 0.01 },
  { type: 'adam', lr: 0.01 },
];

/** Two tensors (a 3×5 weight and a 5-bias) of a random least-squares problem, gradient by hand. */
function problem(dtype: DType) {
  const rng = new Rng(7);
  const inputs = Array.from({ length: 6 * 3 }, () => rng.normal());
  const targets = Array.from({ length: 6 * 5 }, () => rng.normal());
  const weight = Tensor.from([3, 5], Array.from({ length: 15 }, () => rng.normal()), dtype);
  const bias = Tensor.zeros([5], dtype);
  const params = [
    { value: weight, grad: Tensor.zeros([3, 5], dtype) },
    { value: bias, grad: Tensor.zeros([5], dtype) },
  ];
  function computeGradient(): void {
    params[0]!.grad.data.fill(0);
    params[1]!.grad.data.fill(0);
    for (let r = 0; r < 6; r++) {
      for (let o = 0; o < 5; o++) {
        let out = bias.data[o]! - targets[r * 5 + o]!;
        for (let k = 0; k < 3; k++) out += inputs[r * 3 + k]! * weight.data[k * 5 + o]!;
        for (let k = 0; k < 3; k++) params[0]!.grad.data[k * 5 + o]! += (inputs[r * 3 + k]! * out) / 6;
        params[1]!.grad.data[o]! += out / 6;
      }
    }
  }
  function run(optimizer: Optimizer, steps: number): void {
    for (let i = 0; i < steps; i++) {
      optimizer.learningRate *= 0.97; // as a schedule would
      optimizer.beforeGradient(params);
      computeGradient();
      optimizer.step(params);
    }
  }
  return { params, run };
}

describe('state round trip', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    for (const spec of allSpecs) {
      it(`${spec.type}${'form' in spec ? ` ${spec.form}` : ''} in ${dtype}: 6 + save + restore + 6 = 12 straight, bit for bit`, () => {
        const straight = problem(dtype);
        const straightOptimizer = createOptimizer(spec);
        straight.run(straightOptimizer, 12);

        const first = problem(dtype);
        const firstOptimizer = createOptimizer(spec);
        first.run(firstOptimizer, 6);
        const saved = JSON.parse(JSON.stringify(firstOptimizer.getState()));
        const weights = first.params.map((p) => Array.from(p.value.data));
        const learningRate = firstOptimizer.learningRate;

        const resumed = problem(dtype);
        resumed.params.forEach((p, i) => p.value.data.set(weights[i]!));
        const resumedOptimizer = createOptimizer(spec);
        resumedOptimizer.setState(saved);
        resumedOptimizer.learningRate = learningRate;
        expect(resumedOptimizer.stepCount).toBe(6);
        resumed.run(resumedOptimizer, 6);

        expect(resumedOptimizer.stepCount).toBe(12);
        resumed.params.forEach((p, i) => expect(p.value.data).toEqual(straight.params[i]!.value.data));
        expect(resumedOptimizer.getState()).toEqual(straightOptimizer.getState());
        // and the run really moved: 12 steps changed the weights
        expect(Array.from(straight.params[0]!.value.data)).not.toEqual(Array.from(problem(dtype).params[0]!.value.data));
      });
    }
  }

  it('getState names each buffer of each parameter', () => {
    const { params, run } = problem('float32');
    const adam = createOptimizer({ type: 'adam', lr: 0.01 });
    run(adam, 2);
    const state = adam.getState();
    expect(state.stepCount).toBe(2);
    expect(state.buffers.map((b) => Object.keys(b))).toEqual([['m', 'v'], ['m', 'v']]);
    expect(state.buffers[0]!.m).toHaveLength(params[0]!.value.size);
  });
});

describe('bad input', () => {
  it('names the field and the value', () => {
    expect(() => createOptimizer({ type: 'sgd', lr: -1 })).toThrow('optimizer sgd: lr (the learning rate) must be a positive number, got -1');
    expect(() => createOptimizer({ type: 'momentum', lr: 0.1, alpha: 1 })).toThrow('alpha must be in [0, 1), got 1');
    expect(() => createOptimizer({ type: 'adam', lr: 0.1, epsilon: 0 })).toThrow('epsilon must be a positive number, got 0');
    expect(() => createOptimizer({ type: 'sgd' } as OptimizerSpec)).toThrow('lr (the learning rate) is required');
    expect(() => createOptimizer({ type: 'lbfgs', lr: 1 } as unknown as OptimizerSpec)).toThrow("unknown type 'lbfgs'");
  });

  it('rejects saved state that does not fit the parameters', () => {
    const { params } = problem('float32');
    const adam = createOptimizer({ type: 'adam', lr: 0.01 });
    adam.setState({ stepCount: 3, buffers: [{ m: [0], v: [0] }, { m: [0], v: [0] }] });
    expect(() => adam.step(params)).toThrow("saved buffer 'm' of parameter 0 has 1 values, the parameter has 15");
    const other = createOptimizer({ type: 'adam', lr: 0.01 });
    other.setState({ stepCount: 3, buffers: [] });
    expect(() => other.step(params)).toThrow('saved state has 0 parameters but the model has 2');
    expect(() => other.setState({ stepCount: 1, buffers: [{ v: [] }] })).toThrow("lacks buffer 'm'");
    const fresh = createOptimizer({ type: 'adam', lr: 0.01 });
    fresh.setState(createOptimizer({ type: 'adam', lr: 0.01 }).getState());
    expect(() => fresh.step(params)).not.toThrow();
  });
});
