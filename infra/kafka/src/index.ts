export {
  type BrokerHandle,
  cleanStaleBrokers,
  listBrokers,
  type StartOptions,
  startKafka,
  stopBroker,
} from './broker.ts';
export { defaultCacheRoot, KAFKA_VERSION, resolveKafka } from './resolve.ts';
