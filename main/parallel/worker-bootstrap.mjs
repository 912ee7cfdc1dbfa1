// Entry of a data-parallel training worker thread: registers tsx's ESM loader in this thread (as
// bin/backprop-lab.mjs does for the command) so the TypeScript worker runs as it is in the repository.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
