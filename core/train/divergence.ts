/**
 * The divergence guard: decides, after each step and each epoch, whether a run has blown up, so the loop
 * stops it (`diverged`) instead of training on and saving a model that only guesses.
 *
 * A loss that becomes NaN or ±∞ has diverged at once. A loss that explodes while staying finite (seed-mlp
 * at η = 10⁶ sits near 7.7·10⁶ with chance accuracy, its saturated units keeping every value finite) is
 * judged against a reference R:
 *
 *   C = J(best constant output, balanced one-hot targets)   what a network that ignores its input scores:
 *         softmax cross-entropy: logits all equal  → ln k (2.303 for 10 classes)
 *         log-loss:              p = 1/k            → ln k
 *         mse:                   p = 1/k (the mean) → (k − 1)/k²
 *         l1:                    p = 0 (the median) → 1/k
 *         bce:                   p = 1/k            → −(1/k)·ln(1/k) − (1 − 1/k)·ln(1 − 1/k)
 *         sigmoid-bce:           z = ln(1/(k − 1))  → the same as bce
 *         hinge:                 scores all equal   → (k − 1)/k · Δ
 *   R = max(C, J₁)   J₁ the first step's loss of this training (a network initialised worse than chance,
 *                    e.g. large linear outputs under mse, is not judged against a ceiling it starts above)
 *
 * The run has diverged when the batch loss stays above 10·R for 10 iterations in a row, or when an
 * epoch's mean training loss is above 10·R (a run of fewer than 10 iterations is still judged). Why 10:
 * for cross-entropy, J > 10·ln k means the true classes get on average a probability below k⁻¹⁰
 * (10⁻¹⁰ for digits), ten orders of magnitude worse than guessing; the gradient of a sane learning rate
 * never drives a network there (dJ/dz = (softmax(z) − y)/m is bounded, and every step lowers J to first
 * order), while an exploding one goes there and stays. A single batch spike is forgiven by the 10 in a
 * row; a run whose whole epoch averages there is not learning. At their defaults the presets' batch
 * losses stay below 1.2·R (main/runs/divergence.test.ts measures it), far from the ceiling.
 */
import type { ProblemData } from '../errors.js';
import type { Loss } from '../losses.js';
import { formatMessage, type MessageCode } from '../messages.js';
import type { LossName } from '../names.js';
import { Tensor } from '../tensor.js';

/** The ceiling is this many times R. */
export const DIVERGENCE_FACTOR = 10;
/** Consecutive iterations above the ceiling that end a run. */
export const DIVERGENCE_ITERATIONS = 10;

/** The constant output of each row that scores best on balanced one-hot targets (see the table above). */
function bestConstant(name: LossName, classes: number): number {
  switch (name) {
    case 'softmax-cross-entropy':
    case 'hinge':
    case 'l1':
      return 0;
    case 'sigmoid-bce':
      return Math.log(1 / (classes - 1));
    case 'mse':
    case 'log-loss':
    case 'bce':
      return 1 / classes;
  }
}

/** C: the loss of the best constant output on k rows, one of each class. */
export function chanceLoss(loss: Loss, classes: number): number {
  const output = new Tensor([classes, classes], new Float64Array(classes * classes).fill(bestConstant(loss.name, classes)));
  const target = new Tensor([classes, classes], new Float64Array(classes * classes));
  for (let c = 0; c < classes; c++) target.data[c * classes + c] = 1;
  return loss.value(output, target);
}

/**
 * Why a run diverged, with the loss that decided it: as data (a `divergence.*` code of core/messages.ts,
 * the numbers as the sentence shows them) and in English.
 */
export interface Divergence {
  problem: ProblemData;
  what: string;
  loss: number;
}

/** A loss as the sentence shows it: four significant digits, or NaN / Infinity (text, so it survives JSON). */
const shown = (value: number) => (Number.isFinite(value) ? Number(value.toPrecision(4)).toString() : String(value));

function divergence(code: MessageCode, params: ProblemData['params'], loss: number): Divergence {
  return { problem: { code, params }, what: formatMessage(code, params), loss };
}

/** Weights that became NaN or ±∞ in an epoch whose losses stayed finite. */
export const WEIGHTS_NOT_FINITE: ProblemData = { code: 'divergence.weights-not-finite', params: {} };

/**
 * A diverged run's failure: where (epoch and iteration), why (`problem`, a Divergence's), and what is
 * kept (the last good checkpoint, or the initial weights when none is saved yet), as data for the app
 * to word and in English for the CLI, the logs and run.json's `error`.
 */
export function divergenceFailure(epoch: number, iteration: number, problem: ProblemData, hasCheckpoint: boolean): { data: ProblemData; message: string } {
  const code: MessageCode = hasCheckpoint ? 'train.diverged' : 'train.diverged-first-epoch';
  const params = { epoch, iteration };
  return { data: { code, params, problem }, message: formatMessage(code, { ...params, problem: formatMessage(problem.code, problem.params) }) };
}

export class DivergenceGuard {
  private reference: number | undefined;
  private iterationsAbove = 0;

  constructor(private readonly chance: number) {}

  /** The ceiling 10·R, once the first step has set R. */
  get ceiling(): number | undefined {
    return this.reference === undefined ? undefined : DIVERGENCE_FACTOR * this.reference;
  }

  /** After each step, with its loss; `learningRate` only for the message. */
  afterIteration(loss: number, learningRate: number): Divergence | null {
    if (!Number.isFinite(loss)) return divergence('divergence.loss-not-finite', { loss: String(loss), learningRate }, loss);
    this.reference ??= Math.max(this.chance, loss);
    if (loss <= this.ceiling!) {
      this.iterationsAbove = 0;
      return null;
    }
    this.iterationsAbove += 1;
    if (this.iterationsAbove < DIVERGENCE_ITERATIONS) return null;
    return divergence(this.fromChance() ? 'divergence.iterations-above-chance' : 'divergence.iterations-above-first-step', {
      ...this.ceilingParams(loss), iterations: DIVERGENCE_ITERATIONS, learningRate,
    }, loss);
  }

  /** After each epoch, with its mean training loss. */
  afterEpoch(meanLoss: number, learningRate: number): Divergence | null {
    if (this.reference === undefined || meanLoss <= this.ceiling!) return null;
    return divergence(this.fromChance() ? 'divergence.epoch-above-chance' : 'divergence.epoch-above-first-step', {
      ...this.ceilingParams(meanLoss), learningRate,
    }, meanLoss);
  }

  /** R is the loss of guessing (else the first step's). */
  private fromChance(): boolean {
    return this.reference === this.chance;
  }

  private ceilingParams(loss: number): ProblemData['params'] {
    return { loss: shown(loss), factor: DIVERGENCE_FACTOR, reference: shown(this.reference!), ceiling: shown(this.ceiling!) };
  }
}
