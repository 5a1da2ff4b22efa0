// @ts-check
import { MESSAGES } from './messages.js';

/**
 * Every text a person reads comes from MESSAGES (zh-CN first, English second) or from a label the
 * API sends in both languages. The choice is remembered in localStorage.
 */
const STORAGE_KEY = 'lang';
const listeners = new Set();
let current = readStored();

function readStored() {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

export const lang = () => current;

export function setLang(next) {
  current = next === 'en' ? 'en' : 'zh';
  try {
    localStorage.setItem(STORAGE_KEY, current);
  } catch {
    // Storage may be disabled; the switch still holds for this page.
  }
  applyDocumentLang();
  for (const listener of listeners) listener(current);
}

export function applyDocumentLang() {
  document.documentElement.lang = current === 'zh' ? 'zh-CN' : 'en';
}

export const onLangChange = (listener) => listeners.add(listener);

/** A message by key, with `{name}` placeholders filled from vars. */
export function t(key, vars) {
  const text = MESSAGES[current][key] ?? MESSAGES.zh[key] ?? key;
  return vars ? text.replace(/\{(\w+)\}/g, (_, name) => (vars[name] === undefined ? '' : String(vars[name]))) : text;
}

/** A `{zh, en}` label from the procedure tables, in the current language. */
export const label = (value) => (value && typeof value === 'object' ? (value[current] ?? value.zh ?? '') : (value ?? ''));

export const hasMessage = (key) => key in MESSAGES[current];
