/**
 * Every message of the engine a person may read, in English, by code; `{name}` is a parameter. Errors
 * carry the code and the parameters as data (`code`, `params`), so the app shows them in the user's
 * language (renderer/i18n/locales/<locale>/errors.json translates these keys) and no UI reads the text.
 * The CLI and logs print the English text formatted here.
 *
 * The templates use vue-i18n's syntax, which the renderer compiles them with: only `{name}` is special
 * (no `|`, `@`, `{`, `}` otherwise).
 */
export const engineMessages = {
  // Generic: a message not (yet) given its own code; `message` is the English text.
  'spec.invalid': '{message}',
  'data.invalid': '{message}',
  'model-file.invalid': '{message}',
  // A model file or checkpoint that cannot be read (core/io/container.ts): `{file}` names it.
  'model-file.model-wrong-start': '{file}: not a Backprop Lab model file (starts with {start}, expected "{magic}")',
  'model-file.checkpoint-wrong-start': '{file}: not a Backprop Lab checkpoint (starts with {start}, expected "{magic}")',
  'model-file.model-not-one': '{file}: not a Backprop Lab model file',
  'model-file.checkpoint-not-one': '{file}: not a Backprop Lab checkpoint',
  'model-file.truncated-header': '{file}: truncated at byte {length} (the header alone needs {needed})',
  'model-file.newer-version': '{file}: format version {version} is newer than this app reads ({maxVersion}); update Backprop Lab',
  'model-file.truncated-manifest': '{file}: truncated at byte {length} (the manifest alone ends at byte {end})',
  'model-file.truncated': '{file}: truncated at byte {length} (expected {expected} bytes)',
  'model-file.trailing-bytes': '{file}: {extra} unexpected bytes after the data (expected {expected} bytes)',
  'model-file.checksum': '{file}: checksum mismatch (file says {stored}, contents give {actual}); the file is corrupt',
  'model-file.too-large': '{file}: {bytes} bytes, more than the {max} this app reads',
  'model-file.manifest-too-large': '{file}: a manifest of {bytes} bytes, more than the {max} allowed',
  'model-file.manifest-not-utf8': '{file}: the manifest is not valid UTF-8; the file is corrupt',
  'model-file.manifest-not-json': '{file}: the manifest is not valid JSON; the file is corrupt',
  'model-file.manifest-not-object': '{file}: the manifest is not a JSON object',

  // One field of a spec that breaks its rule (core/fields.ts): `{field}` is its key, `{got}` the value as
  // given. The error's code says where the field is and its `problem` which field.* code applies;
  // `{problem}` in the code's text is the problem's text.
  'field.required': '{field} is required',
  'field.positive': '{field} must be a positive number, got {got}',
  'field.at-least': '{field} must be a number ≥ {min}, got {got}',
  'field.whole': '{field} must be a whole number ≥ {min}, got {got}',
  'field.whole-below': '{field} must be a whole number in [{min}, {max}), got {got}',
  'field.in-closed': '{field} must be in [{min}, {max}], got {got}',
  'field.in-right-open': '{field} must be in [{min}, {max}), got {got}',
  'field.in-left-open': '{field} must be in ({min}, {max}], got {got}',
  'field.size-pair': '{field} must be a number or [height, width], got {got}',
  'field.size-element': '{field}[{at}] must be a whole number ≥ {min}, got {got}',
  'field.boolean': '{field} must be true or false, got {got}',
  'field.choice': '{field} must be one of {choices}; got {got}',
  'field.unknown-name': 'unknown {field} {got} (one of {choices})',

  'layer.field': 'layer {index} ({type}): {problem}',
  'layer.input-rank': 'layer {index} ({type}): needs input {layout}, got {shape}',
  'layer.input-shape': 'layer {index} ({type}): input shape {shape} must be whole numbers ≥ 1',
  'layer.output-too-small': 'layer {index} ({type}): output {axis} floor(({size} + 2·{padding} − {kernel})/{stride}) + 1 = {out} < 1',
  'layer.unknown-key': "layer {index} ({type}): unknown key '{key}' (allowed: {allowed})",
  'layer.unknown-type': "layer {index} ({type}): unknown layer type '{value}' (one of {names})",
  'layer.unknown-init': "layer {index} ({type}): unknown initialisation '{value}' (one of {names})",

  'model.not-object': 'A model spec must be an object with inputShape, layers and loss',
  'model.input-shape': 'inputShape must be a list of whole numbers ≥ 1, e.g. [784] or [1, 28, 28]; got {value}',
  'model.no-layers': 'A model needs at least one layer',
  'model.unknown-loss': "Unknown loss '{value}' (one of {names})",
  'model.needs-vector': "layer {index} ({type}) gives {shape} per sample but the loss '{loss}' needs a vector: end with flatten, globalavgpool or dense",
  'model.needs-classes': "layer {index} ({type}) gives {classes} output; '{loss}' needs at least 2 classes",
  'model.input-mismatch': 'The input {shape} does not hold samples of {inputShape} ({size} values each)',

  'optimizer.unknown-type': "optimizer: unknown type '{value}' (one of {names})",
  'optimizer.field': 'optimizer {optimizer}: {problem}',

  'schedule.unknown-type': "schedule: unknown type '{value}' (one of {names})",
  'schedule.base-lr': 'schedule {schedule}: base learning rate must be a positive number, got {value}',
  'schedule.field': 'schedule {schedule}: {problem}',

  'regularisation.field': 'regularisation: {problem}',

  'train.field': 'TrainSpec: {problem}',
  'train.preprocess-range': 'TrainSpec: preprocess.range must be [lo, hi] with lo < hi, got {got}',
  'train.no-training-samples': 'validationSplit {validationSplit} leaves no training samples out of {count}',
  'train.input-size': "The model's input shape {inputShape} holds {size} values but each sample of the data has {sampleSize}",
  'train.output-classes': 'layer {index} ({type}) gives {outputs} outputs but the data has {classes} classes: the last layer needs {classes} outputs',

  'handwriting.empty': 'The personal handwriting set is empty: draw digits on the pad and keep them first',
  'handwriting.too-few': 'Too few digits of class {digits} ({counts}): fine-tuning holds part of each class out for evaluation, so every class you drew needs at least {min}',
  'preset.unknown': 'Unknown preset "{value}"; the presets are {names}',

  // An experiment's parameter that breaks its rule (core/experiments/registry/params.ts): `{got}` is the value as given.
  'experiment.unknown-param': 'experiment {experiment}: {param} is not a parameter of this experiment (its parameters: {known}), got {got}',
  'experiment.not-number': 'experiment {experiment}: {param} must be a finite number, got {got}',
  'experiment.not-whole': 'experiment {experiment}: {param} must be a whole number, got {got}',
  'experiment.below': 'experiment {experiment}: {param} must be ≥ {min}, got {got}',
  'experiment.above': 'experiment {experiment}: {param} must be ≤ {max}, got {got}',
  'experiment.not-choice': 'experiment {experiment}: {param} must be one of {choices}, got {got}',
  'experiment.not-boolean': 'experiment {experiment}: {param} must be true or false, got {got}',
  'experiment.not-rows': 'experiment {experiment}: {param} must be a list of rows, got {got}',
  'experiment.not-rectangle': 'experiment {experiment}: {param} must be a non-empty rectangle of finite numbers, got {got}',
  'experiment.too-many-rows': 'experiment {experiment}: {param} must have at most {max} rows, got {got}',
  'experiment.too-many-columns': 'experiment {experiment}: {param} must have at most {max} columns, got {got}',
  'experiment.not-network': 'experiment {experiment}: {param} is not a network the engine can build: {message}',

  // A CSV of digits in the Kaggle layout (core/data/csv.ts): rows are numbered as lines of the file.
  'csv.too-many-bytes': '{file}: {size} bytes, more than the {max} this app reads',
  'csv.too-many-characters': '{file}: {size} characters, more than the {max} this app reads',
  'csv.too-many-lines': '{file}: holds more than {lines} lines: a header and the {max} images this app reads',
  'csv.header-columns-labelled': '{file}: header has {columns} columns (expected {expected}: label + 784 pixels)',
  'csv.header-columns': '{file}: header has {columns} columns (expected {expected}: 784 pixels)',
  'csv.no-rows': '{file}: no data rows',
  'csv.first-row-width': '{file}: row {row} has {fields} values (expected 785: label + 784 pixels, or 784 pixels)',
  'csv.too-many-rows': '{file}: holds {rows} rows, more than the {max} images this app reads',
  'csv.row-width-labelled': '{file}: row {row} has {fields} values (expected {expected}: label + 784 pixels)',
  'csv.row-width': '{file}: row {row} has {fields} values (expected {expected}: 784 pixels)',
  'csv.not-a-number': '{file}: row {row}, column {column}: "{field}" is not a number',
  'csv.label-range': '{file}: row {row}: label {label} out of range 0–9',
  'csv.pixel-range': '{file}: row {row}, pixel {pixel}: value {value} out of range 0–255',
  'csv.no-labels': '{file}: has no label column (784 values per row); a training set needs label,pixel0..pixel783',

  // The user's own datasets (main/datasets): an import from a path or an upload from the app.
  'dataset.bad-name': `"{name}" is not a usable dataset name (letters, digits, '.', '_', '-'; at most 64)`,
  'dataset.exists': 'a dataset named "{name}" already exists; delete it or choose another name',
  'dataset.not-found': 'no dataset named "{name}"',
  'dataset.no-upload': 'no upload {uploadId} is open (it finished, was cancelled, or the engine restarted)',
  'dataset.upload-empty': 'the upload holds no files',
  'dataset.upload-too-large': 'the upload is larger than the {max} bytes this app reads',
  'dataset.upload-csv-count': 'a CSV dataset is one .csv file; the upload holds {count}',
  'dataset.upload-idx-images': 'an IDX dataset is an images file ("…images-idx3…") and its labels file; the upload holds {count} images files',
  'dataset.upload-idx-labels': 'the labels file {labels} for {images} is not in the upload',

  // A kernel provider, as Settings and `bench` describe it (core/kernels/select.ts): what it is when
  // available (a provider's detail is one or more of these parts), why not when unavailable.
  'provider.reference': 'plain TypeScript, float32/float64',
  'provider.js': 'TypeScript float32, 4×4 register tiles',
  'provider.simd': 'our WebAssembly SIMD kernels, 4×8 micro-kernel, kernel threads: {threads}',
  'provider.simd-threads-failed': 'threads unavailable: {error}',
  'provider.simd-split-none': 'splits nothing (a split was not faster here); measured speed-up of a split, 64×k·k×64: {figures}',
  'provider.simd-split-from': 'splits calls of ≥ {from}M multiply-adds; measured speed-up of a split, 64×k·k×64: {figures}',
  'provider.simd-split-asked': 'splits calls of ≥ {from} multiply-adds (as asked)',
  'provider.wasm': 'tfjs-backend-wasm {version}, SIMD, threads: {threads}',
  'provider.wasm-no-simd': 'tfjs-backend-wasm {version}, no SIMD, threads: {threads}',
  'provider.wasm-node-threads': 'threads are unavailable under Node',
  'provider.tfjs-node': 'TensorFlow native, CPU',
  'provider.tfjs-node-gpu': 'TensorFlow native, CUDA',
  'provider.not-installed': '{package} is not installed',
  'provider.failed-to-load': '{package} failed to load: {error}',
  'provider.backend-failed': "{package} is installed but its 'tensorflow' backend failed to initialise",
  'provider.no-cuda-device': '{package} loaded but TensorFlow found no CUDA device',
  'provider.failed': 'it failed to start: {error}',
  'provider.not-detected': 'the {name} provider was not detected',
  'provider.unavailable': 'the {name} provider is not available on this machine',
} as const;

export type MessageCode = keyof typeof engineMessages;

/** A parameter of a message: shown as it is (numbers are formatted by the UI for its language). */
export type MessageParams = Record<string, string | number>;

/** A message as data: the app words it in the user's language, the CLI prints formatMessage's English. */
export interface MessageData {
  code: MessageCode;
  params: MessageParams;
}

/** `{ code, params }`, typed. */
export function messageData(code: MessageCode, params: MessageParams = {}): MessageData {
  return { code, params };
}

export function isMessageCode(code: unknown): code is MessageCode {
  return typeof code === 'string' && Object.hasOwn(engineMessages, code);
}

/** The English text of `code` with its parameters filled in (a missing one stays `{name}`, visibly). */
export function formatMessage(code: MessageCode, params: MessageParams = {}): string {
  return fillTemplate(engineMessages[code], params);
}

/** A template of any catalogue (core's, the contract's) with its `{name}` parameters filled in. */
export function fillTemplate(template: string, params: MessageParams = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : whole));
}
