/** One option of a ChoiceField. */
export interface Choice {
  value: string;
  /** The option's words, translated. */
  label: string;
  disabled?: boolean;
  /** Why it cannot be chosen, or more about it (the option's tooltip). */
  title?: string;
}
