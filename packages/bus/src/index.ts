export {
  allTopics,
  backlogOf,
  consumerGroups,
  type GroupDef,
  groupName,
  groupsOf,
  type NoticeTopic,
  noticeTopics,
  type ServiceGroups,
  topics,
} from './catalogue.ts';
export { createEmbeddedBus, type EmbeddedBusOptions } from './embedded-bus.ts';
export { createKafkaBus, type KafkaBusOptions } from './kafka-bus.ts';
export {
  type GroupLagReading,
  type GroupMembersReading,
  type LagMonitor,
  type LagView,
  type MonitoredGroup,
  startLagMonitor,
} from './lag-monitor.ts';
export { murmur2, partitionForKey } from './partitioner.ts';
export { isolatePoison, isRetriableFault, type PoisonRecord } from './poison.ts';
export {
  defineStep,
  type Emit,
  EVENT_CONTENT_TYPE,
  runStep,
  type StepCounters,
  type StepDef,
  type StepReject,
  type StepResult,
  setAsideEntry,
  stepCounters,
  stepLatencyBucketsMs,
  UNREADABLE_CONTENT_TYPE,
} from './step.ts';
export {
  type Bus,
  type BusMessage,
  type Consumer,
  type ConsumerOptions,
  defineTopic,
  type GroupLag,
  type GroupMembers,
  type InvalidMessage,
  lastOfEachPartition,
  type OwnMember,
  type Producer,
  type SendOptions,
  type SentRecord,
  type TopicDef,
  type TopicValue,
} from './topic.ts';
