import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** CPU time (user + system, ms) of one process and the children it has waited for, from /proc. */
function processCpuMs(pid: number): { own: number; children: number; ppid: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may hold spaces: state is field 3.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const tick = 10; // USER_HZ is 100 on Linux
    const [utime, stime, cutime, cstime] = [11, 12, 13, 14].map((field) => Number(fields[field]));
    return { own: (utime! + stime!) * tick, children: (cutime! + cstime!) * tick, ppid: Number(fields[1]) };
  } catch {
    return undefined;
  }
}

/**
 * CPU time so far of the ggzy process and of a PostgreSQL server (its postmaster, every backend
 * alive, and the backends that have exited), in ms; Linux only (undefined elsewhere).
 */
export function cpuSnapshot(
  ggzyPid: number,
  pgData: string,
): { ggzyMs: number; postgresMs: number } | undefined {
  if (process.platform !== 'linux') return undefined;
  const ggzy = processCpuMs(ggzyPid);
  const postmaster = Number(readFileSync(join(pgData, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const server = processCpuMs(postmaster);
  if (!ggzy || !server) return undefined;
  let postgresMs = server.own + server.children;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const child = processCpuMs(Number(entry));
    if (child?.ppid === postmaster) postgresMs += child.own;
  }
  return { ggzyMs: ggzy.own, postgresMs };
}
