export {
  type Database,
  type DatabaseHandle,
  type DatabaseTarget,
  openDatabase,
  pingDatabase,
  type Schema,
} from './client.ts';
export {
  LeaderLock,
  type LeaderLockOptions,
  type LeaderRole,
  type Leadership,
  type LockKeys,
  lockFence,
  lockHolder,
} from './leader-lock.ts';
export { type MigrationReport, migrateDatabase, migrationsFolder } from './migrate.ts';
export * as schema from './schema/index.ts';
