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
  'model-file.manifest-too-long': '{file}: the manifest is {chars} characters of JSON, more than the {max} allowed',
  'model-file.manifest-too-deep': '{file}: the manifest is JSON nested more than {max} levels deep',
  // A manifest's field that breaks its rule (core/io/manifest.ts) or its tensor list (core/io/container.ts).
  'model-file.format': '{file}: format is {got}, expected "{expected}"',
  'model-file.no-format-version': '{file}: formatVersion is missing',
  'model-file.spec-missing': '{file}: modelSpec is missing or lacks inputShape, layers or loss',
  'model-file.spec-unknown-field': '{file}: modelSpec has an unknown field {key} (allowed: {allowed})',
  'model-file.train-spec': '{file}: trainSpec must be an object or null',
  'model-file.preprocessing-shape': '{file}: preprocessing must be null or an object with a spec and a list of statistics',
  'model-file.preprocessing-type': '{file}: preprocessing type {got} is not one of {choices}',
  'model-file.preprocessing-type-not-text': '{file}: preprocessing.spec.type is missing or not text; it must be one of {choices}',
  'model-file.minmax-range': '{file}: preprocessing minmax range must be [0, 1] or [-1, 1]',
  'model-file.preprocessing-epsilon': '{file}: preprocessing epsilon must be a finite number ≥ 0',
  'model-file.preprocessing-statistics': '{file}: preprocessing {type} must list the statistics {names}',
  'model-file.preprocessing-no-statistics': '{file}: preprocessing {type} must list no statistics',
  'model-file.statistic-tensor': '{file}: preprocessing statistic "{name}" has no 1-D float64 tensor preprocessing.{name}',
  'model-file.mean-length': '{file}: preprocessing mean has {length} values, which do not divide the {inputs} input values',
  'model-file.statistic-length': '{file}: preprocessing statistic "{name}" has {length} values, expected {expected}',
  'model-file.metrics-shape': '{file}: metrics must be an object or null',
  'model-file.metrics-part': '{file}: metrics.{part} must hold a loss and an accuracy as finite numbers',
  'model-file.metrics-number': '{file}: metrics.{field} must be a finite number',
  'model-file.provenance-missing': '{file}: provenance is missing',
  'model-file.provenance-text': '{file}: provenance.{field} must be text',
  'model-file.provenance-seed': '{file}: provenance.seed must be a finite number',
  'model-file.provenance-too-long': '{file}: a provenance field is {length} characters, more than the {max} allowed',
  'model-file.provenance-number': '{file}: provenance.{field} must be a finite number ≥ 0, not {got}',
  'model-file.provenance-fraction': '{file}: provenance.{field} must be a number from 0 to 1, not {got}',
  'model-file.provenance-count': '{file}: provenance.{field} must be a whole number ≥ 0, not {got}',
  'model-file.provenance-fine-tune': '{file}: provenance.fineTunedFrom must be an object with the start model (start), the data, samples and epochs of the fine-tune',
  'model-file.checksum-missing': '{file}: checksum is missing',
  'model-file.no-tensor-list': '{file}: the manifest has no tensor list',
  'model-file.too-many-tensors': '{file}: {count} tensors, more than the {max} allowed',
  'model-file.tensor-malformed': '{file}: tensors[{index}] is malformed',
  'model-file.tensor-twice': '{file}: tensor "{name}" appears twice',
  'model-file.tensor-bytes': '{file}: tensor "{name}" has {bytes} bytes but shape [{shape}] needs {expected}',
  'model-file.tensor-checksum': '{file}: tensor checksum mismatch (manifest says {stored}, the data gives {actual}); the file is corrupt',
  // The manifest's model spec breaks a rule of core/model.ts: `{problem}` is the spec error, worded from its own code.
  'model-file.spec-invalid': '{file}: modelSpec: {problem}',
  // The file's network does not build or its weights do not fit its layers (core/io/model-build.ts): `{problem}` says why, from its own code.
  'model-file.does-not-build': '{file}: the network in the file does not build: {problem}',

  // An ONNX file to import (core/io/onnx/graph-reader.ts, import.ts): `{file}` names it, `{node}` and
  // `{op}` the node at fault, `{shape}` a shape as [a, b, …].
  'onnx.too-large': '{file}: {bytes} bytes is more than the {max} an ONNX model may have here',
  'onnx.unreadable': '{file}: not a readable ONNX file, it is truncated or corrupt ({reason})',
  'onnx.no-graph': '{file}: the ONNX file holds no graph (is it an ONNX model?)',
  'onnx.no-opset': '{file}: the model imports no standard ONNX operator set',
  'onnx.too-many-nodes': '{file}: {count} nodes (at most {max})',
  'onnx.too-many-initialisers': '{file}: {count} initialisers (at most {max})',
  'onnx.constant-no-value': '{file}: node "{node}" (Constant) holds no tensor "value"',
  // A stored tensor that cannot be read: the error's code says where it is, its `problem` an onnx-tensor.* code.
  'onnx.initialiser': '{file}: initialiser "{tensor}": {problem}',
  'onnx.constant': '{file}: node "{node}" (Constant): {problem}',
  'onnx-tensor.external': 'keeps its data in an external file; save the model with its weights inside',
  'onnx-tensor.element-type': 'element type {type} is not supported (FLOAT, DOUBLE or INT64)',
  'onnx-tensor.dims': 'dimensions [{dims}] are not a tensor shape',
  'onnx-tensor.too-many-elements': '{count} elements is more than the {max} one tensor may have',
  'onnx-tensor.raw-bytes': 'shape mismatch, [{dims}] needs {expected} bytes but raw_data holds {actual}',
  'onnx-tensor.value-count': 'shape mismatch, [{dims}] needs {expected} values but the tensor holds {actual}',
  // The graph's ends and the preprocessing an export of this app recorded.
  'onnx.input-count': '{file}: the graph has {count} inputs ({names}); a network here reads one image',
  'onnx.input-not-float': '{file}: the input "{input}" is not a float tensor',
  'onnx.input-shape': '{file}: the input "{input}" needs a batch axis and fixed sizes after it, e.g. [N, 1, 28, 28]',
  'onnx.output-count': '{file}: the graph has {count} outputs; a classifier here gives one',
  'onnx.preprocessing-unreadable': '{file}: the recorded preprocessing ({key}) is not readable',
  'onnx.preprocessing-no-statistic': '{file}: the recorded preprocessing ({key}) needs the initialiser {tensor}, which the graph lacks',
  'onnx.preprocessing-mismatch': "{file}: the recorded preprocessing ({key}) does not match the graph's node {index} ({op})",
  'onnx.output-not-end': `{file}: the graph's output "{output}" is not the end of its chain of nodes`,
  'onnx.no-layers': '{file}: the graph has no layer to import',
  'onnx.does-not-build': '{file}: the imported network does not build: {problem}',
  // One node that cannot become a layer of the engine.
  'onnx.node-not-chain': '{file}: node "{node}" ({op}) reads "{reads}", not the output of the node before it ("{previous}"); only a chain of layers can be imported',
  'onnx.node-unsupported': '{file}: node "{node}" ({op}) is not supported (the operators imported are {supported})',
  'onnx.node-flatten-axis': '{file}: node "{node}" ({op}) flattens from an axis other than 1',
  'onnx.node-gemm-form': '{file}: node "{node}" ({op}) scales or transposes its input (alpha, beta or transA); only Y = X·B + C is a dense layer',
  'onnx.node-not-matrix': '{file}: node "{node}" ({op}) B is {shape}, not a matrix',
  'onnx.node-bias': '{file}: node "{node}" ({op}) adds "{tensor}", which is not a bias of {units} values',
  'onnx.node-inputs': '{file}: node "{node}" ({op}) shape mismatch: its weight takes {inputs} inputs but the layer before it gives {shape}',
  'onnx.node-conv-rank': '{file}: node "{node}" ({op}) W is {shape}; only 1-D and 2-D convolutions are supported',
  'onnx.node-grouped': '{file}: node "{node}" ({op}) is a grouped convolution (group ≠ 1)',
  'onnx.node-conv-dilated': '{file}: node "{node}" ({op}) is dilated (dilations ≠ 1)',
  'onnx.node-kernel-shape': '{file}: node "{node}" ({op}) kernel_shape [{declared}] differs from W {shape}',
  'onnx.node-conv-input': '{file}: node "{node}" ({op}) shape mismatch: W {weight} needs [{channels}, …{spatial}-D] but the layer before it gives {shape}',
  'onnx.node-auto-pad': '{file}: node "{node}" ({op}) uses auto_pad {autoPad}; write explicit pads',
  'onnx.node-pads': '{file}: node "{node}" ({op}) pads [{pads}] differ at the two ends of an axis; the engine pads both ends alike',
  'onnx.node-pool-rank': '{file}: node "{node}" ({op}) pools over {axes} axes; only 2-D pooling is supported',
  'onnx.node-pool-padded': '{file}: node "{node}" ({op}) pads its input; the engine pools without padding',
  'onnx.node-ceil-mode': '{file}: node "{node}" ({op}) rounds output sizes up (ceil_mode 1)',
  'onnx.node-pool-dilated': '{file}: node "{node}" ({op}) is dilated',
  'onnx.node-training-mode': '{file}: node "{node}" ({op}) is in training mode',
  'onnx.node-reshape': '{file}: node "{node}" ({op}) reshapes to [{target}]; only a flatten to [N, {size}] is supported',
  'onnx.node-dropout-ratio': '{file}: node "{node}" ({op}) drops with ratio {ratio}, which keeps no unit',
  'onnx.node-softmax-axis': '{file}: node "{node}" ({op}) normalises over axis {axis}; only the last axis is supported',
  'onnx.node-clip': '{file}: node "{node}" ({op}) clips to [{min}, {max}]; only [−1, 1] (hard tanh) is an activation here',
  'onnx.node-comparison': '{file}: node "{node}" ({op}) is a comparison other than the step function Cast(Greater(x, 0), float)',
  'onnx.node-activation': '{file}: node "{node}" ({op}) has no activation {fn}',
  'onnx.node-no-constant': '{file}: node "{node}" ({op}) needs its input {role} ("{tensor}") as an initialiser or a Constant',
  'onnx.node-vector': '{file}: node "{node}" ({op}) shape mismatch: {role} is {shape} but {length} values are needed',
  'onnx.node-scalar': '{file}: node "{node}" ({op}) {role} is {shape}, not one number',
  // The layer the node makes breaks a rule of core/model.ts: `{problem}` is the spec error, worded from its own code.
  'onnx.node-layer': '{file}: node "{node}" ({op}) {problem}',

  // A training checkpoint's state (core/io/checkpoint.ts, checkpoint-schema.ts): `{file}` names it, `{got}` the value as found.
  'checkpoint.unstorable': 'checkpoint field {field} is a {type}, which cannot be stored',
  'checkpoint.not-non-finite': '{file}: {got} is not NaN, Infinity or -Infinity',
  'checkpoint.tensor-missing': '{file}: tensor "{tensor}" is missing',
  'checkpoint.tensor-kind': '{file}: tensor "{tensor}" has an unknown kind {got}',
  'checkpoint.not-object': '{file}: the checkpoint state is not an object',
  'checkpoint.count': '{file}: {field} must be a whole number ≥ 0, got {got}',
  'checkpoint.elapsed': '{file}: elapsedMs must be a number ≥ 0, got {got}',
  'checkpoint.optimizer': '{file}: optimizer must hold a stepCount and a list of buffers',
  'checkpoint.too-many-buffers': '{file}: optimizer state for {count} parameters, more than the {max} allowed',
  'checkpoint.buffer': '{file}: optimizer.buffers[{index}] must map names to lists of numbers',
  'checkpoint.rng-words': '{file}: rng.words must be four 32-bit whole numbers',
  'checkpoint.rng-spare': '{file}: rng.spareNormal must be a number or null',
  'checkpoint.best': '{file}: best must be null or hold an epoch, a validationLoss, a validationAccuracy and weights',
  'checkpoint.weights': '{file}: {field} must map tensor names to float32 values',
  'checkpoint.weight-not-float32': '{file}: {field}["{key}"] is not a float32 tensor',

  // A model's JSON export (core/io/json-export.ts) and a file to import by its name (core/io/import-formats.ts).
  'model-json.not-json': '{file}: not valid JSON ({reason})',
  'model-json.too-long': '{file}: {chars} characters of JSON, more than the {max} a model export may hold',
  'model-json.too-deep': '{file}: the JSON is nested more than {max} levels deep',
  'model-json.not-export': '{file}: expected an object with "manifest" and "tensors"',
  'model-json.tensors-not-object': '{file}: "tensors" must be an object of tensors by name',
  'model-json.tensor-missing': '{file}: tensor "{tensor}" is missing',
  'model-json.tensor-not-number': '{file}: tensor "{tensor}" holds a non-number',
  'model-json.not-utf8': '{file}: not UTF-8 text, so not a model JSON export',
  'model-import.unknown-format': '{file}: cannot tell the format from the name; import {extensions} files',

  // A model an exporter cannot write (core/io/onnx/export.ts, tfjs-layers.ts, model-file.ts).
  'export.no-tensor': 'the model has no tensor "{tensor}" (its spec needs it)',
  'export.reserved-name': 'weight name "{tensor}" uses the reserved prefix "{prefix}"',
  // A network the TensorFlow.js export cannot write (core/io/tfjs-layers.ts).
  'tfjs.no-step': 'layer {index} ({type}): the step activation has no TensorFlow.js layer; export to ONNX instead',
  'tfjs.image-softmax': 'layer {index} ({type}): a softmax over an image runs along channels in TensorFlow.js, not along width',
  'tfjs.ends-flattened': 'the network ends in a flattened image, whose order differs in TensorFlow.js; end with a dense layer',

  // A spec larger than this app builds (core/spec-limits.ts, readLimits in core/limits.ts).
  'limit.layers': '{count} layers, more than the {max} allowed',
  'limit.size': 'layer {index} ({type}): size {size} is more than the {max} allowed',
  'limit.parameters': 'layer {index} ({type}): the model reaches {parameters} parameters, more than the {max} allowed',
  'limit.name': 'name is {length} characters, more than the {max} allowed',
  'limit.input-shape': 'inputShape {shape} is larger than allowed ({maxAxis} per axis, {maxValues} values per sample)',
  'limit.output-shape': "layer {index} ({type})'s output {shape} is larger than allowed ({maxAxis} per axis, {maxValues} values per sample)",

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
  // A saved state (a model file's or checkpoint's tensors) that does not fit the model (Model.loadStateDict).
  'model.state-missing': 'The saved state has no tensor "{tensor}" ({shape})',
  'model.state-shape': '"{tensor}" is {saved} in the saved state but {expected} in the model',
  'model.state-extra': 'The saved state holds "{tensor}", which this model does not have',
  'model.name-not-text': 'name must be text, got {got}',
  'model.saliency-class': "class {classIndex} is not one of the model's {classes} outputs (0–{last})",
  'model.saved-tensor-size': 'The saved tensor "{tensor}" has {length} values; the model needs {size}',
  'model.input-mismatch': 'The input {shape} does not hold samples of {inputShape} ({size} values each)',
  'model.cannot-allocate': 'this machine cannot allocate the memory the network needs ({reason})',

  'optimizer.unknown-type': "optimizer: unknown type '{value}' (one of {names})",
  'optimizer.saved-step-count': '{optimizer}: saved stepCount must be a whole number ≥ 0, got {got}',
  'optimizer.saved-buffer': "{optimizer}: saved state of parameter {index} lacks buffer '{buffer}'",
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
  // A run whose loss blew up (core/train/divergence.ts): where, why (its {problem}, a divergence.* code) and what is kept.
  'train.diverged': 'Training diverged at epoch {epoch}, iteration {iteration}: {problem}; the last good checkpoint is kept',
  'train.diverged-first-epoch': 'Training diverged at epoch {epoch}, iteration {iteration}: {problem}; there is no checkpoint yet (none is saved before the end of the first epoch); the initial weights are restored',
  'divergence.loss-not-finite': 'the loss became {loss} (learning rate {learningRate})',
  'divergence.iterations-above-chance': 'the loss was {loss}, above {factor} × {reference} = {ceiling} for {iterations} iterations in a row (the loss of guessing without looking at the input; learning rate {learningRate})',
  'divergence.iterations-above-first-step': 'the loss was {loss}, above {factor} × {reference} = {ceiling} for {iterations} iterations in a row (the loss of the first step; learning rate {learningRate})',
  'divergence.epoch-above-chance': "the epoch's mean loss was {loss}, above {factor} × {reference} = {ceiling} (the loss of guessing without looking at the input; learning rate {learningRate})",
  'divergence.epoch-above-first-step': "the epoch's mean loss was {loss}, above {factor} × {reference} = {ceiling} (the loss of the first step; learning rate {learningRate})",
  'divergence.weights-not-finite': 'the weights became non-finite',

  'handwriting.empty': 'The personal handwriting set is empty: draw digits on the pad and keep them first',
  'handwriting.too-few': 'Too few digits of class {digits} ({counts}): fine-tuning holds part of each class out for evaluation, so every class you drew needs at least {min}',
  // A fine-tune's shares (core/data/fine-tune-data.ts): of each drawn class held out, of MNIST mixed in.
  'handwriting.held-out-share': 'held-out share {share} must be in (0, 1)',
  'handwriting.mnist-share': 'MNIST share {share} must be in [0, {max}]',
  // The personal handwriting set (main/datasets/handwriting-set.ts): its samples.json and its samples.
  'handwriting.file-unreadable': '{file}: cannot be read ({reason})',
  'handwriting.file-not-json': '{file}: is not valid JSON; the handwriting set was not changed',
  'handwriting.file-not-set': '{file}: is not a handwriting set file (version 1 with samples and a revision)',
  'handwriting.sample-malformed': '{file}: sample {sample} is malformed (needs an id, a label 0–9, pixels, strokes or null and a date; {field} is not)',
  'handwriting.sample-pixels': '{file}: sample {sample} ("{id}") does not hold 784 pixels',
  'handwriting.pixel-count': 'sample {sample} has {pixels} pixels; a digit has 28×28 = {needed}',
  'handwriting.id-pixel-count': 'sample "{id}" has {pixels} pixels, not {needed}',
  'handwriting.duplicate-id': 'the handwriting set already holds a sample "{id}"',
  'handwriting.no-sample': 'the handwriting set has no sample "{id}"',
  'handwriting.label': 'label {label} is not a digit 0–9',
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

  // An IDX file (core/data/idx.ts), plain or gzip: `{file}` names it; sizes are listed as `{dims}`.
  'idx.too-large': '{file}: {bytes} bytes, more than the {max} this app reads',
  'idx.truncated-header': '{file}: truncated at byte {length} (expected a {needed}-byte header)',
  'idx.truncated': '{file}: truncated at byte {length} (expected {expected} bytes for sizes [{dims}])',
  'idx.trailing-bytes': '{file}: {extra} bytes after the end of the data (expected {expected} bytes)',
  'idx.images-magic': '{file}: bad magic number {magic} (expected {expected} for IDX images)',
  'idx.labels-magic': '{file}: bad magic number {magic} (expected {expected} for IDX labels)',
  'idx.too-many-images': '{file}: holds {count} images, more than the {max} this app reads',
  'idx.too-many-labels': '{file}: holds {count} labels, more than the {max} this app reads',
  'idx.sizes-too-large': '{file}: sizes [{dims}] need {bytes} bytes, more than the {max} this app reads',
  'idx.image-size': '{file}: images are {rows}×{cols}, expected 28×28',
  'idx.label-range': '{file}: label {label} of sample {sample} out of range 0–9',
  'idx.count-mismatch': '{file}: count mismatch: {images} images in {imagesFile} but {labels} labels in {file}',

  // A gzip-compressed data file (core/data/gzip.ts).
  'gzip.truncated': '{file}: gzip file truncated at byte {length} (the shortest is {min})',
  'gzip.past-header': '{file}: gzip data inflates to more than the {expected} bytes its header announces',
  'gzip.no-header': '{file}: no header found in the first {max} inflated bytes',
  'gzip.two-members': '{file}: holds more than one gzip member (bytes after the end of the first)',
  'gzip.corrupt': '{file}: gzip data is corrupt ({reason})',
  'gzip.too-short-for-header': '{file}: gzip data inflates to {length} bytes, too short for its header',
  'gzip.short': '{file}: gzip data inflates to {produced} bytes but its header announces {expected}',
  'gzip.trailer': '{file}: gzip trailer does not match the data (CRC-32 {storedCrc} and size {storedSize} stored, {actualCrc} and {actualSize} found): the file is corrupt or has bytes after its end',
  'gzip.too-large': '{file}: header announces {bytes} bytes, more than the {max} this app reads',
  'gzip.bomb': '{file}: header announces {bytes} bytes from {compressed} compressed, more than {ratio}× (a decompression bomb)',

  // A PNG image (core/data/png-structure.ts, png.ts); `{chunk}` is a chunk type, `{offset}` a byte position.
  'png.too-large': '{file}: not a readable PNG ({bytes} bytes, more than the {max} allowed)',
  'png.no-signature': '{file}: not a readable PNG (no PNG signature)',
  'png.truncated': '{file}: not a readable PNG (truncated at byte {length}: a chunk needs 12 bytes from {offset}, and IEND is missing)',
  'png.chunk-past-end': '{file}: not a readable PNG (chunk {chunk} at byte {offset} claims {length} bytes, past the end of the file)',
  'png.chunk-crc': '{file}: not a readable PNG (chunk {chunk} at byte {offset} fails its CRC)',
  'png.first-not-ihdr': '{file}: not a readable PNG (the first chunk is {chunk}, not IHDR)',
  'png.two-ihdr': '{file}: not a readable PNG (two IHDR chunks)',
  'png.late-plte': '{file}: not a readable PNG (PLTE after the image data or tRNS)',
  'png.two-plte': '{file}: not a readable PNG (two PLTE chunks)',
  'png.grey-plte': '{file}: not a readable PNG (a palette in a grey image (colour type {colourType}))',
  'png.plte-length': '{file}: not a readable PNG (PLTE of {length} bytes (3 per entry, 1–256 entries))',
  'png.plte-entries': '{file}: not a readable PNG ({entries} palette entries for bit depth {bitDepth} (at most {max}))',
  'png.late-trns': '{file}: not a readable PNG (tRNS after the image data)',
  'png.alpha-trns': '{file}: not a readable PNG (tRNS in an image with an alpha channel (colour type {colourType}))',
  'png.palette-trns': '{file}: not a readable PNG (tRNS of {length} entries for a palette of {entries})',
  'png.grey-trns': '{file}: not a readable PNG (tRNS of {length} bytes in a grey image (expected 2))',
  'png.rgb-trns': '{file}: not a readable PNG (tRNS of {length} bytes in an RGB image (expected 6))',
  'png.idat-apart': '{file}: not a readable PNG (IDAT chunks are not consecutive)',
  'png.no-plte': '{file}: not a readable PNG (an indexed image (colour type 3) without a PLTE chunk)',
  'png.no-idat': '{file}: not a readable PNG (no IDAT chunk)',
  'png.after-iend': '{file}: not a readable PNG ({extra} bytes after IEND)',
  'png.unknown-critical': '{file}: not a readable PNG (unknown critical chunk {chunk})',
  'png.ihdr-length': '{file}: not a readable PNG (IHDR of {length} bytes (expected 13))',
  'png.empty': '{file}: not a readable PNG (image is {width}×{height})',
  'png.too-many-pixels': '{file}: not a readable PNG (image is {width}×{height}, more than the {maxSide} px a side and {maxPixels} pixels allowed)',
  'png.colour-type': '{file}: not a readable PNG (colour type {colourType} does not exist (0, 2, 3, 4 or 6))',
  'png.bit-depth': '{file}: not a readable PNG (bit depth {bitDepth} is not allowed with colour type {colourType} ({allowed}))',
  'png.methods': '{file}: not a readable PNG (compression method {compression} and filter method {filter} (only 0 exists))',
  'png.interlace': '{file}: not a readable PNG (interlace method {interlace} (0 or 1))',
  'png.data-too-long': '{file}: not a readable PNG (image data inflates to more than the {expected} bytes a {width}×{height} image needs)',
  'png.data-corrupt': '{file}: not a readable PNG (image data is corrupt ({reason}))',
  'png.data-length': '{file}: not a readable PNG (image data inflates to {produced} bytes, but a {width}×{height} image needs {expected})',
  'png.undecodable': '{file}: not a readable PNG ({reason})',
  'png.palette-index': '{file}: pixel ({x}, {y}) uses palette entry {index}, but the palette has {entries}',

  // Images and labels put together (core/data/dataset.ts, split.ts).
  'data.pixel-count': '{file}: {values} pixel values do not make {count} images of 28×28 ({needed} needed)',
  'data.label-range': '{file}: label {label} of sample {sample} out of range 0–9',
  'data.validation-fraction': 'validation fraction {fraction} must be in [0, 1)',

  // A dataset on disk or in a zip (main/datasets/read-source.ts, handwriting-files.ts): `{file}` is the path.
  'source.no-such-path': '{file}: no such file or folder',
  'source.no-such-file': '{file}: no such file',
  'source.no-such-folder': '{file}: no such folder',
  'source.unreadable': '{file}: cannot be read ({reason})',
  'source.unknown-kind': '{file}: expected a PNG folder, a .csv file, or an IDX images file ("…images-idx3…")',
  'source.stray-file': '{file}: expected only class folders 0–9 here, found the file "{name}"',
  'source.not-class-folder': '{file}: folder "{name}" is not a class 0–9',
  'source.nested-folder': '{file}: expected PNG files only, found a folder',
  'source.not-png-file': '{file}: is not a .png file',
  'source.no-images': '{file}: holds no PNG images in class folders 0–9',
  'source.export-exists': '{file}: already exists; choose a new folder name for the export',
  'source.zip-too-many-files': '{file}: holds more than {max} files',
  'source.zip-bomb': "{file}: would inflate to {bytes} bytes or more ({entry} alone to {entryBytes}) from {compressed}: more than a dataset's files hold",
  'source.not-zip': '{file}: is not a readable zip ({reason})',
  'source.zip-no-labels': '{file}: holds {images} but not its labels file {labels}',
  'source.zip-empty': '{file}: holds no files',
  'source.zip-not-class-folder': '{file}: {entry} is not in a class folder 0–9',
  'source.zip-not-png': '{file}: {entry} is not a .png file',

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
  'provider.simd-fma': 'fused multiply-adds (relaxed SIMD)',
  'provider.simd-fma-failed': 'the fused multiply-add build passed the relaxed-SIMD check but did not load ({error}); the plain build is used',
  'provider.simd-threads-failed': 'threads unavailable: {error}',
  'provider.simd-split-none': 'splits nothing (a split was not faster here); speed-up of a split, 64×k·k×64, median of {rounds} interleaved rounds: {figures}',
  'provider.simd-split-from': 'splits calls of ≥ {from}M multiply-adds; speed-up of a split, 64×k·k×64, median of {rounds} interleaved rounds: {figures}',
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
