// Checks the browser example in headless Chromium: builds it (build.mjs), serves examples/browser/ on localhost,
// opens the page for a known user and for an unknown one, and compares the rendered top-10 lists, item by item and
// score by score, with what the same export gives in Node (loadExportedModel, tfjs cpu backend). Exits 1 on a
// difference. Run from the repository root after `pnpm build`:
//
//   node examples/browser/check.mjs [--model gmf] [--no-build] [--screenshot docs/images/browser-example.png]
//
// Chromium: `chromium` on the PATH, or the CHROMIUM environment variable.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, extname, join, normalize, resolve } from 'node:path';
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
    screenshot: { type: 'string' },
  },
});

if (!values['no-build']) await buildExample({ model: values.model });

// What the page should show: the same export, loaded in Node on the same backend.
const modelDir = join(here, 'dist/model');
const weights = Object.fromEntries(
  readdirSync(modelDir)
    .filter((file) => file.endsWith('.bin'))
    .map((file) => [file, readFileSync(join(modelDir, file))]),
);
const model = await loadExportedModel(
  { modelJson: readFileSync(join(modelDir, 'model.json'), 'utf8'), weights },
  { backend: 'cpu' },
);
const bytes = readdirSync(modelDir).reduce((sum, file) => sum + statSync(join(modelDir, file)).size, 0);

const server = await serve(here);
const { port } = server.address();
const browser = await launchChromium();
let failures = 0;
try {
  // The page opened for a known user (?user=), then two more asked for through its form: another known user and one
  // the model never saw (a cold user's list).
  const first = model.userIds.raw(7);
  const page = await browser.open(`http://127.0.0.1:${port}/index.html?user=${encodeURIComponent(first)}`, {
    width: 900,
    height: 660,
  });
  for (const [k, user] of [first, model.userIds.raw(42), 'nobody'].entries()) {
    if (k > 0) {
      await page.evaluate(`delete document.body.dataset.ready;
        document.getElementById('user').value = ${JSON.stringify(user)};
        document.getElementById('pick').requestSubmit();`);
    }
    const shown = await page.evaluate(`new Promise((done) => {
      const poll = () => {
        const { ready, error, loadMs } = document.body.dataset;
        if (!ready && !error) return setTimeout(poll, 10);
        done({
          error,
          user: document.body.dataset.user,
          loadMs: Number(loadMs),
          readyMs: performance.now(),
          items: [...document.querySelectorAll('#recommendations li')].map((li) => ({
            item: li.dataset.item,
            score: Number(li.dataset.score),
          })),
        });
      };
      poll();
    })`);
    if (shown.error) throw new Error(`the page failed for ${user}: ${shown.error}`);
    const [expected] = await recommendByRawIds(model, [user], 10);
    const same = shown.user === user && JSON.stringify(shown.items) === JSON.stringify(expected.items);
    if (!same) failures++;
    const when =
      k === 0
        ? ` (model loaded in ${shown.loadMs} ms; list shown ${Math.round(shown.readyMs)} ms after navigation)`
        : ' (asked through the form)';
    console.log(
      `check: ${user} (${expected.status}): ${same ? 'the page shows' : 'MISMATCH: the page shows'} ` +
        `${shown.items.map((r) => r.item).join(' ')}` +
        (same ? ", scores equal to Node's" : `; Node gives ${expected.items.map((r) => r.item).join(' ')}`) +
        when,
    );
    if (k === 0 && values.screenshot) {
      await page.screenshot(resolve(values.screenshot));
      console.log(`check: screenshot ${values.screenshot}`);
    }
  }
  await page.close();
  console.log(`check: export ${(bytes / 1024).toFixed(1)} KiB, dist/app.js ${kib(join(here, 'dist/app.js'))}`);
} finally {
  browser.close();
  server.close();
}
if (failures > 0) {
  console.error(`check: ${failures} list(s) differ from Node's`);
  process.exit(1);
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

/** A static file server for `root` on a free localhost port. */
function serve(root) {
  const types = {
    '.html': 'text/html',
    '.js': 'text/javascript',
    '.json': 'application/json',
    '.map': 'application/json',
  };
  const server = createServer((request, response) => {
    const path = normalize(join(root, decodeURIComponent(new URL(request.url, 'http://x').pathname)));
    if (!path.startsWith(root)) return void response.writeHead(403).end();
    try {
      const body = readFileSync(path);
      response.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' }).end(body);
    } catch {
      response.writeHead(404).end('not found');
    }
  });
  return new Promise((ready) => server.listen(0, '127.0.0.1', () => ready(server)));
}

function kib(path) {
  return `${(statSync(path).size / 1024).toFixed(1)} KiB`;
}
