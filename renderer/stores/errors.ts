/** The text to show for anything thrown or rejected (engine errors arrive as Error with the engine's message). */
export function messageOf(failure: unknown): string {
  if (failure instanceof Error) return failure.message;
  return typeof failure === 'string' ? failure : 'Something went wrong (no message).';
}
