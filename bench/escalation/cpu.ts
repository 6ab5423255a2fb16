// CPU time of the processes a benchmark drives, from /proc (Linux): where the work of one request
// goes is visible even when the machine is busy with other things, unlike latency.
import { readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ is 100 on Linux

function stat(pid: number) {
  const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = s.slice(s.lastIndexOf(')') + 2).split(' '); // fields from #3 (state) on
  return { ppid: Number(f[1]), cpuMs: (Number(f[11]) + Number(f[12])) * TICK_MS };
}

/** CPU milliseconds used so far by a process. */
export function processCpuMs(pid: number) {
  return stat(pid).cpuMs;
}

/** CPU milliseconds used so far by the live children of a process (PostgreSQL backends of a postmaster). */
export function childrenCpuMs(parentPid: number) {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const s = stat(Number(entry));
      if (s.ppid === parentPid) total += s.cpuMs;
    } catch {
      // the process ended while we looked
    }
  }
  return total;
}

export function parentOf(pid: number) {
  return stat(pid).ppid;
}
