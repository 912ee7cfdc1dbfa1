/**
 * Labels that come with an experiment's data are i18n keys (see core's registry/result.ts): `key` or
 * `key:argument` (an argument such as a layer number, passed as {n}). The engine's own names that
 * other views already word are worded the same way here: a choice of `experiments.choices.*`, an
 * initialisation (`train.init.*`) or an activation (`train.activation.*`), alone or as the
 * "activation, initialisation" pair the vanishing-gradients runner names its networks by. Anything else
 * (an optimizer's name) is shown as it is.
 */
import { useI18n } from 'vue-i18n';

export function useLabel() {
  const { t, te } = useI18n();
  return labelIn(t, te);
}

/** The same, with a given translator (tests take the i18n instance of a locale). */
export function labelIn(t: (key: string, named?: Record<string, unknown>) => string, te: (key: string) => boolean) {
  const engineName = (name: string): string | undefined => {
    for (const key of [`experiments.choices.${name}`, `train.init.${name}`, `train.activation.${name}`]) if (te(key)) return t(key);
    return undefined;
  };
  return (text: string): string => {
    const [key, argument] = text.split(':', 2) as [string, string | undefined];
    if (key.startsWith('experiments.') && te(key)) return argument === undefined ? t(key) : t(key, { n: argument });
    const pair = /^([a-z-]+), ([a-z-]+)$/.exec(text);
    if (pair && te(`train.activation.${pair[1]}`) && te(`train.init.${pair[2]}`)) return `${t(`train.activation.${pair[1]}`)}, ${t(`train.init.${pair[2]}`)}`;
    return (/^[a-z0-9-]+$/.test(text) && engineName(text)) || text;
  };
}
