/**
 * Values a bus already holds decoded, by record (prefixed topic, partition, offset), with the
 * schema that validated them. Every consumer group of a process reads the same records, and
 * each would otherwise fetch, parse and validate them again; and in one process (the default
 * mode) the producer that appended a record holds its validated value already. Handlers share a
 * value, and must not change it. Bounded: the oldest go first.
 */
export class DecodedValues {
  readonly #values = new Map<string, { schema: unknown; value: unknown }>();

  constructor(private readonly kept = 20_000) {}

  static key(topic: string, partition: number, offset: bigint): string {
    return `${topic}\u0000${partition}\u0000${offset}`;
  }

  /** The value of a record, if held and validated by the same schema. */
  get(topic: string, partition: number, offset: bigint, schema: unknown): { value: unknown } | undefined {
    const entry = this.#values.get(DecodedValues.key(topic, partition, offset));
    return entry && entry.schema === schema ? { value: entry.value } : undefined;
  }

  set(topic: string, partition: number, offset: bigint, schema: unknown, value: unknown): void {
    this.#values.set(DecodedValues.key(topic, partition, offset), { schema, value });
    if (this.#values.size > this.kept) this.#values.delete(this.#values.keys().next().value as string);
  }
}
