/** The supervisor forwards requests, answers engine.* itself, and survives the engine's death. */
import { describe, expect, it } from 'vitest';
import { startInProcessEngine } from './in-process.js';
import { createStandInBackend } from './stand-in-backend.js';
import { EngineSupervisor } from './supervisor.js';

describe('EngineSupervisor', () => {
  it('reports a crash, fails requests until restarted, then serves again', async () => {
    let current: ReturnType<typeof startInProcessEngine> | undefined;
    const supervisor = new EngineSupervisor(() => (current = startInProcessEngine(createStandInBackend().backend)));
    const seen: unknown[] = [];
    supervisor.subscribe((message) => seen.push(message));
    supervisor.start();

    await expect(supervisor.handle({ id: 'x', method: 'presets.list' })).resolves.toMatchObject({ id: 'x', result: [{ name: 'tiny' }] });
    current!.crash('killed by SIGKILL');
    expect(supervisor.getStatus()).toMatchObject({ state: 'crashed', generation: 1, message: 'the engine stopped: killed by SIGKILL' });
    expect(seen).toContainEqual({ event: 'engine.status', payload: supervisor.getStatus() });
    await expect(supervisor.handle({ id: 2, method: 'models.list' })).resolves.toMatchObject({ id: 2, error: { message: /not running/ } });

    await expect(supervisor.handle({ id: 3, method: 'engine.restart' })).resolves.toMatchObject({ id: 3, result: { state: 'ready', generation: 2 } });
    await expect(supervisor.handle({ id: 4, method: 'models.list' })).resolves.toMatchObject({ id: 4, result: [{ id: 'bundled:tiny' }] });
    await supervisor.stop();
  });

  it('answers a malformed request itself, without the engine', async () => {
    const supervisor = new EngineSupervisor(() => startInProcessEngine(createStandInBackend().backend));
    await expect(supervisor.handle({ id: 9, method: 'runs.get', params: {} })).resolves.toMatchObject({ id: 9, error: { code: 'bad-params' } });
  });

  it('rejects a message without a readable id with an id: null error instead of dropping it', async () => {
    const supervisor = new EngineSupervisor(() => startInProcessEngine(createStandInBackend().backend));
    await expect(supervisor.handle({ method: 'models.list' }))
      .resolves.toEqual({ id: null, error: { code: 'bad-message', message: expect.stringMatching(/^malformed request: id: /) } });
    await expect(supervisor.handle('[1, 2]')).resolves.toMatchObject({ id: null, error: { code: 'bad-message', message: /malformed request/ } });
  });
});
