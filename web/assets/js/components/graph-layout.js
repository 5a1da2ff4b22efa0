/**
 * Reads the Mermaid state diagram the API sends (generated from the machine, never hand-drawn) and
 * lays it out in layers: longest path from the initial state after setting aside edges that go
 * back, then a few barycentre sweeps to reduce crossings. Small and dependency-free; procedures
 * have a few dozen states at most.
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

export function layoutGraph(graph, { nodeWidth = 156, nodeHeight = 44, gapX = 22, gapY = 46, margin = 16 } = {}) {
  const outgoing = new Map(graph.nodes.map((node) => [node, []]));
  for (const edge of graph.edges) if (edge.from !== edge.to) outgoing.get(edge.from).push(edge);

  // Depth-first from the initial state (then any unreached node): an edge to a node still on the
  // stack closes a cycle and is drawn as a back edge.
  const back = new Set();
  const order = [];
  const state = new Map();
  const visit = (node) => {
    state.set(node, 'open');
    order.push(node);
    for (const edge of outgoing.get(node)) {
      const next = state.get(edge.to);
      if (next === 'open') back.add(edge);
      else if (next === undefined) visit(edge.to);
    }
    state.set(node, 'done');
  };
  if (graph.initial) visit(graph.initial);
  for (const node of graph.nodes) if (!state.has(node)) visit(node);

  const forward = graph.edges.filter((edge) => edge.from !== edge.to && !back.has(edge));
  const layer = new Map(order.map((node) => [node, 0]));
  // Longest path over the acyclic rest: relax in topological order.
  for (const node of topological(order, forward)) {
    for (const edge of forward) if (edge.from === node) layer.set(edge.to, Math.max(layer.get(edge.to), layer.get(node) + 1));
  }

  const layers = [];
  for (const node of order) (layers[layer.get(node)] ??= []).push(node);
  const position = new Map();
  const index = () => layers.forEach((row) => row.forEach((node, i) => position.set(node, i)));
  index();
  const predecessors = (node) => forward.filter((edge) => edge.to === node).map((edge) => edge.from);
  const successors = (node) => forward.filter((edge) => edge.from === node).map((edge) => edge.to);
  for (let sweep = 0; sweep < 4; sweep += 1) {
    const rows = sweep % 2 === 0 ? layers.slice(1) : layers.slice(0, -1).reverse();
    for (const row of rows) {
      const weight = new Map(row.map((node) => {
        const near = sweep % 2 === 0 ? predecessors(node) : successors(node);
        return [node, near.length ? near.reduce((sum, other) => sum + position.get(other), 0) / near.length : position.get(node)];
      }));
      row.sort((a, b) => weight.get(a) - weight.get(b));
      index();
    }
  }

  const widest = Math.max(...layers.map((row) => row.length));
  const backLanes = back.size;
  const contentWidth = widest * nodeWidth + (widest - 1) * gapX;
  const width = margin * 2 + contentWidth + (backLanes ? 24 + backLanes * 10 : 0);
  const height = margin * 2 + layers.length * nodeHeight + (layers.length - 1) * gapY;
  const boxes = new Map();
  layers.forEach((row, depth) => {
    const rowWidth = row.length * nodeWidth + (row.length - 1) * gapX;
    const left = margin + (contentWidth - rowWidth) / 2;
    row.forEach((node, i) => {
      boxes.set(node, { x: left + i * (nodeWidth + gapX), y: margin + depth * (nodeHeight + gapY), width: nodeWidth, height: nodeHeight, layer: depth });
    });
  });
  const laneOf = new Map([...back].map((edge, i) => [edge, i]));
  return {
    width,
    height,
    boxes,
    edges: graph.edges
      .filter((edge) => edge.from !== edge.to)
      .map((edge) => ({ ...edge, back: back.has(edge), lane: laneOf.get(edge) ?? 0 })),
    laneX: margin + contentWidth + 24,
  };
}

function topological(nodes, edges) {
  const indegree = new Map(nodes.map((node) => [node, 0]));
  for (const edge of edges) indegree.set(edge.to, indegree.get(edge.to) + 1);
  const queue = nodes.filter((node) => indegree.get(node) === 0);
  const sorted = [];
  while (queue.length) {
    const node = queue.shift();
    sorted.push(node);
    for (const edge of edges) {
      if (edge.from !== node) continue;
      indegree.set(edge.to, indegree.get(edge.to) - 1);
      if (indegree.get(edge.to) === 0) queue.push(edge.to);
    }
  }
  return sorted;
}
