export {
  type BrokerHandle,
  type BrokerState,
  brokersToStop,
  type ClusterHandle,
  type ClusterNode,
  cleanStaleBrokers,
  listBrokers,
  type StartOptions,
  startKafka,
  startKafkaCluster,
  stopBroker,
} from './broker.ts';
export { defaultCacheRoot, KAFKA_VERSION, resolveKafka } from './resolve.ts';
