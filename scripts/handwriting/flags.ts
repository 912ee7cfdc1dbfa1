/**
 * The handwriting scripts' command-line flags (`--name value`), each refused at start-up with the flag,
 * the value and what it accepts, so a mistyped flag never runs a measurement other than the one asked for.
 */

function refuse(message: string): never {
  console.error(message);
  process.exit(2);
}

/** The text after `--name`, or `fallback` when the flag is absent. */
export function textFlag(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const text = process.argv[at + 1];
  if (text === undefined || text.startsWith('--')) refuse(`--${name} needs a value`);
  return text;
}

/** A number in [min, max] (an integer when `integer`), or `fallback` when the flag is absent. */
export function numberFlag(name: string, fallback: number, min: number, max: number, integer = false): number {
  const at = process.argv.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const text = process.argv[at + 1];
  const value = Number(text);
  if (text === undefined || text.trim() === '' || !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    refuse(`--${name} needs ${integer ? 'a whole number' : 'a number'} from ${min} to ${max} (got ${text === undefined ? 'nothing' : JSON.stringify(text)})`);
  }
  return value;
}

/** One name among `choices`, or `fallback` when the flag is absent. */
export function choiceFlag<Name extends string, Fallback extends Name | undefined>(name: string, choices: readonly Name[], fallback: Fallback): Name | Fallback {
  if (!process.argv.includes(`--${name}`)) return fallback;
  const text = textFlag(name, '');
  if (!(choices as readonly string[]).includes(text)) refuse(`--${name} needs one of ${choices.join(', ')} (got ${JSON.stringify(text)})`);
  return text as Name;
}

/** A comma-separated list of names, each one of `choices` (none when the flag is absent). */
export function choicesFlag<Name extends string>(name: string, choices: readonly Name[]): Name[] {
  const given = textFlag(name, '').split(',').filter(Boolean);
  const unknown = given.filter((value) => !(choices as readonly string[]).includes(value));
  if (unknown.length > 0) refuse(`--${name}: unknown ${unknown.map((u) => JSON.stringify(u)).join(', ')}; the choices are ${choices.join(', ')}`);
  return given as Name[];
}

/** A comma-separated list of numbers, each in [min, max] (`fallback` when the flag is absent). */
export function numbersFlag(name: string, fallback: number[], min: number, max: number): number[] {
  const at = process.argv.indexOf(`--${name}`);
  if (at < 0) return fallback;
  return textFlag(name, '').split(',').map((text) => {
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value) || value < min || value > max) refuse(`--${name} needs numbers from ${min} to ${max} (got ${JSON.stringify(text)})`);
    return value;
  });
}
