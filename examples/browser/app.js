/* global document, location */
// The page's script, bundled by build.mjs for the browser: @recsys/models resolves to its browser build.
import { loadExportedModel, recommendByRawIds } from '@recsys/models';

const K = 10;
const $ = (id) => document.getElementById(id);
const status = $('status');

try {
  const started = performance.now();
  const url = new URL(document.body.dataset.model, location.href);
  const model = await loadExportedModel(url, { backend: 'cpu' });
  const loadMs = Math.round(performance.now() - started);
  document.body.dataset.loadMs = String(loadMs);

  const users = model.userIds.ids();
  $('users').replaceChildren(...users.map((id) => Object.assign(document.createElement('option'), { value: id })));
  const summary =
    `${model.name}: ${model.numUsers} users, ${model.numItems} items, loaded in ${loadMs} ms ` + `(tfjs cpu backend)`;

  const show = async (user) => {
    const started = performance.now();
    const [{ status: known, items }] = await recommendByRawIds(model, [user], K);
    const ms = Math.round(performance.now() - started);
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
  input.value = new URLSearchParams(location.search).get('user') ?? users[0];
  await show(input.value);
} catch (error) {
  fail(error);
}

function fail(error) {
  status.className = 'error';
  status.textContent = `Error: ${error instanceof Error ? error.message : String(error)}`;
  document.body.dataset.error = status.textContent;
}
