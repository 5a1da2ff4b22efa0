// @ts-check
import { h, s } from '../dom.js';
import { label, lang, t } from '../i18n.js';
import { layoutGraph, parseMermaid } from './graph-layout.js';

/**
 * The procedure's state diagram as SVG: the current state highlighted, states the case has passed
 * through shaded, and the steps possible from here drawn and labelled in the accent colour.
 */
export function stateDiagram(definition, { current, visited = new Set() }) {
  const graph = parseMermaid(definition.diagram ?? '');
  if (graph.nodes.length === 0) return h('p', {}, t('diagram.unavailable'));
  const layout = layoutGraph(graph);
  const next = layout.edges.filter((edge) => edge.from === current);
  const stateName = (node) => label(definition.states[node]?.label) || t('diagram.routing');
  const markerId = `arrow-${definition.id}`;
  const markerNextId = `${markerId}-next`;

  const edgePaths = layout.edges.map((edge) => {
    const isNext = edge.from === current;
    return s(
      'path',
      {
        d: edgePath(layout, edge),
        class: `edge${isNext ? ' edge-next' : ''}${edge.back ? ' edge-back' : ''}`,
        'marker-end': `url(#${isNext ? markerNextId : markerId})`,
      },
      s('title', {}, `${stateName(edge.from)} → ${stateName(edge.to)}: ${label(definition.events[edge.event]?.label) || edge.event}`),
    );
  });

  // Each step possible from here is named just above the state it leads to (events to the same
  // state share one label), where labels of different steps cannot sit on top of each other.
  const byTarget = new Map();
  for (const edge of next) (byTarget.get(edge.to) ?? byTarget.set(edge.to, []).get(edge.to)).push(edge);
  const edgeLabels = [...byTarget].map(([target, edges]) => {
    const box = layout.boxes.get(target);
    const text = edges.map((edge) => truncate(label(definition.events[edge.event]?.label) || edge.event, lang() === 'zh' ? 14 : 24)).join(' / ');
    return edges[0].back
      ? s('text', { x: layout.laneX + edges[0].lane * 10 + 6, y: box.y + box.height / 2 - 6, class: 'edge-label', 'text-anchor': 'start' }, text)
      : s('text', { x: box.x + box.width / 2, y: box.y - 8, class: 'edge-label', 'text-anchor': 'middle' }, text);
  });

  const nodes = [...layout.boxes].map(([node, box]) => {
    const known = Boolean(definition.states[node]);
    const classes = [
      'node',
      known ? '' : 'node-routing',
      graph.finals.has(node) ? 'node-final' : '',
      visited.has(node) ? 'node-visited' : '',
      node === current ? 'node-current' : '',
    ]
      .filter(Boolean)
      .join(' ');
    const lines = wrap(stateName(node), box.width - 16);
    return s(
      'g',
      { class: classes, 'data-state': node, 'aria-current': node === current ? 'step' : undefined },
      s('title', {}, stateName(node)),
      s('rect', { x: box.x, y: box.y, width: box.width, height: box.height, rx: known ? 8 : 20 }),
      lines.map((line, i) =>
        s('text', { x: box.x + box.width / 2, y: box.y + box.height / 2 + (i - (lines.length - 1) / 2) * 15 + 4, 'text-anchor': 'middle' }, line),
      ),
    );
  });

  const description = current
    ? t('diagram.description', {
        current: stateName(current),
        next: next.map((edge) => label(definition.events[edge.event]?.label) || edge.event).join(t('list.separator')) || t('diagram.none'),
      })
    : '';
  const titleId = `diagram-title-${definition.id}`;
  const descId = `diagram-desc-${definition.id}`;
  return h(
    'div',
    { class: 'diagram-scroll', tabindex: '0', role: 'group', 'aria-label': t('diagram.title') },
    s(
      'svg',
      {
        class: 'state-diagram',
        viewBox: `0 0 ${layout.width} ${layout.height}`,
        width: layout.width,
        height: layout.height,
        role: 'img',
        'aria-labelledby': `${titleId} ${descId}`,
        'data-current': current,
      },
      s('title', { id: titleId }, t('diagram.title')),
      s('desc', { id: descId }, description),
      s('defs', {}, arrowMarker(markerId, 'arrow'), arrowMarker(markerNextId, 'arrow arrow-next')),
      s('g', { class: 'edges' }, edgePaths),
      s('g', { class: 'nodes' }, nodes),
      s('g', { class: 'edge-labels' }, edgeLabels),
    ),
  );
}

function arrowMarker(id, className) {
  return s(
    'marker',
    { id, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' },
    s('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: className }),
  );
}

function edgePath(layout, edge) {
  if (edge.back) {
    const a = layout.boxes.get(edge.from);
    const b = layout.boxes.get(edge.to);
    // Back edges run up a lane on the right, clear of the boxes.
    const x1 = a.x + a.width;
    const y1 = a.y + a.height / 2;
    const x2 = b.x + b.width;
    const y2 = b.y + b.height / 2;
    const lane = layout.laneX + edge.lane * 10;
    return `M ${x1} ${y1} C ${lane} ${y1}, ${lane} ${y2}, ${x2 + 2} ${y2}`;
  }
  // Through each layer's point with a vertical tangent, so the chain reads as one smooth line.
  const [start, ...rest] = edge.points;
  let path = `M ${start.x} ${start.y}`;
  let previous = start;
  for (const point of rest) {
    const bend = (point.y - previous.y) / 2;
    path += ` C ${previous.x} ${previous.y + bend}, ${point.x} ${point.y - bend}, ${point.x} ${point.y - (point === rest[rest.length - 1] ? 1 : 0)}`;
    previous = point;
  }
  return path;
}

/** Rough text width (CJK full width, Latin about half) to wrap labels into two lines. */
function wrap(text, maxWidth) {
  const width = (chars) => [...chars].reduce((sum, ch) => sum + (/[\u2e80-\uffff]/.test(ch) ? 13 : 7), 0);
  if (width(text) <= maxWidth) return [text];
  const words = /[\u2e80-\uffff]/.test(text) ? [...text] : text.split(/(\s+)/);
  let first = '';
  let i = 0;
  for (; i < words.length && width(first + words[i]) <= maxWidth; i += 1) first += words[i];
  const rest = words.slice(i).join('').trim();
  return [first.trim(), truncateToWidth(rest, maxWidth, width)];
}

function truncateToWidth(text, maxWidth, width) {
  if (width(text) <= maxWidth) return text;
  let cut = text;
  while (cut && width(`${cut}…`) > maxWidth) cut = cut.slice(0, -1);
  return `${cut}…`;
}

const truncate = (text, max) => ([...text].length > max ? `${[...text].slice(0, max - 1).join('')}…` : text);
