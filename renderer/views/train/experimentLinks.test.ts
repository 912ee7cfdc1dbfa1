/** Every experiment the Train form links to is one the registry has (a wrong id opens nothing). */
import { describe, expect, it } from 'vitest';
import { experimentIds } from '@backprop-lab/core';
import { experimentHref, experimentOf, type FormPart } from './experimentLinks';

describe('the Train form’s experiment links', () => {
  it('name experiments of the registry', () => {
    const unknown = Object.entries(experimentOf).filter(([, id]) => !experimentIds.includes(id));
    expect(unknown).toEqual([]);
    expect(experimentHref('loss' as FormPart)).toBe('#/experiments/loss-functions');
  });
});
