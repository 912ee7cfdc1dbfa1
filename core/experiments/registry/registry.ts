/**
 * The course's experiments (TEXTBOOK §10), in one list. Everything else is derived from it: the
 * contract's `experiments.*` methods, the CLI's `experiment <name>` flags and help, the Experiments
 * view's list and controls.
 */
import type { ExperimentDefinition } from './definition.js';
import { xorExperiment } from '../catalogue/xor.js';
import { initialisationExperiment } from '../catalogue/initialisation.js';
import { raceExperiment } from '../catalogue/race.js';
import { vanishingGradientsExperiment } from '../catalogue/vanishing-gradients.js';
import { batchSizeExperiment } from '../catalogue/batch-size.js';
import { schedulesExperiment } from '../catalogue/schedules.js';
import { convolutionExperiment } from '../catalogue/convolution.js';
import { seedNetworkExperiment } from '../catalogue/seed-network.js';
import { gradientCheckExperiment } from '../catalogue/gradient-check.js';
import { overfittingExperiment } from '../catalogue/overfitting.js';
import { lossFunctionsExperiment } from '../catalogue/loss-functions.js';
import { handwritingExperiment } from '../catalogue/handwriting.js';

/** In the order of TEXTBOOK §10. */
export const experimentRegistry: readonly ExperimentDefinition[] = [
  xorExperiment,
  initialisationExperiment,
  raceExperiment,
  vanishingGradientsExperiment,
  batchSizeExperiment,
  schedulesExperiment,
  convolutionExperiment,
  seedNetworkExperiment,
  gradientCheckExperiment,
  overfittingExperiment,
  lossFunctionsExperiment,
  handwritingExperiment,
].sort((a, b) => a.course - b.course);

export const experimentIds: readonly string[] = experimentRegistry.map((e) => e.id);

export function isExperimentId(id: string): boolean {
  return experimentIds.includes(id);
}

export function experimentById(id: string): ExperimentDefinition {
  const found = experimentRegistry.find((e) => e.id === id);
  if (!found) throw new Error(`unknown experiment "${id}"; the experiments are ${experimentIds.join(', ')}`);
  return found;
}

/** What a host shows of each experiment before running it: no runner, only data. */
export interface ExperimentListing {
  id: string;
  course: number;
  trains: boolean;
  params: ExperimentDefinition['params'];
}

export function listExperiments(): ExperimentListing[] {
  return experimentRegistry.map(({ id, course, trains, params }) => ({ id, course, trains, params: structuredClone(params) }));
}
