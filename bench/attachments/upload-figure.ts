/**
 * The closing note's figure for attachments (issue 20 §1): how fast a 50 MB file goes through the
 * API (multipart, streamed, hashed, content-checked, staged and fsynced, moved into the store) next
 * to a raw write of 50 MB with fsync to the same disk. The service runs in this process on a
 * temporary SQLite database, reached over real HTTP on the loopback.
 *
 *   npx ts-node --transpile-only bench/attachments/upload-figure.ts [megabytes=50] [runs=5]
 */
import { randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { open, rm, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { dirname, join } from 'node:path';
import { PathDriver } from '../../test/support/path-driver';
import { startTestApp } from '../../test/support/test-app';

const megabytes = Number(process.argv[2] ?? 50);
const runs = Number(process.argv[3] ?? 5);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
  const t = await startTestApp({ env: { ATTACHMENT_MAX_MB: String(megabytes + 1) } });
  try {
    const driver = new PathDriver(t);
    const caseId = await driver.drive('tolerance', driver.paths('tolerance').get('awaitingSupplement')!);
    await t.app.listen(0, '127.0.0.1');
    const address = await t.app.getUrl();
    const headers = await t.as('officer1');
    const size = megabytes * 1024 * 1024;
    // A PDF header and random bytes: every run a new digest, so each is really written.
    const contentOf = () => Buffer.concat([Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1'), randomBytes(size - 15)]);

    const api: number[] = [];
    for (let run = 0; run < runs; run += 1) {
      const form = new FormData();
      form.append('file', new Blob([contentOf()], { type: 'application/pdf' }), 'bench.pdf');
      const started = process.hrtime.bigint();
      const response = await fetch(`${address.replace('[::1]', '127.0.0.1')}/api/cases/${caseId}/attachments`, { method: 'POST', headers, body: form });
      if (response.status !== 201) throw new Error(`upload answered ${response.status}: ${await response.text()}`);
      api.push(Number(process.hrtime.bigint() - started) / 1e9);
    }

    // The same upload sent by curl from another process: the client's own cost off the service's event loop.
    const curl: number[] = [];
    const source = join(dirname(t.dbPath), 'upload.pdf');
    for (let run = 0; run < runs; run += 1) {
      await writeFile(source, contentOf());
      const { stdout } = await promisify(execFile)('curl', [
        '-s',
        '-o',
        '/dev/null',
        '-w',
        '%{http_code} %{time_total}',
        '-H',
        `Authorization: ${headers.Authorization}`,
        '-F',
        `file=@${source};filename=bench.pdf`,
        `${address.replace('[::1]', '127.0.0.1')}/api/cases/${caseId}/attachments`,
      ]);
      const [status, seconds] = stdout.trim().split(' ');
      if (status !== '201') throw new Error(`curl upload answered ${status}`);
      curl.push(Number(seconds));
    }
    await rm(source);

    const disk: number[] = [];
    const target = join(dirname(t.dbPath), 'raw-write.bin');
    for (let run = 0; run < runs; run += 1) {
      const content = contentOf();
      const started = process.hrtime.bigint();
      const handle = await open(target, 'w');
      for (let offset = 0; offset < content.length; offset += 1024 * 1024) await handle.write(content.subarray(offset, offset + 1024 * 1024));
      await handle.sync();
      await handle.close();
      disk.push(Number(process.hrtime.bigint() - started) / 1e9);
      await rm(target);
    }
    const line = (name: string, seconds: number[]) =>
      `${name.padEnd(34)} median ${median(seconds).toFixed(3)} s  ${(megabytes / median(seconds)).toFixed(0).padStart(5)} MB/s  (runs: ${seconds.map((s) => s.toFixed(3)).join(', ')})`;
    console.log(`${megabytes} MB, ${runs} runs each, store ${t.config.attachments.directory}`);
    console.log(line('upload through the API (SQLite)', api));
    console.log(line('upload by curl (another process)', curl));
    console.log(line('raw write + fsync, same disk', disk));
  } finally {
    await t.close();
  }
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
