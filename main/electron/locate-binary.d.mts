/** Types of locate-binary.mjs (plain JavaScript so that `npm start` runs it before any build). */
export function locateElectron(): { binary: string; reason?: undefined } | { binary?: undefined; reason: string };
export function hasDisplay(): boolean;
