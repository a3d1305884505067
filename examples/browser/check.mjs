// Checks the browser example in headless Chromium: builds it (build.mjs), serves examples/browser/ on localhost, and
// for each tfjs backend (cpu, then wasm) opens the page for a known user and asks its form for another known user and
// an unknown one, comparing the rendered top-10 lists, item by item and score by score, with what the same export
// gives in Node (loadExportedModel) on the same backend. Then opens the page with the wasm binaries missing: by default
// (auto) it must fall back to cpu, with wasm forced fail saying which URL it tried. Exits 1 on a difference. Run from the repository root after `pnpm build`:
//
//   node examples/browser/check.mjs [--model gmf] [--backends cpu,wasm] [--no-build] [--screenshot docs/images/browser-example.png]
//
// Chromium: `chromium` on the PATH, or the CHROMIUM environment variable.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, extname, join, normalize, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadExportedModel, recommendByRawIds } from '@recsys/models';
import { buildExample } from './build.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const chromium = process.env.CHROMIUM ?? 'chromium';
const { values } = parseArgs({
  options: {
    'no-build': { type: 'boolean' },
    model: { type: 'string', default: 'gmf' },
    backends: { type: 'string', default: 'cpu,wasm' },
    screenshot: { type: 'string' },
  },
});
const backends = values.backends.split(',').map((name) => name.trim());

if (!values['no-build']) await buildExample({ model: values.model });

// What the page should show: the same export, loaded in Node on the same backend. tfjs backends are process-global,
// so each backend's lists are computed before the next backend is selected.
const modelDir = join(here, 'dist/model');
const weights = Object.fromEntries(
  readdirSync(modelDir)
    .filter((file) => file.endsWith('.bin'))
    .map((file) => [file, readFileSync(join(modelDir, file))]),
);
const files = { modelJson: readFileSync(join(modelDir, 'model.json'), 'utf8'), weights };
const bytes = readdirSync(modelDir).reduce((sum, file) => sum + statSync(join(modelDir, file)).size, 0);
let users;
const expected = {};
for (const backend of backends) {
  const model = await loadExportedModel(files, { backend });
  // The page is opened for a known user (?user=), then two more are asked for through its form: another known user
  // and one the model never saw (a cold user's list).
  users ??= [model.userIds.raw(7), model.userIds.raw(42), 'nobody'];
  expected[backend] = await recommendByRawIds(model, users, 10);
}

