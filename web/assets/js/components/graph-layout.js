// @ts-check
/**
 * Reads the Mermaid state diagram the API sends (generated from the machine, never hand-drawn) and
 * lays it out in layers, Sugiyama-style but small: edges that close a cycle are set aside and drawn
 * up a lane on the right; states get the layer of their longest path from the initial state; an
 * edge spanning several layers passes through a point in each, so it bends around the states in
 * between; a few barycentre sweeps reduce crossings, and a few relaxation rounds pull each state
 * towards its neighbours so that chains run straight. Procedures have a few dozen states at most.
 */
export function parseMermaid(text) {
  const edges = [];
  const finals = new Set();
  const nodes = new Set();
  let initial;
  for (const raw of String(text).split('\n')) {
    const line = raw.trim();
    const arrow = /^(\[\*\]|[\w$]+)\s*-->\s*(\[\*\]|[\w$]+)\s*(?::\s*(\S+)(?:\s*\[(.*)\])?)?$/.exec(line);
    if (!arrow) continue;
    const [, from, to, event, guard] = arrow;
    if (from === '[*]') {
      initial = to;
      nodes.add(to);
    } else if (to === '[*]') {
      finals.add(from);
      nodes.add(from);
    } else {
      nodes.add(from);
      nodes.add(to);
      edges.push({ from, to, event, guard });
    }
  }
  return { initial, nodes: [...nodes], edges, finals };
}

const POINT_WIDTH = 8;

export function layoutGraph(graph, { nodeWidth = 156, nodeHeight = 44, gapX = 26, gapY = 48, margin = 16 } = {}) {
  const drawn = graph.edges.filter((edge) => edge.from !== edge.to);
  const back = backEdges(graph, drawn);
  const forward = drawn.filter((edge) => !back.has(edge));
  const layerOf = longestPathLayers(graph.nodes, forward);

  // Each pair of states joined by forward edges gets one chain through a point in every layer the
  // edges cross; all events between the pair follow it.
  const width = new Map(graph.nodes.map((node) => [node, nodeWidth]));
  const chainOfPair = new Map();
  const links = [];
  for (const edge of forward) {
    const pair = `${edge.from}>${edge.to}`;
    if (chainOfPair.has(pair)) continue;
    const chain = [edge.from];
    for (let layer = layerOf.get(edge.from) + 1; layer < layerOf.get(edge.to); layer += 1) {
      const point = `~${chainOfPair.size}~${layer}`;
      layerOf.set(point, layer);
      width.set(point, POINT_WIDTH);
      chain.push(point);
    }
    chain.push(edge.to);
    chainOfPair.set(pair, chain);
    for (let i = 1; i < chain.length; i += 1) links.push([chain[i - 1], chain[i]]);
  }
  const chains = new Map(forward.map((edge) => [edge, chainOfPair.get(`${edge.from}>${edge.to}`)]));
  const layers = [];
  for (const node of [...graph.nodes, ...[...layerOf.keys()].filter((key) => key.startsWith('~'))]) (layers[layerOf.get(node)] ??= []).push(node);
  orderLayers(layers, links);

  const x = assignX(layers, links, width, gapX);
  const y = (layer) => margin + layer * (nodeHeight + gapY);
  const left = Math.min(...[...x].map(([node, centre]) => centre - width.get(node) / 2));
  const shift = margin - left;
  const boxes = new Map();
  for (const node of graph.nodes) {
    boxes.set(node, { x: x.get(node) + shift - nodeWidth / 2, y: y(layerOf.get(node)), width: nodeWidth, height: nodeHeight, layer: layerOf.get(node) });
  }
  const right = Math.max(...[...x].map(([node, centre]) => centre + shift + width.get(node) / 2));
  const laneX = right + 24;
  const laneOf = new Map([...back].map((edge, i) => [edge, i]));
  const edges = drawn.map((edge) => {
    if (back.has(edge)) return { ...edge, back: true, lane: laneOf.get(edge) };
    const chain = chains.get(edge);
    const points = chain.map((node, i) => {
      const cx = x.get(node) + shift;
      if (i === 0) return { x: cx, y: y(layerOf.get(node)) + nodeHeight };
      if (i === chain.length - 1) return { x: cx, y: y(layerOf.get(node)) };
      return { x: cx, y: y(layerOf.get(node)) + nodeHeight / 2 };
    });
    return { ...edge, back: false, points };
  });
  return {
    width: laneX + (back.size ? back.size * 10 + 16 : 0) + margin,
    height: margin * 2 + layers.length * nodeHeight + (layers.length - 1) * gapY,
    boxes,
    edges,
    laneX,
  };
}

