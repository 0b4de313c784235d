/**
 * The desk's stylesheet and script, served as files (the Content-Security-Policy allows no inline
 * script or style). Plain JavaScript, no build step: the pages work without it for reading and
 * acting; with it they update live (Server-Sent Events) and take keyboard shortcuts.
 */

export const DESK_CSS = `
:root { --fg: #1b1b1b; --muted: #555; --bg: #fff; --line: #ccc; --accent: #0b57d0; --bad: #a50e0e; --ok: #0a6b2b; --warn: #7a4d00; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, sans-serif; color: var(--fg); background: var(--bg); }
header { background: #f3f3f3; border-bottom: 1px solid var(--line); padding: .5rem 1rem; }
header nav { display: flex; gap: 1rem; align-items: center; flex-wrap: wrap; }
header .who { margin-left: auto; color: var(--muted); }
main { padding: 1rem; max-width: 72rem; }
a { color: var(--accent); }
a:focus, button:focus, input:focus, select:focus { outline: 3px solid #f0b400; outline-offset: 2px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
tr.current { background: #fff6d5; }
.state { display: inline-block; padding: 0 .4rem; border: 1px solid currentColor; border-radius: 3px; font-size: .85rem; }
.state-pending { color: var(--warn); } .state-held { color: var(--muted); } .state-approved { color: var(--ok); }
.state-killed { color: var(--bad); } .state-superseded { color: var(--muted); }
form.filters { display: flex; flex-wrap: wrap; gap: .75rem; align-items: end; margin-bottom: 1rem; }
form.filters label { display: flex; flex-direction: column; font-size: .85rem; }
.counts { display: flex; gap: 1rem; margin: .5rem 0 1rem; padding: 0; list-style: none; }
.actions { display: flex; gap: .5rem; margin: 1rem 0; }
.actions form { margin: 0; }
button { font: inherit; padding: .3rem .8rem; }
.notice { border: 2px solid var(--bad); padding: .5rem 1rem; margin: 1rem 0; }
.notice[hidden] { display: none; }
.evidence { color: var(--muted); font-size: .85rem; }
figure { margin: 1rem 0; border-top: 1px solid var(--line); padding-top: .5rem; }
figure img { max-width: 24rem; height: auto; }
dl.credit { display: grid; grid-template-columns: max-content 1fr; gap: 0 1rem; margin: .5rem 0; }
dl.credit dt { color: var(--muted); }
.body { max-width: 42rem; }
form.edit label { display: inline-flex; flex-direction: column; margin: .25rem 1rem .25rem 0; }
form.edit fieldset { margin: 1rem 0; }
.login { max-width: 22rem; }
.login label { display: block; margin: .5rem 0; }
.login input { display: block; width: 100%; padding: .3rem; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
kbd { border: 1px solid var(--line); border-radius: 3px; padding: 0 .25rem; font-size: .85rem; }
.state-rejected { color: var(--bad); text-decoration: line-through; }
.actions { flex-wrap: wrap; align-items: end; }
.note-label { display: flex; flex-direction: column; font-size: .85rem; }
blockquote#story-note { border-left: 4px solid var(--line); margin: .5rem 0; padding: .25rem 1rem; white-space: pre-wrap; }
mark.evidence-mark { background: #fff1a8; outline: 1px dashed var(--warn); }
.evidence-label { color: var(--muted); font-size: .8rem; font-style: italic; }
form.compare { display: flex; flex-wrap: wrap; gap: .75rem; align-items: end; margin: 1rem 0; }
form.compare label { display: flex; flex-direction: column; font-size: .85rem; }
.diff { white-space: pre-wrap; max-width: 48rem; border: 1px solid var(--line); padding: .5rem 1rem; }
.diff ins { color: var(--ok); background: #e3f5e8; text-decoration: underline; }
.diff del { color: var(--bad); background: #fbe6e6; text-decoration: line-through; }
.diff-sign { font-weight: bold; padding-right: .1rem; }
form.inline { display: inline-block; margin: 0 .25rem .25rem 0; }
.feed-paused { color: var(--bad); } .feed-backoff { color: var(--warn); } .feed-active { color: var(--ok); }
.state-embargoed { color: var(--warn); }
pre.content { max-height: 32rem; overflow: auto; border: 1px solid var(--line); padding: .5rem; white-space: pre-wrap; word-break: break-all; }
pre.hex { white-space: pre; }
form.danger fieldset { border: 2px solid var(--bad); margin: 1rem 0; }
`;

