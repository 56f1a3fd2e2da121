// @ts-check
/**
 * The console's one browser module, served as is (no build step) under a content hash. The pages
 * work without it (plain links and forms); it adds what a page cannot do alone: shortcuts, live
 * inbox rows, saved replies into the reply box, the character count, the soft lock, live countdowns,
 * an incident's live deliveries.
 */
(function () {
  'use strict';
  const doc = document;
  const lang = doc.documentElement.lang || 'en';
  const csrf = doc.querySelector('meta[name="csrf-token"]')?.getAttribute('content') || '';

  /** @param {string} id @returns {HTMLElement | null} */
  const byId = (id) => doc.getElementById(id);
  /** @returns {HTMLElement[]} */
  const rows = () => Array.from(doc.querySelectorAll('#rows tr[data-href]'));

  /** @param {EventTarget | null} t */
  const typing = (t) => t instanceof HTMLElement && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));

  /** Roving focus in the inbox: one row in the tab order, j/k move it. @param {HTMLElement} row */
  function focusRow(row) {
    for (const r of rows()) r.tabIndex = r === row ? 0 : -1;
    row.focus();
  }

  /** @param {number} step */
  function moveRow(step) {
    const all = rows();
    if (!all.length) return;
    const at = all.indexOf(/** @type {HTMLElement} */ (doc.activeElement));
    const next = all[at < 0 ? 0 : Math.max(0, Math.min(all.length - 1, at + step))];
    if (next) focusRow(next);
  }

  /** In the inbox, `a` takes the focused case: the bulk form with that one case, posted as a form. @param {Element} row */
  function takeRow(row) {
    const bulk = byId('bulk');
    if (!(bulk instanceof HTMLFormElement)) return;
    const form = /** @type {HTMLFormElement} */ (bulk.cloneNode(false));
    form.id = 'take-one';
    for (const [name, value] of [['csrf', csrf], ['action', 'take'], ['ids', row.getAttribute('data-id') || '']]) {
      const input = doc.createElement('input');
      input.type = 'hidden';
      input.name = name;
      input.value = value;
      form.append(input);
    }
    doc.body.append(form);
    form.submit();
  }

  /** @param {string} id */
  function press(id) {
    const b = byId(id);
    if (b instanceof HTMLElement) b.click();
  }

  doc.addEventListener('keydown', (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (typing(e.target)) {
      if (e.key === 'Escape' && e.target instanceof HTMLElement) e.target.blur();
      return;
    }
    const dialog = byId('shortcuts');
    if (dialog instanceof HTMLDialogElement && dialog.open) return;
    const row = /** @type {HTMLElement} */ (doc.activeElement)?.closest?.('#rows tr[data-href]');
    switch (e.key) {
      case 'j': moveRow(1); break;
      case 'k': moveRow(-1); break;
      case 'Enter':
        if (!row || e.target !== row) return;
        location.href = row.getAttribute('data-href') || location.href;
        break;
      case 'r': { const box = byId('reply'); if (!box) return; box.focus(); break; }
      case 'e': if (!byId('resolve')) return; press('resolve'); break;
      case 'a':
        if (byId('take')) press('take');
        else if (row) takeRow(row);
        else return;
        break;
      case '/': { const s = byId('search'); if (!s) return; s.focus(); break; }
      case '?': if (dialog instanceof HTMLDialogElement) dialog.showModal(); break;
      default: return;
    }
    e.preventDefault();
  });

  byId('show-shortcuts')?.addEventListener('click', () => {
    const dialog = byId('shortcuts');
    if (dialog instanceof HTMLDialogElement) dialog.showModal();
  });
  byId('close-shortcuts')?.addEventListener('click', () => {
    const dialog = byId('shortcuts');
    if (dialog instanceof HTMLDialogElement) dialog.close();
  });

  doc.addEventListener('click', (e) => {
    const t = /** @type {HTMLElement} */ (e.target);
    const row = t.closest?.('#rows tr[data-href]');
    if (row && !t.closest('a,button,input,label')) location.href = row.getAttribute('data-href') || location.href;
  });

  // Countdowns: the server wrote them; they stay true while the page is open.
  const rtf = new Intl.RelativeTimeFormat(lang === 'nl' ? 'nl-NL' : 'en-GB', { numeric: 'auto' });
  /** @param {number} diff */
  function rel(diff) {
    /** @type {Array<[Intl.RelativeTimeFormatUnit, number]>} */
    const units = [['day', 86400000], ['hour', 3600000], ['minute', 60000]];
    for (const [unit, ms] of units) if (Math.abs(diff) >= ms) return rtf.format(Math.trunc(diff / ms), unit);
    return rtf.format(Math.trunc(diff / 60000), 'minute');
  }
  function tick() {
    for (const t of Array.from(doc.querySelectorAll('time[data-rel]'))) {
      const at = Date.parse(t.getAttribute('datetime') || '');
      if (!Number.isNaN(at)) t.textContent = rel(at - Date.now());
    }
  }
  setInterval(tick, 30000);

  // Live inbox: new rows are inserted where they sort, without moving the row being looked at.
  const body = byId('rows');
  const pollUrl = body?.getAttribute('data-poll');
  if (body && pollUrl) {
    const live = byId('live');
    const poll = async () => {
      try {
        const res = await fetch(pollUrl, { headers: { accept: 'text/html' }, credentials: 'same-origin' });
        // The session ran out: reload into sign-in (which comes back here) rather than poll in vain.
        if (res.status === 401) return location.reload();
        if (res.ok) merge(await res.text());
      } catch {
        /* offline for a moment: the next poll tries again */
      }
      setTimeout(poll, 5000);
    };
    /** @param {string} html */
    const merge = (html) => {
      const tpl = doc.createElement('template');
      tpl.innerHTML = html;
      const incoming = Array.from(tpl.content.querySelectorAll('tr[data-id]'));
      const known = new Set(rows().map((r) => r.getAttribute('data-id')));
      const fresh = incoming.filter((r) => !known.has(r.getAttribute('data-id')));
      if (!fresh.length) return;
      const anchor = /** @type {HTMLElement | null} */ (doc.activeElement?.closest?.('#rows tr') || doc.querySelector('#rows tr:hover') || rows()[0] || null);
      const before = anchor ? anchor.getBoundingClientRect().top : 0;
      doc.getElementById('no-cases')?.remove();
      for (const r of fresh) {
        // Insert after the row that precedes it in the server's order (or first).
        const i = incoming.indexOf(r);
        let prev = null;
        for (let j = i - 1; j >= 0 && !prev; j--) prev = body.querySelector(`tr[data-id="${CSS.escape(incoming[j]?.getAttribute('data-id') || '')}"]`);
        const node = /** @type {HTMLElement} */ (doc.importNode(r, true));
        node.tabIndex = -1;
        node.classList.add('fresh');
        if (prev) prev.after(node);
        else body.prepend(node);
      }
      if (anchor) window.scrollBy(0, anchor.getBoundingClientRect().top - before);
      if (live) live.textContent = live.getAttribute(fresh.length === 1 ? 'data-one' : 'data-many')?.replace('{n}', String(fresh.length)) || '';
      tick();
    };
    setTimeout(poll, 5000);
  }

  // Live deliveries on an incident's page: changed rows are swapped in place (not the one holding
  // the focus, which waits for the next poll), new rows are added, and the change is said politely.
  const live = byId('deliveries-live');
  const deliveriesUrl = live?.getAttribute('data-poll');
  if (live && deliveriesUrl) {
    const say = byId('deliveries-announce');
    /** @param {ParentNode} root @returns {Map<string, HTMLElement>} */
    const keyed = (root) => new Map(Array.from(root.querySelectorAll('tr[data-key]')).map((r) => [r.getAttribute('data-key') || '', /** @type {HTMLElement} */ (r)]));
    /** @param {string} html @returns {number} rows changed or added */
    const mergeDeliveries = (html) => {
      const tpl = doc.createElement('template');
      tpl.innerHTML = html;
      const table = tpl.content.querySelector('table');
      const body = live.querySelector('tbody');
      if (!table) return 0;
      if (!body) {
        live.replaceChildren(doc.importNode(table, true));
        return keyed(live).size;
      }
      const known = keyed(body);
      let changed = 0;
      /** @type {HTMLElement | null} */
      let prev = null;
      for (const [key, row] of keyed(table)) {
        const mine = known.get(key);
        const node = /** @type {HTMLElement} */ (doc.importNode(row, true));
        if (!mine) {
          if (prev) prev.after(node);
          else body.prepend(node);
          changed++;
          prev = node;
        } else if (mine.outerHTML !== row.outerHTML && !mine.contains(doc.activeElement)) {
          mine.replaceWith(node);
          changed++;
          prev = node;
        } else prev = mine;
      }
      return changed;
    };
    const pollDeliveries = async () => {
      try {
        const res = await fetch(deliveriesUrl, { headers: { accept: 'text/html' }, credentials: 'same-origin' });
        if (res.status === 401) return location.reload();
        if (res.ok) {
          const n = mergeDeliveries(await res.text());
          if (n && say) say.textContent = (say.getAttribute(n === 1 ? 'data-changed-one' : 'data-changed-many') || '').replace('{n}', String(n));
        }
      } catch {
        /* offline for a moment: the next poll tries again */
      }
      // Quick while something is on its way (or nothing arrived yet), slow once every delivery is final.
      const settled = live.querySelector('tr[data-key]') && !live.querySelector('tr[data-state="sending"],tr[data-state="retrying"]');
      setTimeout(pollDeliveries, settled ? 10000 : 2000);
    };
    setTimeout(pollDeliveries, 2000);
  }

  // Saved views: the inbox's filters are its URL, so a view is a named query, kept in this browser.
  const views = byId('views');
  if (views) {
    const key = 'wecare-views';
    /** @returns {Array<{ name: string; query: string }>} */
    const load = () => {
      try {
        const v = JSON.parse(window.localStorage.getItem(key) || '[]');
        return Array.isArray(v) ? v : [];
      } catch {
        return [];
      }
    };
    const list = byId('view-list');
    const render = () => {
      if (!list) return;
      list.replaceChildren();
      for (const v of load()) {
        const li = doc.createElement('li');
        const a = doc.createElement('a');
        a.href = `/console${v.query}`;
        a.textContent = v.name;
        const x = doc.createElement('button');
        x.type = 'button';
        x.className = 'link';
        x.textContent = '×';
        x.setAttribute('aria-label', `${views.getAttribute('data-remove') || ''}: ${v.name}`);
        x.addEventListener('click', () => {
          window.localStorage.setItem(key, JSON.stringify(load().filter((y) => y.name !== v.name)));
          render();
        });
        li.append(a, ' ', x);
        list.append(li);
      }
    };
    views.hidden = false;
    render();
    byId('save-view')?.addEventListener('click', () => {
      const input = byId('view-name');
      const name = input instanceof HTMLInputElement ? input.value.trim() : '';
      if (!name) return;
      const query = location.search.replace(/([?&])(done|n|failed|lang)=[^&]*/g, '$1').replace(/[?&]+$/, '');
      window.localStorage.setItem(key, JSON.stringify([...load().filter((y) => y.name !== name), { name, query }].slice(-20)));
      if (input instanceof HTMLInputElement) input.value = '';
      render();
    });
  }

  // The composer: saved replies, the count against the platform's limit, the soft lock.
  const box = byId('reply');
  if (box instanceof HTMLTextAreaElement) {
    const count = byId('count');
    const max = Number(box.getAttribute('data-max') || 0);
    const update = () => {
      if (!count) return;
      const n = Array.from(box.value).length;
      count.textContent = max ? `${n} / ${max}` : String(n);
      count.classList.toggle('over', max > 0 && n > max);
    };
    // A draft survives a reload, an expired session or a failed post, until it is sent.
    const draftKey = `wecare-draft:${box.getAttribute('data-lock') || location.pathname}`;
    const store = window.sessionStorage;
    if (/[?&]done=(sent|queued)\b/.test(location.search)) store.removeItem(draftKey);
    else if (!box.value && store.getItem(draftKey)) box.value = store.getItem(draftKey) || '';
    box.addEventListener('input', () => {
      update();
      if (box.value) store.setItem(draftKey, box.value);
      else store.removeItem(draftKey);
    });
    update();
    for (const b of Array.from(doc.querySelectorAll('button[data-insert]'))) {
      b.addEventListener('click', () => {
        const text = b.getAttribute('data-insert') || '';
        const start = box.selectionStart ?? box.value.length;
        const end = box.selectionEnd ?? box.value.length;
        box.setRangeText(text, start, end, 'end');
        box.focus();
        box.dispatchEvent(new Event('input'));
      });
    }
    const lockUrl = box.getAttribute('data-lock');
    let locked = false;
    box.addEventListener('focus', async () => {
      if (!lockUrl || locked) return;
      locked = true;
      try {
        const res = await fetch(lockUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf }, body: '{}', credentials: 'same-origin' });
        const warn = byId('lock-warning');
        if (res.status === 409 && warn) {
          const body = await res.json().catch(() => ({}));
          warn.hidden = false;
          warn.textContent = (body && body.error && body.error.message) || warn.textContent;
        }
      } catch {
        locked = false;
      }
    });
  }
})();
