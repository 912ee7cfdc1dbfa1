import { describe, expect, it, vi } from 'vitest';
import type { Response } from '../../contract/index.js';
import { deliverResponse } from './deliver.js';

describe('deliverResponse', () => {
  it('answers with an error for the same id when the result cannot be serialised, instead of throwing', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const sent: string[] = [];
    const post = (message: Response) => sent.push(JSON.stringify(message));
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(() => deliverResponse({ id: 7, result: cyclic }, post)).not.toThrow();
    quiet.mockRestore();
    expect(sent).toHaveLength(1);
    const answer = JSON.parse(sent[0]!) as { id: number; error: { message: string } };
    expect(answer.id).toBe(7);
    expect(answer.error.message).toMatch(/^the engine could not send its answer \(.*circular/i);
  });
});
