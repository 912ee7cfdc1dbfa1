/** The datasets the Train form offers. MNIST's training set: its test set's 10,000 images are never trained on. */
export const MNIST_TRAIN_IMAGES = 60_000;