const server = await serve(here);
const { port } = server.address();
const browser = await launchChromium();
let failures = 0;
const summary = [];
try {
  for (const backend of backends) {
    const url = `http://127.0.0.1:${port}/index.html?user=${encodeURIComponent(users[0])}&backend=${backend}`;
    const page = await browser.open(url, { width: 900, height: 660 });
    const times = { load: 0, shown: 0, recommend: [] };
    for (const [k, user] of users.entries()) {
      if (k > 0) {
        await page.evaluate(`delete document.body.dataset.ready;
          document.getElementById('user').value = ${JSON.stringify(user)};
          document.getElementById('pick').requestSubmit();`);
      }
      const shown = await page.evaluate(readPage());
      if (shown.error) throw new Error(`the page failed on ${backend} for ${user}: ${shown.error}`);
      const want = expected[backend][k];
      const same =
        shown.backend === backend && shown.user === user && JSON.stringify(shown.items) === JSON.stringify(want.items);
      if (!same) failures++;
      times.recommend.push(shown.recommendMs);
      if (k === 0) Object.assign(times, { load: shown.loadMs, shown: Math.round(shown.readyMs) });
      const when =
        k === 0
          ? ` (model loaded in ${shown.loadMs} ms; list shown ${Math.round(shown.readyMs)} ms after navigation)`
          : ` (asked through the form; top 10 in ${shown.recommendMs} ms)`;
      console.log(
        `check [${shown.backend}]: ${user} (${want.status}): ${same ? 'the page shows' : 'MISMATCH: the page shows'} ` +
          `${shown.items.map((r) => r.item).join(' ')}` +
          (same
            ? `, scores equal to Node's on ${backend}`
            : `; Node on ${backend} gives ${want.items.map((r) => r.item).join(' ')}`) +
          when,
      );
      if (k === 0 && backend === backends[0] && values.screenshot) {
        await page.screenshot(resolve(values.screenshot));
        console.log(`check: screenshot ${values.screenshot}`);
      }
    }
    await page.close();
    summary.push(
      `${backend}: model loaded in ${times.load} ms, first list shown ${times.shown} ms after navigation, ` +
        `top 10 in ${times.recommend.join(' / ')} ms`,
    );
  }

  if (backends.includes('wasm') && backends.includes('cpu')) {
    // The page pointed at a folder without the binaries. By default (auto) it must fall back to cpu and show cpu's
    // list; with wasm forced it must fail, saying which URL it tried and how to fix it.
    const missing = `http://127.0.0.1:${port}/index.html?user=${encodeURIComponent(users[0])}&wasm=missing/`;
    let page = await browser.open(missing, { width: 900, height: 660 });
    const fallback = await page.evaluate(readPage());
    await page.close();
    const fellBack =
      fallback.error === undefined &&
      fallback.backend === 'cpu' &&
      JSON.stringify(fallback.items) === JSON.stringify(expected.cpu[0].items);
    if (!fellBack) failures++;
    console.log(
      `check [auto]: binaries missing → ${fellBack ? '' : 'MISMATCH: '}the page runs on ` +
        `${fallback.backend ?? `nothing (${fallback.error})`} and shows ` +
        `${fellBack ? "cpu's list" : fallback.items.map((r) => r.item).join(' ')}`,
    );
    page = await browser.open(`${missing}&backend=wasm`, { width: 900, height: 660 });
    const { error } = await page.evaluate(readPage());
    await page.close();
    const tried = new RegExp(
      `http://127\\.0\\.0\\.1:${port}/missing/tfjs-backend-wasm(-simd)?\\.wasm could not be fetched`,
    );
    if (error === undefined || !tried.test(error) || !error.includes('wasmPaths')) {
      failures++;
      console.log(`check: MISMATCH: with the .wasm files missing the page says ${JSON.stringify(error ?? 'nothing')}`);
    } else {
      console.log(`check [wasm]: binaries missing → the page fails: ${error}`);
    }
  }
  for (const line of summary) console.log(`check: ${line}`);
  if (expected.cpu && expected.wasm) console.log(`check: ${compareBackends(expected.cpu, expected.wasm)}`);
  const wasmServed = server.served.filter((path) => path.endsWith('.wasm'));
  if (wasmServed.length > 0) console.log(`check: served ${[...new Set(wasmServed)].join(', ')}`);
  console.log(`check: export ${(bytes / 1024).toFixed(1)} KiB, dist/app.js ${kib(join(here, 'dist/app.js'))}`);
} finally {
  browser.close();
  server.close();
}
if (failures > 0) {
  console.error(`check: ${failures} check(s) failed`);
  process.exit(1);
}

/** In the page: waits until it shows a list (or an error), then reads it. */
function readPage() {
  return `new Promise((done) => {
    const poll = () => {
      const { ready, error, loadMs, backend, recommendMs } = document.body.dataset;
      if (!ready && !error) return setTimeout(poll, 10);
      done({
        error,
        backend,
        user: document.body.dataset.user,
        loadMs: Number(loadMs),
        recommendMs: Number(recommendMs),
        readyMs: performance.now(),
        items: [...document.querySelectorAll('#recommendations li')].map((li) => ({
          item: li.dataset.item,
          score: Number(li.dataset.score),
        })),
      });
    };
    poll();
  })`;
}

/** How Node's lists on cpu and on wasm compare: the same items? the largest score difference? */
function compareBackends(cpu, wasm) {
  let sameItems = true;
  let largest = 0;
  for (const [k, list] of cpu.entries()) {
    const other = wasm[k].items;
    if (JSON.stringify(list.items.map((r) => r.item)) !== JSON.stringify(other.map((r) => r.item))) sameItems = false;
    for (const [j, { score }] of list.items.entries()) {
      if (other[j]) largest = Math.max(largest, Math.abs(score - other[j].score));
    }
  }
  return (
    `Node's cpu and wasm lists: ${sameItems ? 'the same items' : 'DIFFERENT items'}, ` +
    `scores ${largest === 0 ? 'identical' : `differing by at most ${largest.toExponential(2)}`}`
  );
}

