/** The desktop window's size when it opens and the smallest it can be made; the e2e layout checks read them too. */
export const WINDOW_SIZE = { width: 1280, height: 860 } as const;
export const WINDOW_MIN_SIZE = { width: 900, height: 640 } as const;
