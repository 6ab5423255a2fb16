// Preloaded into the server process by bench/load (NODE_OPTIONS=--import …/server-probe.mjs):
// measures how late the event loop ran, second by second, and writes it to SERVER_PROBE_FILE when
// the process exits; with CPU_PROFILE_DIR set it also writes a CPU profile (.cpuprofile, Chrome
// DevTools format) there. It changes nothing in the server; `--cpu-prof` is not allowed in NODE_OPTIONS.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const out = process.env.SERVER_PROBE_FILE;
if (out) {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const seconds = [];
  const timer = setInterval(() => {
    seconds.push({ at: Date.now(), maxMs: delay.max / 1e6, p99Ms: delay.percentile(99) / 1e6 });
    delay.reset();
  }, 1000);
  timer.unref();
  process.on('exit', () => writeFileSync(out, JSON.stringify({ eventLoopDelay: seconds })));
}

const profileDir = process.env.CPU_PROFILE_DIR;
if (profileDir) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 1000 });
  session.post('Profiler.start');
  process.on('exit', () => {
    // An in-process inspector session answers synchronously, so this runs before the process ends.
    session.post('Profiler.stop', (err, result) => {
      if (!err)
        writeFileSync(join(profileDir, `server-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
