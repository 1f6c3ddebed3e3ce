/**
 * A tiny i18n layer: two dictionaries and a `t()` hook. The language choice is
 * kept in memory only (no browser storage); Danish is the default.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { da, type MessageKey, type Messages } from './da.js';
import { en } from './en.js';

export type Lang = 'da' | 'en';
export type { MessageKey };
export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

const dictionaries: Record<Lang, Messages> = { da, en };

export function translate(lang: Lang, key: MessageKey, vars?: Record<string, string | number>): string {
  const text = dictionaries[lang][key] ?? da[key] ?? key;
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

interface I18n {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: Translate;
}

const I18nContext = createContext<I18n>({
  lang: 'da',
  setLang: () => {},
  t: (key, vars) => translate('da', key, vars),
});

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLang] = useState<Lang>('da');
  const t = useCallback<Translate>((key, vars) => translate(lang, key, vars), [lang]);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const value = useMemo(() => ({ lang, setLang, t }), [lang, t]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}

/** The translate function for the current language. */
export function useT(): Translate {
  return useContext(I18nContext).t;
}
