/**
 * What the CLI's commands are built from, for the tests that drive them in-process: the HTTP
 * app `ggzy start` serves, and the streamed exports. The command line itself is main.ts.
 */
export {
  type DataSpecExportSummary,
  EXPORT_PAGE_SIZE,
  type ExportWindow,
  exportDataSpec,
  exportOcds,
  type OcdsExportSummary,
} from './export-stream.ts';
export { buildHttpApp, type HttpAppOptions } from './http-app.ts';
export { exchangeOptions } from './run-services.ts';
