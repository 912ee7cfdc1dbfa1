/** The specs, in the order they run (later ones use what earlier ones made: a trained model, a run). */
import type { Spec } from '../context.js';
import { drawSpec } from './draw.spec.js';
import { engineCrashSpec } from './engine-crash.spec.js';
import { exportSpec } from './export.spec.js';
import { pauseResumeSpec } from './pause-resume.spec.js';
import { tokenSpec } from './token.spec.js';
import { trainSpec } from './train.spec.js';
import { viewsSpec } from './views.spec.js';

export const specs: Spec[] = [tokenSpec, drawSpec, trainSpec, pauseResumeSpec, exportSpec, engineCrashSpec, viewsSpec];
