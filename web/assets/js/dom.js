// @ts-check
/**
 * A tiny element builder. Text always goes in as text nodes, never as HTML, so data from the API
 * cannot inject markup; listeners are attached with addEventListener (the CSP forbids inline
 * handlers).
 */
const SVG_NS = 'http://www.w3.org/2000/svg';

export function h(tag, props, ...children) {
  return build(document.createElement(tag), props, children);
}

export function s(tag, props, ...children) {
  return build(document.createElementNS(SVG_NS, tag), props, children);
}

function build(el, props, children) {
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.setAttribute('class', value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2).toLowerCase(), value);
    else if (key === 'value' || key === 'checked' || key === 'selected' || key === 'indeterminate') el[key] = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  appendChildren(el, children);
  return el;
}

export function appendChildren(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function replace(el, ...children) {
  el.replaceChildren();
  return appendChildren(el, children);
}

let idCounter = 0;
/** Ids for label/input pairs and aria-describedby links, unique within the page. */
export const uid = (prefix = 'id') => `${prefix}-${++idCounter}`;
