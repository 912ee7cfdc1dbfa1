/** base64 of 784 bytes (ink 255 on 0), as the contract carries samples → values in [0, 1]. */
export function pixelsFromBase64(base64: string): Float32Array {
  const binary = atob(base64);
  const values = new Float32Array(binary.length);
  for (let i = 0; i < binary.length; i++) values[i] = binary.charCodeAt(i) / 255;
  return values;
}
