import { type Notice, viewFor } from '@ggzy/domain';

/**
 * What the national platform may see of a notice (packages/domain privacy.ts), made once per
 * notice object: the OCDS and data-spec channels both build from the same decoded notice. Notices
 * are values — nothing changes one after it is decoded (the content hash relies on the same) — so
 * the object is as good a key as its content.
 */
export function nationalView<N extends Notice>(notice: N): N {
  let view = views.get(notice);
  if (view === undefined) {
    view = viewFor('national-platform', notice);
    views.set(notice, view);
  }
  return view as N;
}

const views = new WeakMap<Notice, Notice>();
