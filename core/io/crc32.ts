/**
 * CRC-32 (ISO-HDLC, as in zip, gzip and PNG): reflected polynomial 0xEDB88320, initial value and final
 * XOR 0xFFFFFFFF. Check value: crc32("123456789") = 0xCBF43926. Byte-wise with a 256-entry table.
 */
const TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** Continues a CRC over more bytes: crc32(b, crc32(a)) = crc32(a ‖ b). */
export function crc32(bytes: Uint8Array, previous = 0): number {
  let c = (previous ^ 0xffffffff) >>> 0;
  for (let i = 0; i < bytes.length; i++) c = TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export function crc32Hex(value: number): string {
  return value.toString(16).padStart(8, '0');
}