export const DESK_JS = `'use strict';
(function () {
  var body = document.body;
  var live = document.getElementById('live');
  function say(text) { if (live) live.textContent = text; }
  var storyId = body.getAttribute('data-story-id');
  var onQueue = body.getAttribute('data-page') === 'queue';

  // Live updates: a story entering review or changing state, from any editor or feed. Whenever the
  // stream (re)opens, the page catches up on what changed since it was rendered.
  if (window.EventSource && (onQueue || storyId)) {
    var events = new EventSource(body.getAttribute('data-events'));
    events.addEventListener('open', function () {
      if (onQueue) refreshQueue(null);
      else catchUp();
    });
    events.addEventListener('review', function (e) {
      var change;
      try { change = JSON.parse(e.data); } catch (err) { return; }
      showChange(change);
    });
  }

  function catchUp() {
    fetch(location.href, { credentials: 'same-origin', headers: { accept: 'text/html' } }).then(function (r) { return r.text(); }).then(function (text) {
      var doc = new DOMParser().parseFromString(text, 'text/html');
      var fresh = doc.getElementById('story-state');
      var old = document.getElementById('story-state');
      if (fresh && old && fresh.textContent !== old.textContent) showChange({ id: storyId, state: fresh.textContent, by: null });
    }).catch(function () {});
  }

  function showChange(change) {
    {
      if (storyId && change.id === storyId) {
        var badge = document.getElementById('story-state');
        if (badge) { badge.textContent = change.state; badge.className = 'state state-' + change.state; }
        if (change.state !== 'pending' && change.state !== 'held') {
          var buttons = document.querySelectorAll('.actions button');
          for (var i = 0; i < buttons.length; i++) buttons[i].disabled = true;
          var notice = document.getElementById('state-notice');
          if (notice) {
            notice.hidden = false;
            notice.textContent = 'This story is now ' + change.state + (change.by ? ' (by ' + change.by + ')' : '') + ': actions are disabled.';
          }
        }
        say('Story is now ' + change.state);
      }
      if (onQueue) refreshQueue(change);
    }
  }

  function refreshQueue(change) {
    fetch(location.href, { credentials: 'same-origin', headers: { accept: 'text/html' } }).then(function (r) { return r.text(); }).then(function (text) {
      var doc = new DOMParser().parseFromString(text, 'text/html');
      ['queue-list', 'queue-counts'].forEach(function (id) {
        var fresh = doc.getElementById(id);
        var old = document.getElementById(id);
        if (fresh && old) old.replaceWith(fresh);
      });
      if (change) say(change.state === 'pending' ? 'A story arrived for review' : 'A story is now ' + change.state);
    }).catch(function () {});
  }

  // Keyboard: j/k move through the queue, Enter opens; on a story a approves, h holds, e edits, u goes back.
  var rows = function () { return Array.prototype.slice.call(document.querySelectorAll('#queue-list tbody tr')); };
  var current = -1;
  function move(step) {
    var list = rows();
    if (!list.length) return;
    if (list[current]) list[current].classList.remove('current');
    current = Math.max(0, Math.min(list.length - 1, current + step));
    list[current].classList.add('current');
    var link = list[current].querySelector('a');
    if (link) link.focus();
  }
  function submit(action) {
    var button = document.querySelector('form[data-action="' + action + '"] button');
    if (button && !button.disabled) button.click();
  }
  document.addEventListener('keydown', function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    var tag = (e.target && e.target.tagName) || '';
    if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT') return;
    if (onQueue && e.key === 'j') { move(1); e.preventDefault(); }
    else if (onQueue && e.key === 'k') { move(-1); e.preventDefault(); }
    else if (storyId && e.key === 'a') { submit('approve'); }
    else if (storyId && e.key === 'h') { submit('hold'); }
    else if (storyId && e.key === 'u') { location.href = body.getAttribute('data-base'); }
    else if (storyId && e.key === 'e') { var edit = document.querySelector('.actions a'); if (edit) location.href = edit.href; }
  });
})();
`;
