// dom.js: small helpers to build DOM without innerHTML.
//
// Every text that comes from a scenario (names, notes, sources) may hold
// markup (tests/browser/hostile.yaml); it only ever reaches the page
// through textContent or attribute values set by these helpers.

/**
 * Creates an element. `props` may hold:
 *   class, id, text (textContent), attrs ({name: value}), on ({event: fn}),
 *   and any other key set as a property (value, type, checked, ...).
 * `children` are nodes or strings (strings become text nodes).
 */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key === 'attrs') {
      for (const [a, v] of Object.entries(value)) {
        if (v !== undefined && v !== null && v !== false) node.setAttribute(a, v === true ? '' : String(v));
      }
    } else if (key === 'on') {
      for (const [ev, fn] of Object.entries(value)) node.addEventListener(ev, fn);
    } else node[key] = value;
  }
  append(node, ...children);
  return node;
}

/** Appends nodes or strings (as text) to a parent; skips null/false. */
export function append(parent, ...children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(typeof child === 'string' || typeof child === 'number' ? String(child) : child);
  }
  return parent;
}

/** Removes every child of a node. */
export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

/** Formats a number for display: fixed digits, '-' for null/NaN. */
export function fmt(x, digits = 1) {
  if (x === null || x === undefined || typeof x !== 'number' || !Number.isFinite(x)) return '–';
  return x.toFixed(digits);
}

/** Formats a signed number (+1.2 / -3.0). */
export function fmtSigned(x, digits = 1) {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  const s = x.toFixed(digits);
  return x > 0 ? '+' + s : s;
}

/** Makes an identifier safe for use inside an element id. */
export function idPart(s) {
  return String(s).replace(/[^A-Za-z0-9_-]/g, (c) => '_' + c.charCodeAt(0).toString(16));
}

/**
 * Turns SVG text from the server into a figure showing it.
 *
 * The picture is shown as an <img> from a data: URL rather than as
 * inline SVG: an image cannot run script, and cairo's SVG carries
 * style="..." attributes that the page's Content-Security-Policy
 * (style-src 'self') refuses inline - even parsing it with DOMParser in
 * this page reports a violation per attribute, so the SVG text is not
 * parsed as a document at all. Its <title> and <desc> (cairo draws text
 * as outlines; the library lists every text of the chart in <desc>)
 * become the image's alternative text and a "Chart text" disclosure;
 * their entities are decoded by parsing just that text as XML.
 */
export function svgFigure(svgText, fallbackLabel) {
  if (typeof svgText !== 'string' || !/^\s*(<\?xml[^>]*>\s*)?<svg[\s>]/.test(svgText)) {
    throw new Error('the chart the server sent is not SVG');
  }
  const label = xmlText(svgText, 'title') || fallbackLabel || 'chart';
  const desc = xmlText(svgText, 'desc');
  const bytes = new TextEncoder().encode(svgText);
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    bin += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  const img = el('img', { class: 'chart-img', alt: label, src: 'data:image/svg+xml;base64,' + btoa(bin) });
  const fig = el('figure', { class: 'chart' }, img);
  if (desc) {
    fig.append(el('details', { class: 'chart-text' },
      el('summary', { text: 'Chart text' }),
      el('pre', { text: desc })));
  }
  return fig;
}

/** The text of the first <tag>...</tag> of an XML text, entities decoded; '' if none. */
function xmlText(xml, tag) {
  const m = xml.match(new RegExp(`<${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</${tag}>`));
  if (!m) return '';
  const doc = new DOMParser().parseFromString(`<t>${m[1]}</t>`, 'application/xml');
  if (doc.getElementsByTagName('parsererror').length) return '';
  return doc.documentElement.textContent.trim();
}
