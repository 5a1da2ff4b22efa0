import { PEER_PAIRS, PEER_SETTINGS, type PeerFigures, type PeerRow, type PeerSection } from './run-peers';

const NA = 'n/a';
const int = (value: number) => (Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : NA);
const fixed = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : NA);
const times = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)}x` : NA);
const failures = (figures: PeerFigures) => Object.values(figures.failures).reduce((sum, n) => sum + n, 0);

/** The columns of the peer table, one row per implementation. */
export const PEER_COLUMNS = [
  'implementation',
  'storage',
  'transitions/s',
  'p50 ms',
  'p99 ms',
  'CPU ms/transition',
  'peak RSS MB',
  'failed requests',
  'audit records added',
  'WAL KB/transition',
];
/** The columns of the ratio table, one row per pair. */
export const RATIO_COLUMNS = ['ours / peer', 'transitions/s', 'p99 (peer / ours)', 'CPU per transition (peer / ours)', 'peak RSS (peer / ours)'];

/** A markdown table whose first `textColumns` columns are text (left-aligned), the rest figures. */
function markdown(header: string[], body: string[][], textColumns: number): string[] {
  const widths = header.map((_, column) => Math.max(...[header, ...body].map((line) => line[column].length)));
  const text = (column: number) => column < textColumns;
  const line = (cells: string[]) =>
    `| ${cells.map((cell, column) => (text(column) ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join(' | ')} |`;
  return [line(header), `|${widths.map((w, column) => (text(column) ? ':' + '-'.repeat(w + 1) : '-'.repeat(w + 1) + ':')).join('|')}|`, ...body.map(line)];
}

function cells(row: PeerRow): string[] {
  const f = row.figures;
  if (!f) return [row.name, row.storage, NA, NA, NA, NA, NA, NA, NA, NA];
  const wal = f.walBytesPerTransition === undefined ? NA : fixed(f.walBytesPerTransition / 1024, 1);
  return [
    row.name,
    row.storage,
    int(f.transitionsPerSecond),
    fixed(f.p50Ms),
    fixed(f.p99Ms),
    fixed(f.cpuMsPerTransition, 2),
    int(f.peakRssMb),
    int(failures(f)),
    int(f.recordsAdded),
    wal,
  ];
}

const rowOf = (section: PeerSection, id: string) => section.rows.find((row) => row.id === id);

interface PairFigures {
  label: string;
  ours: PeerFigures;
  peer: PeerFigures;
  peerName: string;
  storage: string;
}

function pairs(section: PeerSection): PairFigures[] {
  return PEER_PAIRS.flatMap(({ ours, peer }) => {
    const a = rowOf(section, ours);
    const b = rowOf(section, peer);
    if (!a?.figures || !b?.figures) return [];
    return [{ label: `ours on ${a.storage} / ${b.name}`, ours: a.figures, peer: b.figures, peerName: b.name, storage: a.storage }];
  });
}

export interface PeerVerdict {
  target: string;
  figure: string;
  met: boolean;
}

/** The goal per storage: ours at least 1.5x the peer's throughput, with a lower p99. */
export function peerVerdicts(section: PeerSection): PeerVerdict[] {
  return pairs(section).flatMap((pair) => {
    const ratio = pair.ours.transitionsPerSecond / pair.peer.transitionsPerSecond;
    return [
      { target: `ours on ${pair.storage}: transitions/s >= 1.5x ${pair.peerName}'s`, figure: times(ratio), met: ratio >= 1.5 },
      {
        target: `ours on ${pair.storage}: p99 lower than ${pair.peerName}'s`,
        figure: `${fixed(pair.ours.p99Ms)} ms vs ${fixed(pair.peer.p99Ms)} ms`,
        met: pair.ours.p99Ms < pair.peer.p99Ms,
      },
    ];
  });
}

export function formatPeerReport(section: PeerSection, connections: number, seconds: number): string[] {
  const ratios = pairs(section).map((pair) => [
    pair.label,
    times(pair.ours.transitionsPerSecond / pair.peer.transitionsPerSecond),
    times(pair.peer.p99Ms / pair.ours.p99Ms),
    times(pair.peer.cpuMsPerTransition / pair.ours.cpuMsPerTransition),
    times(pair.peer.peakRssMb / pair.ours.peakRssMb),
  ]);
  const lines = [
    '',
    `Peers: the same unit of work (POST /cases/:id/events with a bearer token) on ${int(section.cases)} filled cases, ${seconds} s each at ${connections} connections, one after another`,
    `  restate: ${PEER_SETTINGS.restate}`,
    `  dbos: ${PEER_SETTINGS.dbos}`,
    '  CPU: all processes of the implementation over the load (PostgreSQL: the whole cluster); peak RSS: its own processes, PostgreSQL left out',
    '',
    ...markdown(PEER_COLUMNS, section.rows.map(cells), 2),
  ];
  if (ratios.length > 0) lines.push('', ...markdown(RATIO_COLUMNS, ratios, 1));
  for (const row of section.rows.filter((item) => item.skipped)) lines.push(`  ${row.name} on ${row.storage}: skipped, ${row.skipped}`);
  const splits = section.rows.filter((row) => row.figures && row.figures.cpuSplit.length > 1);
  if (splits.length > 0) {
    lines.push('', 'CPU per transition by process:');
    for (const row of splits) {
      const parts = row.figures!.cpuSplit.map((part) => `${part.name} ${fixed((1000 * part.seconds) / row.figures!.transitions, 2)} ms`);
      lines.push(`  ${row.name} on ${row.storage}: ${parts.join(', ')}`);
    }
  }
  const failed = section.rows.flatMap((row) =>
    row.figures ? Object.entries(row.figures.failures).map(([key, n]) => `${row.name} (${row.storage}) ${key} x${n}`) : [],
  );
  if (failed.length > 0) lines.push('', `Failed peer requests: ${failed.join(', ')}`);
  // Every answered transition must have left exactly one audit record in the implementation's store.
  const unrecorded = section.rows.filter((row) => row.figures && row.figures.recordsAdded !== row.figures.transitions);
  for (const row of unrecorded)
    lines.push(
      `  ${row.name} on ${row.storage}: ${int(row.figures!.recordsAdded)} audit records added for ${int(row.figures!.transitions)} answered transitions`,
    );
  const verdicts = peerVerdicts(section);
  if (verdicts.length > 0) lines.push('', 'Peer targets:', ...verdicts.map((v) => `  ${v.met ? 'met   ' : 'MISSED'}  ${v.target}: ${v.figure}`));
  return lines;
}
