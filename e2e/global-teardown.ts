/** After the run: the server's temporary data directory goes (the server has stopped by then). */
import { rmSync } from 'node:fs';
import { e2eEnvironment } from './environment.js';

export default function globalTeardown(): void {
  rmSync(e2eEnvironment().dataDir, { recursive: true, force: true });
}
