// A worker thread starts here: TypeScript loads through tsx's hooks, which a new thread does not
// inherit from its parent, then the worker script named in workerData runs.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.script);
