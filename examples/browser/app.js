/* global document, location */
// The page's script, bundled by build.mjs for the browser: @recsys/models resolves to its browser build.
//
// The URL picks the tfjs backend: by default 'auto', which is WebAssembly (its .wasm binaries, which build.mjs copies
// beside this script, are fetched from there), or plain JS (cpu) if they cannot be loaded; ?backend=wasm or
// ?backend=cpu forces one. The page says which it runs on. ?wasm=<folder> says where the binaries are instead
// (check.mjs points it at a folder without them, to see what the page then does).
import { loadExportedModel, recommendByRawIds } from '@recsys/models';
import { activeBackend } from '@recsys/train';

const K = 10;
const $ = (id) => document.getElementById(id);
const status = $('status');
const params = new URLSearchParams(location.search);

try {
  const started = performance.now();
  const url = new URL(document.body.dataset.model, location.href);
  const backend = params.get('backend') ?? 'auto';
  // The folder of this script (dist/), where build.mjs put the .wasm files: tfjs-backend-wasm would otherwise look in
  // the page's folder. Only fetched if wasm is initialised.
  const wasmPaths = params.get('wasm') ?? new URL('./', import.meta.url).href;
  const model = await loadExportedModel(url, { backend, wasmPaths });
  const loadMs = Math.round(performance.now() - started);
  document.body.dataset.loadMs = String(loadMs);
  document.body.dataset.backend = activeBackend();

  const users = model.userIds.ids();
  $('users').replaceChildren(...users.map((id) => Object.assign(document.createElement('option'), { value: id })));
  const summary =
    `${model.name}: ${model.numUsers} users, ${model.numItems} items, loaded in ${loadMs} ms ` +
    `(tfjs ${activeBackend()} backend)`;

  const show = async (user) => {
    const started = performance.now();
    const [{ status: known, items }] = await recommendByRawIds(model, [user], K);
    const elapsed = performance.now() - started;
    const ms = Math.round(elapsed);
    const index = model.userIds.index(user);
    const seen = index === undefined ? [] : Array.from(model.train.itemsOf(index), (i) => model.itemIds.raw(i));
    $('history').textContent =
      known === 'cold'
        ? `"${user}" is not in the training data: the list is a cold user's.`
        : `${user} interacted with ${seen.length} items in training (${seen.slice(0, 8).join(', ')}` +
          `${seen.length > 8 ? ', …' : ''}); they are left out.`;
    $('recommendations').replaceChildren(
      ...items.map(({ item, score }) => {
        const li = document.createElement('li');
        li.dataset.item = item;
        li.dataset.score = String(score);
        const name = document.createElement('span');
        name.textContent = item;
        const value = Object.assign(document.createElement('span'), { className: 'score' });
        value.textContent = score.toFixed(4);
        li.append(name, value);
        return li;
      }),
    );
    status.textContent = `${summary}; top ${K} for ${user} in ${ms} ms.`;
    document.body.dataset.user = user;
    document.body.dataset.recommendMs = elapsed.toFixed(1);
    document.body.dataset.ready = 'true';
  };

  const input = $('user');
  const form = $('pick');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const user = input.value.trim();
    if (user !== '') show(user).catch(fail);
  });
  input.disabled = false;
  form.querySelector('button').disabled = false;
  input.value = params.get('user') ?? users[0];
  await show(input.value);
} catch (error) {
  fail(error);
}

function fail(error) {
  status.className = 'error';
  status.textContent = `Error: ${error instanceof Error ? error.message : String(error)}`;
  document.body.dataset.error = status.textContent;
}
