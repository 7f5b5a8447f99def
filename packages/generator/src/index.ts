// The domains a caller may restrict generation to, so callers need not depend on @ggzy/domain for them.
export { type Domain, domains } from '@ggzy/domain';
export { type CreditOptions, generateCreditRecords } from './credit.ts';
export { type DefectKind, defectKinds, getPath } from './defects.ts';
export { type Expectation, type GeneratedRecord, type GenerateOptions, generateNotices } from './generate.ts';
export { type PlantedPattern, type PlantedPatternId, plantedPatterns } from './patterns.ts';
export { Rng } from './prng.ts';
export {
  breakCheckChar,
  creditCode,
  dateStyles,
  formatDate,
  formatMoney,
  garbageAmounts,
  impossibleDates,
  moneyStyles,
} from './values.ts';
