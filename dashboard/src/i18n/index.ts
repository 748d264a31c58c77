/**
 * vue-i18n set-up: zh-CN is the source of truth and the default; en is complete
 * beside it (a test checks parity and that every key the code uses exists).
 * A missing key is reported with `console.error`, so the browser tests fail on it.
 */
import { createI18n } from 'vue-i18n';
import en from './en.json' with { type: 'json' };
import { isLocale, type Locale } from './locales.js';
import zhCN from './zh-CN.json' with { type: 'json' };

export { LOCALES, type Locale } from './locales.js';
export type MessageSchema = typeof zhCN;

const STORAGE_KEY = 'zhidu.locale';

/** The locale chosen on this device (zh-CN unless switched; `?lang=en` in the URL wins, for wall screens). */
function initialLocale(): Locale {
  const fromUrl = new URLSearchParams(window.location.hash.split('?')[1] ?? '').get('lang');
  if (isLocale(fromUrl)) return fromUrl;
  const stored = window.localStorage.getItem(STORAGE_KEY);
  return isLocale(stored) ? stored : 'zh-CN';
}

export const i18n = createI18n<[MessageSchema], Locale, false>({
  legacy: false,
  locale: initialLocale(),
  // No fallback: a key missing in one language must show up as an error, not as the other language.
  fallbackLocale: false,
  messages: { 'zh-CN': zhCN, en },
  missingWarn: false,
  fallbackWarn: false,
  missing: (locale, key) => {
    console.error(`[i18n] missing message "${key}" for ${locale}`);
  },
});

/** Switches the language of the whole app and remembers it on this device. */
export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  window.localStorage.setItem(STORAGE_KEY, locale);
  document.documentElement.lang = locale;
}

/** The current locale (reactive inside components). */
export function currentLocale(): Locale {
  return i18n.global.locale.value;
}