/**
 * Headless Chromium driven over the DevTools protocol on a pipe (--remote-debugging-pipe: JSON messages separated by
 * NUL bytes on file descriptors 3 and 4), so no WebSocket client or browser-automation package is needed.
 */
async function launchChromium() {
  const flags = ['--headless=new', '--disable-gpu', '--no-sandbox', '--remote-debugging-pipe', '--no-first-run'];
  const child = spawn(chromium, [...flags, 'about:blank'], { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => void (stderr += chunk));
  const pending = new Map();
  const listeners = new Set();
  let nextId = 1;
  let buffer = '';
  child.stdio[4].on('data', (chunk) => {
    buffer += chunk.toString('utf8');
    for (let end = buffer.indexOf('\0'); end >= 0; end = buffer.indexOf('\0')) {
      const message = JSON.parse(buffer.slice(0, end));
      buffer = buffer.slice(end + 1);
      if (message.id !== undefined) {
        const { resolve: ok, reject } = pending.get(message.id);
        pending.delete(message.id);
        if (message.error) reject(new Error(`${message.error.message} (${JSON.stringify(message.error.data ?? '')})`));
        else ok(message.result);
      } else {
        for (const listener of listeners) listener(message);
      }
    }
  });
  const failed = new Promise((_, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`chromium exited (${code}): ${stderr.slice(-2000)}`)));
  });
  failed.catch(() => undefined);
  const send = (method, params = {}, sessionId) => {
    const id = nextId++;
    child.stdio[3].write(JSON.stringify({ id, method, params, ...(sessionId && { sessionId }) }) + '\0');
    return Promise.race([new Promise((ok, reject) => pending.set(id, { resolve: ok, reject })), failed]);
  };
  const event = (method, sessionId) =>
    new Promise((ok) => {
      const listener = (message) => {
        if (message.method === method && message.sessionId === sessionId) {
          listeners.delete(listener);
          ok(message.params);
        }
      };
      listeners.add(listener);
    });
  return {
    async open(url, { width, height }) {
      const { targetId } = await send('Target.createTarget', { url: 'about:blank' });
      const { sessionId } = await send('Target.attachToTarget', { targetId, flatten: true });
      await send('Page.enable', {}, sessionId);
      await send(
        'Emulation.setDeviceMetricsOverride',
        { width, height, deviceScaleFactor: 1, mobile: false },
        sessionId,
      );
      const loaded = event('Page.loadEventFired', sessionId);
      await send('Page.navigate', { url }, sessionId);
      await loaded;
      return {
        async evaluate(expression) {
          const { result, exceptionDetails } = await send(
            'Runtime.evaluate',
            { expression, awaitPromise: true, returnByValue: true },
            sessionId,
          );
          if (exceptionDetails) throw new Error(`in the page: ${exceptionDetails.exception?.description}`);
          return result.value;
        },
        async screenshot(path) {
          const { data } = await send('Page.captureScreenshot', { format: 'png' }, sessionId);
          writeFileSync(path, Buffer.from(data, 'base64'));
        },
        close: () => send('Target.closeTarget', { targetId }),
      };
    },
    close() {
      child.stdio[3].end();
      child.kill();
    },
  };
}

/** A static file server for `root` on a free localhost port; `server.served` lists the paths asked for. */
function serve(root) {
  const types = {
    '.html': 'text/html',
    '.js': 'text/javascript',
    '.json': 'application/json',
    '.map': 'application/json',
    // What WebAssembly.instantiateStreaming asks for; with another type the browser compiles from a copy instead.
    '.wasm': 'application/wasm',
  };
  const served = [];
  const server = createServer((request, response) => {
    const path = normalize(join(root, decodeURIComponent(new URL(request.url, 'http://x').pathname)));
    if (!path.startsWith(root)) return void response.writeHead(403).end();
    served.push(relative(root, path));
    try {
      const body = readFileSync(path);
      response.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' }).end(body);
    } catch {
      response.writeHead(404).end('not found');
    }
  });
  server.served = served;
  return new Promise((ready) => server.listen(0, '127.0.0.1', () => ready(server)));
}

function kib(path) {
  return `${(statSync(path).size / 1024).toFixed(1)} KiB`;
}
