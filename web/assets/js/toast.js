// @ts-check
import { h } from './dom.js';

/** Short confirmations, read out by screen readers through the live region in the shell. */
export function toast(message, kind = 'ok') {
  const region = document.getElementById('toasts');
  if (!region) return;
  const item = h('div', { class: `toast toast-${kind}` }, message);
  region.append(item);
  setTimeout(() => item.remove(), 5000);
}
