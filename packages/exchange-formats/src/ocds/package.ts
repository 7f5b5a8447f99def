import { compileReleases } from './merge.ts';
import type {
  LinkedRelease,
  OcdsRecord,
  Publisher,
  RecordPackage,
  Release,
  ReleasePackage,
} from './types.ts';

/**
 * Release and record packages (release-package-schema.json, record-package-schema.json, OCDS
 * 1.1): the envelope in which releases travel, with the metadata a consumer needs to cite them.
 */
export interface PackageMeta {
  /** Where this package can be fetched; the standard asks for a stable URI. */
  uri: string;
  publishedDate: string;
  publisher: Publisher;
  license?: string;
  publicationPolicy?: string;
}

function header(meta: PackageMeta) {
  return {
    uri: meta.uri,
    version: '1.1' as const,
    publishedDate: meta.publishedDate,
    publisher: meta.publisher,
    ...(meta.license ? { license: meta.license } : {}),
    ...(meta.publicationPolicy ? { publicationPolicy: meta.publicationPolicy } : {}),
  };
}

export function toReleasePackage(releases: readonly Release[], meta: PackageMeta): ReleasePackage {
  return { ...header(meta), releases: [...releases] };
}

/**
 * A record package: one record per ocid, each with its releases (embedded, or linked by URL
 * when `releaseUrl` is given, as in the official sample) and its compiled release.
 */
export function toRecordPackage(
  releases: readonly Release[],
  meta: PackageMeta & { packages?: string[]; releaseUrl?: (release: Release) => string },
): RecordPackage {
  const byOcid = new Map<string, Release[]>();
  for (const release of releases) {
    const list = byOcid.get(release.ocid) ?? [];
    list.push(release);
    byOcid.set(release.ocid, list);
  }
  const records: OcdsRecord[] = [...byOcid].map(([ocid, list]) => {
    const link = meta.releaseUrl;
    const linked: LinkedRelease[] | Release[] = link
      ? list.map((r) => ({ url: link(r), date: r.date, tag: r.tag }))
      : list;
    return { ocid, releases: linked, compiledRelease: compileReleases(list) };
  });
  return {
    ...header(meta),
    ...(meta.packages && meta.packages.length > 0 ? { packages: meta.packages } : {}),
    records,
  };
}
