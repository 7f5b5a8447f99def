/** Value parsers and validators: pure functions over strings, each returning a {@link Check}. */
export * from './check.ts';
export * from './company-name.ts';
export * from './credit-code.ts';
export * from './datetime.ts';
export * from './masking.ts';
export * from './money.ts';
export * from './region.ts';
export * from './resident-id.ts';
