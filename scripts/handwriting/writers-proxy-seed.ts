/** The seed of the other writers' proxy: one set, whichever script measures on it. */
export const PROXY_SEED = 2012;
