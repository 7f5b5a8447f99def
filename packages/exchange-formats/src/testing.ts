/**
 * `@ggzy/exchange-formats/testing`: validators for the official OCDS 1.1.5 schemas in
 * ../shared/ocds (JSON Schema draft-04, ajv-draft-04), for the unit tests here and the
 * integration tests that check what the exporter and the exchange emit. Test-only: ajv is a dev
 * dependency of this package.
 */
import { readFileSync } from 'node:fs';
import AjvDraft04, { type ValidateFunction } from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';

/** CI checks the repository out with ../shared beside it (the official schemas and samples). */
export const sharedOcdsDir = new URL('../../../../shared/ocds/', import.meta.url);

/** A file of ../shared/ocds, parsed. */
export function sharedOcds(path: string): unknown {
  return JSON.parse(readFileSync(new URL(path, sharedOcdsDir), 'utf8'));
}

// Both are CommonJS modules that also set `exports.default`; under NodeNext the default import is
// the module object, so the class and the plugin are its `default`.
const Ajv = AjvDraft04.default;
const addFormats = ajvFormats.default;

export interface OcdsValidators {
  release: ValidateFunction;
  releasePackage: ValidateFunction;
  recordPackage: ValidateFunction;
}

/** Compiled validators for a release, a release package and a record package. */
export function ocdsValidators(): OcdsValidators {
  const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });
  addFormats(ajv);
  // OCDS metadata keywords (codelists, merge rules): annotations for tools, no validation of their own.
  for (const keyword of [
    'codelist',
    'openCodelist',
    'omitWhenMerged',
    'wholeListMerge',
    'versionId',
    'deprecated',
  ]) {
    ajv.addKeyword({ keyword });
  }
  for (const name of [
    'release-schema',
    'versioned-release-validation-schema',
    'release-package-schema',
    'record-package-schema',
  ]) {
    ajv.addSchema(sharedOcds(`${name}.json`) as object);
  }
  const get = (name: string): ValidateFunction => {
    const validate = ajv.getSchema(`https://standard.open-contracting.org/schema/1__1__5/${name}.json`);
    if (!validate) throw new Error(`schema ${name} not loaded`);
    return validate;
  };
  return {
    release: get('release-schema'),
    releasePackage: get('release-package-schema'),
    recordPackage: get('record-package-schema'),
  };
}

export {
  dataSpecTestContext,
  dataSpecTestPlatform,
  tenderProjectCode,
  withNationalCodes,
} from './dataspec/testing/notices.ts';
export {
  DataSpecReceiverDouble,
  type ReceiverOptions,
  type ReceiverReply,
} from './dataspec/testing/receiver.ts';
