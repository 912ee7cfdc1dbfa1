/** The experiment registry: definitions, parameters, results and the one runner every host calls. */
export * from './params.js';
export * from './result.js';
export * from './definition.js';
export * from './registry.js';
export * from './run.js';
