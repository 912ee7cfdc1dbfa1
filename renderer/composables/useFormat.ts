/**
 * Numbers, percentages, durations and dates in the language shown (vue-i18n's n() and d() with the
 * formats of renderer/i18n/index.ts, and the words of app.duration.*). Components use these rather
 * than toFixed/toLocaleString, so a switch of language reformats every number in place.
 */
import { useI18n } from 'vue-i18n';
import { durationParts } from './format';

export function useFormat() {
  const { t, n, d } = useI18n();
  return {
    integer: (value: number) => n(Math.round(value), 'integer'),
    decimal: (value: number) => n(value, 'decimal'),
    /** A fraction as a percentage with two decimals (0.9747 → 97.47%); '—' when absent. */
    percent: (fraction: number | null | undefined) => (fraction === null || fraction === undefined ? '—' : n(fraction, 'percent')),
    /** 1 h 02 min / 3 min 05 s / 12 s, in words of the language shown. */
    duration(ms: number): string {
      const { hours, minutes, seconds } = durationParts(ms);
      const two = (value: number) => String(value).padStart(2, '0');
      if (hours > 0) return t('app.duration.hours', { hours, minutes: two(minutes) });
      if (minutes > 0) return t('app.duration.minutes', { minutes, seconds: two(seconds) });
      return t('app.duration.seconds', { seconds });
    },
    date: (value: number | Date | string) => d(new Date(value), 'short'),
  };
}
