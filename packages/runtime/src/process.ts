/**
 * Whether a process with this pid exists (ours or not: EPERM means it exists). Pids 0 and below
 * address process groups — 0 is our own — and 1 is init: none of them is ever "a process we
 * started", so they answer false and can never be signalled by mistake.
 */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 1) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
