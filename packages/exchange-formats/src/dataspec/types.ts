/** One validator of a V4 field, as the catalogue writes it (`ValidatorName` and its parameters). */
export type V4Validator = {
  ValidatorName: string;
  FixedLength?: number;
  /** A spelling of FixedLength some V4 files use (511, 513). */
  FixLength?: number;
  MaxLength?: number;
  MinLength?: number;
  Format?: string;
  IntegerFigures?: number;
  DecimalFigures?: number;
  EnumType?: string;
  Type?: string;
  Begin?: number;
  [parameter: string]: unknown;
};

export interface DataSetSpec {
  dataNo: string;
  /** table name in the spec, e.g. WIN_RESULT_ANNO */
  table: string;
  /** Chinese name, e.g. 中标结果公告 (the receiver's DataCnName: TITLE DATA_CN) */
  label: string;
  /**
   * The receiver's duplicate check (RepeatCols): an insert whose values of all these fields match
   * a record it holds is refused, so two records of one notice must differ in one of them.
   */
  repeatCols: readonly string[];
  /** Whole-record rules the receiver runs (e.g. BID_AMOUNT: an amount over 30亿元 is refused). */
  tableValidators: readonly string[];
  fields: readonly { name: string; label: string; validators: readonly V4Validator[] }[];
}

/** A record of a data set: V4 field name → value, always text (numbers and dates formatted). */
export type DataSpecRecord = Record<string, string>;

export type MessageType = 'insert' | 'update' | 'delete';

/** One message to the national platform: a record of one data set and what to do with it. */
export interface DataSpecMessage {
  dataNo: string;
  table: string;
  messageType: MessageType;
  /** The project the record belongs to (project.ts `projectKey`): messages of one key stay in order. */
  projectKey: string;
  /**
   * The record's own part of its DATA_KEY (envelope.ts `dataKeyOf`): the same for every version
   * of the record, so an update and a delete name the record the insert created.
   */
  recordKey: string;
  /** The notice version the record was made from: a record's messages go out in version order. */
  version: number;
  record: DataSpecRecord;
}

/** A record failing a V4 validator: the field, the validator's name, and why. */
export interface Problem {
  dataNo: string;
  field: string;
  validator: string;
  message: string;
  value?: string;
}
