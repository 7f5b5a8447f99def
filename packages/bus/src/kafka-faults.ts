import kafkajs from 'kafkajs';

// kafkajs is CommonJS and spreads its error classes into its exports, which Node cannot name for an
// ES module import: they are read off the default export.
const { KafkaJSError, KafkaJSNumberOfRetriesExceeded } = kafkajs;

/**
 * What a kafkajs error means for the work that met it, by the client's own classification (its
 * error classes and their `retriable` flag), never by message text: `transient` when the broker
 * may answer later, `permanent` when the request itself is refused (a record too large, a topic
 * that may not be written). Undefined for an error that did not come from kafkajs.
 */
export function kafkaFault(error: unknown): 'transient' | 'permanent' | undefined {
  for (let e = error, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
    // The client gave up retrying something it deemed retriable: the broker stayed away.
    if (e instanceof KafkaJSNumberOfRetriesExceeded) return 'transient';
    if (e instanceof KafkaJSError) return e.retriable ? 'transient' : 'permanent';
  }
  return undefined;
}
