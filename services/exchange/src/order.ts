/**
 * Which records may be sent now. Records of one project go strictly in outbox order: only a
 * project's oldest undelivered record (its head) is ever a candidate, so a retrying or refused
 * record holds back the rest of its project, and nothing else. Different projects go in
 * parallel, oldest head first, up to the free slots.
 */
export interface HeadCandidate {
  sequence: bigint;
  projectKey: string;
  state: string;
  /** Whether next_attempt_at has passed. */
  due: boolean;
}

/** Heads (one per project: its oldest undelivered row) that may go now, oldest first. */
export function dueHeads<T extends HeadCandidate>(
  heads: readonly T[],
  busyProjects: ReadonlySet<string>,
  slots: number,
): T[] {
  if (slots <= 0) return [];
  return heads
    .filter((head) => head.state === 'pending' && head.due && !busyProjects.has(head.projectKey))
    .sort((a, b) => (a.sequence < b.sequence ? -1 : a.sequence > b.sequence ? 1 : 0))
    .slice(0, slots);
}
