/**
 * The name a new dataset is offered, from the first file chosen: the chosen folder's name, or the
 * file's name without its extension, in the characters main/datasets accepts (letters, digits, '.',
 * '_', '-'; the first a letter or digit; at most 64). The user may change it before importing.
 */
export function datasetNameFor(path: string): string {
  const first = path.includes('/') ? path.split('/')[0]! : path.replace(/\.(csv|gz)$/i, '').replace(/\.[^.]*$/, '');
  const cleaned = first.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 64);
  return cleaned || 'my-digits';
}
