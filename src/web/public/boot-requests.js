/*
 * Starts the OKR page's API requests while the app's JavaScript is still downloading (issue 15): a
 * classic script in <head>, run as soon as it arrives, so the server answers who is signed in, the
 * cycles and the objectives of the cycle in the address (else the one this browser showed last) in
 * parallel with the download instead of after it. The app takes each response once, only if it
 * succeeded and before anything is changed (src/web/api/client.ts); unused ones are dropped. Plain
 * JavaScript, not bundled: it must not wait for the bundle. No other page gets them.
 */
(function () {
  var path = location.pathname;
  if (path !== '/' && path !== '/okrs') return;
  var cycleId = new URLSearchParams(location.search).get('cycle');
  try {
    cycleId = cycleId || localStorage.getItem('pacer.lastShownCycle');
  } catch {
    // Storage may be off (private mode, policy): the app then asks for the objectives itself.
  }
  var requests = {};
  function start(apiPath) {
    requests[apiPath] = fetch('/api/v1' + apiPath, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    // A failed request is the app's to retry; nobody waits on this promise's rejection.
    requests[apiPath].catch(function () {});
  }
  // In the order the server should answer them: the small ones first, the large list last.
  start('/setup');
  start('/me');
  start('/cycles');
  if (cycleId) start('/objectives?cycleId=' + encodeURIComponent(cycleId));
  window.pacerEarlyResponses = { startedAt: Date.now(), requests: requests };
})();
