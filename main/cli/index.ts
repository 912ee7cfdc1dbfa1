/**
 * The `backprop-lab` command line: picks the command, runs it, and turns a usage error into the
 * command's usage text and exit status 2 (any other error: its message and status 1). Each command
 * module is imported only when it runs, so `serve` does not load TensorFlow.js and `race` starts fast.
 */
import { clipLongWords, UsageError } from './args.js';
import { commandUsage, generalUsage, isCommandName, type CommandName } from './usage.js';

export type Command = (argv: string[]) => Promise<number>;

const commands: Record<CommandName, () => Promise<Command>> = {
  train: async () => (await import('./train.js')).trainCommand,
  eval: async () => (await import('./eval.js')).evalCommand,
  predict: async () => (await import('./predict.js')).predictCommand,
  gradcheck: async () => (await import('./gradcheck.js')).gradcheckCommand,
  experiment: async () => (await import('./experiment.js')).experimentCommand,
  race: async () => (await import('./race.js')).raceCommand,
  bench: async () => (await import('./bench.js')).benchCommand,
  'bench-kernels': async () => (await import('./bench-kernels.js')).benchKernelsCommand,
  serve: async () => (await import('./serve.js')).serveCommand,
  export: async () => (await import('./export.js')).exportCommand,
  import: async () => (await import('./import.js')).importCommand,
  dataset: async () => (await import('./dataset.js')).datasetCommand,
};

/** The commands that print their own --help (their flags are defined by their own modules). */
const selfDocumenting: ReadonlySet<CommandName> = new Set(['bench-kernels', 'serve', 'experiment']);

export async function runCli(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? process.stderr : process.stdout).write(`${generalUsage}\n`);
    return name === undefined ? 2 : 0;
  }
  if (!isCommandName(name)) {
    process.stderr.write(`Unknown command "${name}".\n\n${generalUsage}\n`);
    return 2;
  }
  if (!selfDocumenting.has(name) && (rest.includes('--help') || rest.includes('-h'))) {
    process.stdout.write(`${commandUsage[name]}\n`);
    return 0;
  }
  try {
    const command = await commands[name]();
    return await command(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`backprop-lab ${name}: ${error.message}\n\n${commandUsage[name]}\n`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`backprop-lab ${name}: ${clipLongWords(message)}\n`);
    return 1;
  }
}
