/** Where the welcome guide's dismissal is remembered ('yes' once dismissed); its own module so the e2e fixtures can read it without Vue. */
export const WELCOME_STORAGE_KEY = 'backprop-lab.welcome-dismissed';
