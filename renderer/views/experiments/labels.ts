/**
 * Labels that come with an experiment's data are i18n keys (see core's registry/result.ts): `key` or
 * `key:argument` (an argument such as a layer number, passed as {n}); anything that is not a key in the
 * locale files (an optimizer's name, "sigmoid, xavier-normal") is shown as it is.
 */
import { useI18n } from 'vue-i18n';

export function useLabel() {
  const { t, te } = useI18n();
  return (text: string): string => {
    const [key, argument] = text.split(':', 2) as [string, string | undefined];
    if (!key.startsWith('experiments.') || !te(key)) return text;
    return argument === undefined ? t(key) : t(key, { n: argument });
  };
}