/** Depth-first from the initial state (then any unreached one): an edge to a state still on the stack closes a cycle. */
function backEdges(graph, edges) {
  const outgoing = new Map(graph.nodes.map((node) => [node, []]));
  for (const edge of edges) outgoing.get(edge.from).push(edge);
  const back = new Set();
  const state = new Map();
  const visit = (node) => {
    state.set(node, 'open');
    for (const edge of outgoing.get(node)) {
      const next = state.get(edge.to);
      if (next === 'open') back.add(edge);
      else if (next === undefined) visit(edge.to);
    }
    state.set(node, 'done');
  };
  if (graph.initial) visit(graph.initial);
  for (const node of graph.nodes) if (!state.has(node)) visit(node);
  return back;
}

function longestPathLayers(nodes, edges) {
  const layer = new Map(nodes.map((node) => [node, 0]));
  const indegree = new Map(nodes.map((node) => [node, 0]));
  for (const edge of edges) indegree.set(edge.to, indegree.get(edge.to) + 1);
  const queue = nodes.filter((node) => indegree.get(node) === 0);
  while (queue.length) {
    const node = queue.shift();
    for (const edge of edges) {
      if (edge.from !== node) continue;
      layer.set(edge.to, Math.max(layer.get(edge.to), layer.get(node) + 1));
      indegree.set(edge.to, indegree.get(edge.to) - 1);
      if (indegree.get(edge.to) === 0) queue.push(edge.to);
    }
  }
  return layer;
}

/** Barycentre sweeps, down then up, on the positions within each layer. */
function orderLayers(layers, links) {
  const up = new Map();
  const down = new Map();
  for (const [a, b] of links) {
    (down.get(a) ?? down.set(a, []).get(a)).push(b);
    (up.get(b) ?? up.set(b, []).get(b)).push(a);
  }
  const position = new Map();
  const index = () => layers.forEach((row) => row.forEach((node, i) => position.set(node, i)));
  index();
  for (let sweep = 0; sweep < 8; sweep += 1) {
    const downward = sweep % 2 === 0;
    const rows = downward ? layers.slice(1) : layers.slice(0, -1).reverse();
    for (const row of rows) {
      const weight = new Map(
        row.map((node) => {
          const near = (downward ? up : down).get(node) ?? [];
          return [node, near.length ? near.reduce((sum, other) => sum + position.get(other), 0) / near.length : position.get(node)];
        }),
      );
      row.sort((a, b) => weight.get(a) - weight.get(b));
      index();
    }
  }
}

/**
 * Centres packed per layer around one axis, then a few rounds pulling each towards its
 * neighbours' mean: within a layer, the order and the gaps are kept and the positions are the
 * least-squares closest to the wanted ones (pool adjacent violators), so nothing drifts sideways.
 */
function assignX(layers, links, width, gap) {
  const neighbours = new Map();
  for (const [a, b] of links) {
    (neighbours.get(a) ?? neighbours.set(a, []).get(a)).push(b);
    (neighbours.get(b) ?? neighbours.set(b, []).get(b)).push(a);
  }
  const isPoint = (node) => node.startsWith('~');
  const minGap = (a, b) => width.get(a) / 2 + width.get(b) / 2 + (isPoint(a) && isPoint(b) ? 6 : gap);
  const x = new Map();
  for (const row of layers) {
    const offsets = offsetsOf(row, minGap);
    const span = offsets[offsets.length - 1];
    row.forEach((node, i) => x.set(node, offsets[i] - span / 2));
  }
  for (let round = 0; round < 10; round += 1) {
    for (const row of layers) {
      const wanted = row.map((node) => {
        const near = neighbours.get(node) ?? [];
        return near.length ? (x.get(node) + near.reduce((sum, other) => sum + x.get(other), 0) / near.length) / 2 : x.get(node);
      });
      const placed = closestInOrder(
        wanted,
        offsetsOf(row, minGap),
        row.map((node) => (isPoint(node) ? 1 : 3)),
      );
      row.forEach((node, i) => x.set(node, placed[i]));
    }
  }
  return x;
}

function offsetsOf(row, minGap) {
  const offsets = [0];
  for (let i = 1; i < row.length; i += 1) offsets.push(offsets[i - 1] + minGap(row[i - 1], row[i]));
  return offsets;
}

/** Positions nearest `wanted` (weighted least squares) with position[i] - position[i-1] >= offsets[i] - offsets[i-1]. */
function closestInOrder(wanted, offsets, weights) {
  const blocks = [];
  wanted.forEach((value, i) => {
    blocks.push({ sum: (value - offsets[i]) * weights[i], weight: weights[i], count: 1 });
    while (blocks.length > 1) {
      const last = blocks[blocks.length - 1];
      const before = blocks[blocks.length - 2];
      if (before.sum / before.weight <= last.sum / last.weight) break;
      blocks.splice(-2, 2, { sum: before.sum + last.sum, weight: before.weight + last.weight, count: before.count + last.count });
    }
  });
  const placed = [];
  for (const block of blocks) for (let k = 0; k < block.count; k += 1) placed.push(block.sum / block.weight + offsets[placed.length]);
  return placed;
}
