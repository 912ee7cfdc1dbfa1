/**
 * The usage text of each command, printed by `--help` and after any bad flag or value. Lists of names
 * (presets, optimizers, providers) come from core, so the help always offers what the engine accepts.
 */
import { exportFormats, importExtensions, optimizerNames, presetNames, providerChoices } from '@backprop-lab/core';

/** "a, b or c" */
export function listed(names: readonly string[]): string {
  return names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

export const commandUsage = {
  train: `backprop-lab train --preset NAME | --spec FILE | --resume RUN_DIR [options]
  Trains a network on MNIST or an imported dataset, stores the run under DIR/runs/ and the model under DIR/models/.
  --preset NAME        ${listed(presetNames)}
  --spec FILE          a JSON file { "modelSpec": …, "trainSpec": … } (trainSpec optional: seed-mlp's)
  --epochs N           epochs (whole number ≥ 1)
  --batch N            mini-batch size
  --lr X               learning rate (> 0)
  --optimizer NAME     ${listed(optimizerNames)}
  --provider NAME      ${listed(providerChoices)}
  --seed N             random seed (whole number in [0, 2³²))
  --dataset NAME       train on a dataset imported into DIR/datasets/ (IDX, CSV or PNG folder);
                       default: the bundled MNIST
  --limit N            train on the first N training images only (a subset, for quick trials)
  --test-limit N       evaluate on the first N MNIST test images only
  --from MODEL_ID      start from a library model's weights and preprocessing (fine-tuning)
  --threads N|auto     take the steps on N threads sharing each batch (this thread and worker threads;
                       1: this thread alone, the default), or auto: the faster of 1 and the machine's
                       cores by a short probe
  --out FILE           also write the model to FILE
  --resume RUN_DIR     continue a stored run from its last checkpoint with its own specs and data
                       limits; only --epochs (to extend it) and --provider may change
  --data-dir DIR       where runs and models are stored (default: .data/ in the current directory)
  --json               one JSON object per line per event instead of a progress bar`,
  eval: `backprop-lab eval --model FILE [--data mnist-test|mnist-train|PATH] [--limit N] [--json]
  Accuracy, loss and confusion matrix of a model file on the MNIST test set (default) or on your data:
  a folder of PNGs with one subfolder per class (0…9), a CSV in the Kaggle layout (label,pixel0…pixel783),
  or an IDX images file with its labels file beside it ("…-images-idx3-ubyte" → "…-labels-idx1-ubyte").`,
  predict: `backprop-lab predict --model FILE [--json] IMAGE...
  Class and probabilities for each PNG image (any size or colour; made 28×28 by the MNIST recipe).
  An image with no digit in it (blank, too little or too much ink) gets "no digit (…); draw a digit"
  ({"class": null, "refused": "blank" | "too-little-ink" | "too-much-ink"} with --json).`,
  gradcheck: `backprop-lab gradcheck --preset NAME | --spec FILE [options]
  Central-difference gradient check in float64 on the reference provider: relative error per parameter
  tensor and for the input (TEXTBOOK §9). Exit status 1 when any error is above the tolerance.
  --preset NAME        ${listed(presetNames)}
  --spec FILE          a JSON file { "modelSpec": …, "trainSpec": … }
  --samples N          random inputs in the batch checked (default 2)
  --entries N          entries checked per parameter tensor, spread over it (default 60)
  --seed N             seed of the inputs and the initial weights (default 1)
  --tolerance X        the largest relative error that passes (> 0, default 1e-5)
  --json               one JSON object instead of a table`,
  experiment: `backprop-lab experiment NAME [--PARAM VALUE ...] [--seed N] [--provider NAME] [--json]
  One of the course's experiments (TEXTBOOK §10), with the course's settings unless a flag changes one
  (its own --help lists every experiment and its parameters).`,
  race: `backprop-lab race [--json]
  The optimizer race of TEXTBOOK §10.4: every optimizer minimising z = x²/10 + y² from (−7, 2) for 20
  steps with the course's learning rates; prints the final points, or the trajectories as JSON
  (the same race, with sliders for each rate, is "experiment optimizer-race").`,
  bench: `backprop-lab bench [--provider NAME] [--w2-batches N] [--w1-samples N] [--latency-runs N] [--workers N] [--skip-tfjs] [--json]
  W1: seed MLP, SGD 0.1, Xavier uniform, batch 64, one epoch of 60,000 images (--w1-samples: fewer,
      for a quick trial; the first N images also feed W2).
  W2: LeNet-5, Adam 1e-3, batch 64, N batches (default 200).
  W1 and W2 also on the worker executor with --workers threads (default 2; 1 turns it off), and W2
      as a real run (startRun on its N × 64 first images, executor auto: what it picked and why).
  W3: single-image inference latency, median of 1000 (--latency-runs) after warm-up, for both networks.
  Our engine on each available provider (or only --provider) and TensorFlow.js layers on its WASM
  backend; samples/s, latency and the ratio ours/theirs.`,
  'bench-kernels': `backprop-lab bench-kernels [options]
  Matrix-product and convolution throughput of each kernel provider (see its own --help).`,
  export: `backprop-lab export --model M --format ${exportFormats.join('|')} [--out P] [--data-dir DIR]
  Writes a model in a format other tools read (docs/interop.md). M is an id (bundled:lenet5, user:NAME),
  a model name, or a .bplab file. P defaults to the format's file name in the current directory; for
  tfjs it is a folder that gets model.json and its weight shards (or a .zip of them).`,
  import: `backprop-lab import FILE [--data-dir DIR]
  Adds a model file (${listed(importExtensions)}) to your models: an ONNX graph of the supported operators
  (for example from torch.onnx.export) becomes a native model; anything unsupported is refused with the
  node and operator named, and nothing is added.`,
  dataset: `backprop-lab dataset import PATH --name NAME | list | delete NAME [--data-dir DIR] [--json]
  Your datasets under DIR/datasets/, for "train --dataset NAME" and the app's Train form. PATH is a
  folder of PNGs with one subfolder per class (0…9), a CSV in the Kaggle layout (label,pixel0…pixel783),
  or an IDX images file with its labels file beside it ("…-images-idx3-ubyte" → "…-labels-idx1-ubyte").
  Everything is read and checked before anything is written; a file that does not read adds nothing.`,
  serve: `backprop-lab serve [--port N] [--host 127.0.0.1] [--data-dir DIR]
  The app's engine and built renderer over HTTP and WebSocket, for a browser (see its own --help).`,
} as const;

export type CommandName = keyof typeof commandUsage;

export const commandNames = Object.keys(commandUsage) as CommandName[];

export function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(commandUsage, name);
}

const summaries: Record<CommandName, string> = {
  train: 'train a preset or a spec on MNIST; store the run and the model',
  eval: "a model's accuracy, loss and confusion matrix on a test set",
  predict: 'classify PNG images with a model',
  gradcheck: "check a network's backward pass against central differences",
  experiment: "one of the course's experiments (xor, optimizer-race, convolution, …)",
  race: 'the optimizer race on z = x²/10 + y²',
  bench: 'training and inference speed, ours against TensorFlow.js layers',
  'bench-kernels': 'matrix-product and convolution speed of each kernel provider',
  serve: 'the app in a browser: HTTP + WebSocket server with a token',
  export: 'write a model as ONNX, TF.js, safetensors, npz, JSON or .bplab',
  import: 'add an ONNX (or .bplab) model file to your models',
  dataset: 'import, list or delete your own datasets (PNG folder, CSV, IDX) to train on',
};

export const generalUsage = `Usage: backprop-lab <command> [options]

Commands:
${commandNames.map((name) => `  ${name.padEnd(15)}${summaries[name]}`).join('\n')}

Run "backprop-lab <command> --help" for a command's options.`;
