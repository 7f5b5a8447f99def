export {
  type BrokerHandle,
  type BrokerState,
  brokersToStop,
  cleanStaleBrokers,
  listBrokers,
  type StartOptions,
  startKafka,
  stopBroker,
} from './broker.ts';
export { defaultCacheRoot, KAFKA_VERSION, resolveKafka } from './resolve.ts';
