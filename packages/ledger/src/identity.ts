import { type CreditEvent, creditContentHash, type NoticeEvent, noticeContentHash } from '@ggzy/domain';

/**
 * What the ledger classifies of each versioned thing: its id and the hash of its canonical
 * content (packages/domain content-hash.ts: equal content, equal hash, whatever the bytes).
 */
export interface Identity {
  id: string;
  contentHash: string;
}

export function noticeEventIdentity(event: NoticeEvent): Identity {
  return { id: event.data.id, contentHash: noticeContentHash(event.data) };
}

export function creditEventIdentity(event: CreditEvent): Identity {
  return { id: event.data.id, contentHash: creditContentHash(event.data) };
}
