/**
 * A project's lots (标段/包) as its notices describe them, merged by lot code in publication
 * order: a later notice completes or corrects what an earlier one said about the same lot.
 */
export interface ProjectPart {
  lotCode?: string;
  lots?: ({ lotCode: string } & Record<string, unknown>)[];
}

export function mergeLots(
  projects: readonly ProjectPart[],
): ({ lotCode: string } & Record<string, unknown>)[] {
  const lots = new Map<string, { lotCode: string } & Record<string, unknown>>();
  for (const project of projects) {
    for (const lot of project.lots ?? []) lots.set(lot.lotCode, { ...lots.get(lot.lotCode), ...lot });
    // A notice about one lot names it without describing it.
    if (project.lotCode && !lots.has(project.lotCode))
      lots.set(project.lotCode, { lotCode: project.lotCode });
  }
  return [...lots.values()];
}
