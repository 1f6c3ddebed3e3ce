/**
 * Feature-local dictionaries that follow the app's language switch. Each
 * feature folder keeps its own `{ da, en }` texts; `en` must have every key.
 */
import { useCallback } from 'react';
import { useI18n } from './index.js';

export type Dict<K extends string> = { da: Record<K, string>; en: Record<K, string> };
export type Tx<K extends string> = (key: K, vars?: Record<string, string | number>) => string;

export function makeUseText<K extends string>(dict: Dict<K>): () => Tx<K> {
  return function useText() {
    const { lang } = useI18n();
    return useCallback<Tx<K>>(
      (key, vars) => {
        const text = dict[lang][key] ?? dict.da[key] ?? key;
        if (!vars) return text;
        return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
      },
      [lang],
    );
  };
}
