// One file per area; drizzle-kit reads them all through this index.

export * from './audit.ts';
export * from './bus.ts';
export * from './credit.ts';
export * from './dlq.ts';
export * from './exchange.ts';
export * from './flags.ts';
export * from './raw.ts';
export * from './store.ts';
